package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The portal's server-side sessions, so that several serve processes share
// them. A session is keyed by the SHA-256 of its cookie's token (a copy of
// the table hands out no live cookie) and belongs to one account once bound
// at login; a session that is not bound is never found.

// FindWebSession returns the data of a bound session that has not expired at now.
func (w *Warehouse) FindWebSession(ctx context.Context, tokenHash string, now time.Time) ([]byte, bool, error) {
	var data []byte
	stmt, err := w.prepared(ctx, `SELECT data FROM web_sessions WHERE token_hash = ? AND account_id IS NOT NULL AND expiry > ?`)
	if err != nil {
		return nil, false, fmt.Errorf("read session: %w", err)
	}
	err = stmt.GetContext(ctx, &data, tokenHash, instant(now))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read session: %w", err)
	}
	return data, true, nil
}

// FindWebSessionAccount is FindWebSession with the account the session is
// bound to, in one query: what every request of a logged-in person reads.
func (w *Warehouse) FindWebSessionAccount(ctx context.Context, tokenHash string, now time.Time) ([]byte, Account, bool, error) {
	stmt, err := w.prepared(ctx, `SELECT s.data, a.`+strings.ReplaceAll(accountColumns, ", ", ", a.")+`
FROM web_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expiry > ?`)
	if err != nil {
		return nil, Account{}, false, fmt.Errorf("read session: %w", err)
	}
	var row struct {
		Data []byte `db:"data"`
		accountRow
	}
	err = stmt.GetContext(ctx, &row, tokenHash, instant(now))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Account{}, false, nil
	}
	if err != nil {
		return nil, Account{}, false, fmt.Errorf("read session: %w", err)
	}
	return row.Data, row.account(), true, nil
}

// CommitWebSession stores a session's data and expiry, keeping the account it
// is bound to.
func (w *Warehouse) CommitWebSession(ctx context.Context, tokenHash string, data []byte, expiry time.Time) error {
	q := `INSERT INTO web_sessions (token_hash, data, expiry) VALUES (?, ?, ?) ` +
		upsert(w.db.Dialect, []string{"token_hash"}, "data", "expiry")
	if _, err := w.db.ExecContext(ctx, w.db.Rebind(q), tokenHash, data, instant(expiry)); err != nil {
		return fmt.Errorf("store session: %w", err)
	}
	return nil
}

// DeleteWebSession ends one session.
func (w *Warehouse) DeleteWebSession(ctx context.Context, tokenHash string) error {
	if _, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM web_sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// BindWebSession makes a stored session the account's one session: every
// other session of the account ends.
func (w *Warehouse) BindWebSession(ctx context.Context, tokenHash string, account int64) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM web_sessions WHERE account_id = ? AND token_hash <> ?`), account, tokenHash); err != nil {
		return fmt.Errorf("bind session: %w", err)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE web_sessions SET account_id = ? WHERE token_hash = ?`), account, tokenHash); err != nil {
		return fmt.Errorf("bind session: %w", err)
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM web_sessions WHERE token_hash = ?`), tokenHash); err != nil {
		return fmt.Errorf("bind session: %w", err)
	}
	if n == 0 {
		return errors.New("bind session: the session is not stored")
	}
	return tx.Commit()
}

// EndWebSessions ends every session of an account (disabled, or its password reset).
func (w *Warehouse) EndWebSessions(ctx context.Context, account int64) error {
	if _, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM web_sessions WHERE account_id = ?`), account); err != nil {
		return fmt.Errorf("end sessions of account %d: %w", account, err)
	}
	return nil
}

// DeleteExpiredWebSessions removes the sessions expired at now.
func (w *Warehouse) DeleteExpiredWebSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM web_sessions WHERE expiry <= ?`), instant(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
