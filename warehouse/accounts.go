package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"zhengzhi/sqldb"
)

// The portal's accounts. What a role may see, how a password is checked and
// when an account locks are package account's rules; the warehouse keeps the rows.

// ErrLoginTaken means an account with the same login exists.
var ErrLoginTaken = errors.New("该登录名已有账号")

// ErrNoAccount means no account has the id or login asked for.
var ErrNoAccount = errors.New("没有这个账号")

// Account is one person's account on the portal.
type Account struct {
	ID    int64
	Login string
	// Unit is the registry code of the account's unit; Role one of the
	// portal's roles (province, leader, city, county).
	Unit string
	Role string
	// Admin and Auditor are the duties granted apart from the role.
	Admin   bool
	Auditor bool
	// Demo marks the accounts the demo creates (演示账号).
	Demo     bool
	Disabled bool
	// PasswordHash is an argon2id PHC string; PasswordTemporary means it must
	// be changed at the next login.
	PasswordHash      string
	PasswordTemporary bool
	PasswordChangedAt time.Time
	// TOTPSecret is the base32 secret of the second factor, "" when none is
	// enrolled; TOTPLastStep the newest time step used, so a code is not
	// accepted twice.
	TOTPSecret   string
	TOTPLastStep int64
	// FailedLogins counts failed logins in a row; LockedUntil is zero unless
	// the account is locked.
	FailedLogins    int
	LockedUntil     time.Time
	CreatedAt       time.Time
	LastLoginAt     time.Time
	PreviousLoginAt time.Time
}

// accountRow is how an account comes back from any engine.
type accountRow struct {
	ID                int64          `db:"id"`
	Login             string         `db:"login"`
	Unit              string         `db:"unit"`
	Role              string         `db:"role"`
	Admin             bool           `db:"is_admin"`
	Auditor           bool           `db:"is_auditor"`
	Demo              bool           `db:"demo"`
	Disabled          bool           `db:"disabled"`
	PasswordHash      string         `db:"password_hash"`
	PasswordTemporary bool           `db:"password_temporary"`
	PasswordChangedAt time.Time      `db:"password_changed_at"`
	TOTPSecret        sql.NullString `db:"totp_secret"`
	TOTPLastStep      int64          `db:"totp_last_step"`
	FailedLogins      int            `db:"failed_logins"`
	LockedUntil       sql.NullTime   `db:"locked_until"`
	CreatedAt         time.Time      `db:"created_at"`
	LastLoginAt       sql.NullTime   `db:"last_login_at"`
	PreviousLoginAt   sql.NullTime   `db:"previous_login_at"`
}

const accountColumns = `id, login, unit, role, is_admin, is_auditor, demo, disabled, password_hash, password_temporary, ` +
	`password_changed_at, totp_secret, totp_last_step, failed_logins, locked_until, created_at, last_login_at, previous_login_at`

func (r accountRow) account() Account {
	return Account{ID: r.ID, Login: r.Login, Unit: r.Unit, Role: r.Role, Admin: r.Admin, Auditor: r.Auditor,
		Demo: r.Demo, Disabled: r.Disabled, PasswordHash: r.PasswordHash, PasswordTemporary: r.PasswordTemporary,
		PasswordChangedAt: r.PasswordChangedAt.UTC(), TOTPSecret: r.TOTPSecret.String, TOTPLastStep: r.TOTPLastStep,
		FailedLogins: r.FailedLogins, LockedUntil: nullTime(r.LockedUntil), CreatedAt: r.CreatedAt.UTC(),
		LastLoginAt: nullTime(r.LastLoginAt), PreviousLoginAt: nullTime(r.PreviousLoginAt)}
}

// CreateAccount stores a new account with its first password, and returns
// its id; ErrLoginTaken when the login is in use. The password history
// keeps the newest keep passwords.
func (w *Warehouse) CreateAccount(ctx context.Context, a Account, keep int) (int64, error) {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM accounts WHERE login = ?`), a.Login); err != nil {
		return 0, fmt.Errorf("create account %s: %w", a.Login, err)
	}
	if n > 0 {
		return 0, fmt.Errorf("新建账号 %s：%w", a.Login, ErrLoginTaken)
	}
	args := []any{a.Login, a.Unit, a.Role, a.Admin, a.Auditor, a.Demo, a.PasswordHash, a.PasswordTemporary,
		instant(a.PasswordChangedAt), nullString(a.TOTPSecret), instant(a.CreatedAt)}
	q := `INSERT INTO accounts (login, unit, role, is_admin, is_auditor, demo, password_hash, password_temporary,
password_changed_at, totp_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	id, err := sqldb.InsertID(ctx, w.db.Dialect, tx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("create account %s: %w", a.Login, err)
	}
	if err := addPassword(ctx, tx, id, a.PasswordHash, a.PasswordChangedAt, keep); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// addPassword records a password in the account's history and forgets all
// but the newest keep.
func addPassword(ctx context.Context, tx execer, id int64, hash string, at time.Time, keep int) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO account_passwords (account_id, set_at, password_hash) VALUES (?, ?, ?)`),
		id, instant(at), hash); err != nil {
		return fmt.Errorf("password history of account %d: %w", id, err)
	}
	var times []time.Time
	if err := tx.SelectContext(ctx, &times, tx.Rebind(`SELECT set_at FROM account_passwords WHERE account_id = ? ORDER BY set_at DESC`), id); err != nil {
		return fmt.Errorf("password history of account %d: %w", id, err)
	}
	if len(times) > keep {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM account_passwords WHERE account_id = ? AND set_at <= ?`),
			id, instant(times[keep])); err != nil {
			return fmt.Errorf("password history of account %d: %w", id, err)
		}
	}
	return nil
}

// execer is what addPassword needs of a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	Rebind(query string) string
}

// Account reads an account by id; ErrNoAccount when there is none.
func (w *Warehouse) Account(ctx context.Context, id int64) (Account, error) {
	return w.account(ctx, `id = ?`, id)
}

// AccountByLogin reads an account by its login; ErrNoAccount when there is none.
func (w *Warehouse) AccountByLogin(ctx context.Context, login string) (Account, error) {
	return w.account(ctx, `login = ?`, login)
}

func (w *Warehouse) account(ctx context.Context, where string, arg any) (Account, error) {
	var row accountRow
	stmt, err := w.prepared(ctx, `SELECT `+accountColumns+` FROM accounts WHERE `+where)
	if err != nil {
		return Account{}, fmt.Errorf("read account: %w", err)
	}
	err = stmt.GetContext(ctx, &row, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNoAccount
	}
	if err != nil {
		return Account{}, fmt.Errorf("read account: %w", err)
	}
	return row.account(), nil
}

// Accounts lists every account, by login.
func (w *Warehouse) Accounts(ctx context.Context) ([]Account, error) {
	var rows []accountRow
	if err := w.db.Read.SelectContext(ctx, &rows, `SELECT `+accountColumns+` FROM accounts ORDER BY login`); err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	out := make([]Account, len(rows))
	for i, r := range rows {
		out[i] = r.account()
	}
	return out, nil
}

// RecentPasswords lists the hashes of the account's newest n passwords, the
// current one first.
func (w *Warehouse) RecentPasswords(ctx context.Context, id int64, n int) ([]string, error) {
	var out []string
	err := w.db.Read.SelectContext(ctx, &out, w.db.Rebind(`SELECT password_hash FROM account_passwords WHERE account_id = ?
ORDER BY set_at DESC LIMIT ?`), id, n)
	if err != nil {
		return nil, fmt.Errorf("password history of account %d: %w", id, err)
	}
	return out, nil
}

// SetPassword gives an account a new password — temporary after a reset by
// an admin, so it must be changed at the next login — and records it in the
// history, which keeps the newest keep. A new password also unlocks the
// account.
func (w *Warehouse) SetPassword(ctx context.Context, id int64, hash string, temporary bool, at time.Time, keep int) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE accounts SET password_hash = ?, password_temporary = ?, password_changed_at = ?,
failed_logins = 0, locked_until = NULL WHERE id = ?`), hash, temporary, instant(at), id)
	if err != nil {
		return fmt.Errorf("set password of account %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoAccount
	}
	if err := addPassword(ctx, tx, id, hash, at, keep); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDisabled disables an account or enables it again.
func (w *Warehouse) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return w.updateAccount(ctx, id, `disabled = ?`, disabled)
}

// SetFailedLogins stores an account's count of failed logins and its lock
// (none when lockedUntil is zero).
func (w *Warehouse) SetFailedLogins(ctx context.Context, id int64, failed int, lockedUntil time.Time) error {
	return w.updateAccount(ctx, id, `failed_logins = ?, locked_until = ?`, failed, instant(lockedUntil))
}

// SetTOTPSecret enrols (or, with "", removes) an account's second factor.
func (w *Warehouse) SetTOTPSecret(ctx context.Context, id int64, secret string) error {
	return w.updateAccount(ctx, id, `totp_secret = ?, totp_last_step = 0`, nullString(secret))
}

// SetAccountDuties changes an account's unit, role and duties.
func (w *Warehouse) SetAccountDuties(ctx context.Context, id int64, unit, role string, admin, auditor bool) error {
	return w.updateAccount(ctx, id, `unit = ?, role = ?, is_admin = ?, is_auditor = ?`, unit, role, admin, auditor)
}

func (w *Warehouse) updateAccount(ctx context.Context, id int64, set string, args ...any) error {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE accounts SET `+set+` WHERE id = ?`), append(args, id)...)
	if err != nil {
		return fmt.Errorf("update account %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// MySQL counts only changed rows: tell a missing account from an unchanged one.
		if _, err := w.Account(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// UseTOTPStep records that a second-factor code of the given time step was
// used; false when that step or a later one was used already, so a code
// cannot be replayed, even on another serve process.
func (w *Warehouse) UseTOTPStep(ctx context.Context, id, step int64) (bool, error) {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`), step, id, step)
	if err != nil {
		return false, fmt.Errorf("second factor of account %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CountFailedLogin rewrites an account's count of failed logins and its
// lock as next decides from the stored count, holding the row meanwhile so
// that two processes' failures are both counted; a zero lockedUntil stores
// no lock.
func (w *Warehouse) CountFailedLogin(ctx context.Context, id int64, next func(failed int) (int, time.Time)) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var failed int
	if err := tx.GetContext(ctx, &failed, tx.Rebind(`SELECT failed_logins FROM accounts WHERE id = ?`+rowLock(w.db.Dialect)), id); err != nil {
		return fmt.Errorf("failed login of account %d: %w", id, err)
	}
	failed, until := next(failed)
	if _, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE id = ?`), failed, instant(until), id); err != nil {
		return fmt.Errorf("failed login of account %d: %w", id, err)
	}
	return tx.Commit()
}

// LoginSucceeded forgets an account's failed logins and records the login's
// time, keeping the one before (what is new since the last visit is measured
// from it).
func (w *Warehouse) LoginSucceeded(ctx context.Context, id int64, at time.Time) error {
	return w.updateAccount(ctx, id, `failed_logins = 0, locked_until = NULL, previous_login_at = last_login_at, last_login_at = ?`, instant(at))
}
