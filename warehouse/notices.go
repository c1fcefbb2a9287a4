package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

// The states of a notice in the outbox.
const (
	NoticePending = "pending" // waiting for its next attempt
	NoticeSent    = "sent"    // delivered (an inbox notice is delivered when made)
	NoticeFailed  = "failed"  // every attempt failed; shown to the province office
)

// Notice is one row of the outbox: one event told to one recipient on one channel.
type Notice struct {
	ID int64 `db:"id" json:"id"`
	// Key is unique: the SHA-256 of event, recipient and channel.
	Key   string `db:"notice_key" json:"-"`
	Event string `db:"event" json:"event"`
	Kind  string `db:"kind" json:"kind"`
	// Recipient is "account:<login>" or "robot:<name>".
	Recipient string `db:"recipient" json:"recipient"`
	// Channel is inbox, mail or robot.
	Channel string `db:"channel" json:"channel"`
	// Address is the mail address, or the robot's name; never a secret.
	Address      string    `db:"address" json:"address"`
	Unit         string    `db:"unit" json:"unit"`
	Title        string    `db:"title" json:"title"`
	Body         string    `db:"body" json:"body"`
	Link         string    `db:"link" json:"link"`
	State        string    `db:"state" json:"state"`
	Attempts     int       `db:"attempts" json:"attempts"`
	NextAt       time.Time `db:"-" json:"next_at"`
	LastError    string    `db:"-" json:"last_error,omitempty"`
	CreatedAt    time.Time `db:"-" json:"created_at"`
	SentAt       time.Time `db:"-" json:"sent_at,omitzero"`
	ReadAt       time.Time `db:"-" json:"read_at,omitzero"`
	ClaimedUntil time.Time `db:"-" json:"-"`
}

// noticeRow is how a notice comes back from any engine.
type noticeRow struct {
	Notice
	NextAtRow       time.Time      `db:"next_at"`
	LastErrorRow    sql.NullString `db:"last_error"`
	CreatedAtRow    time.Time      `db:"created_at"`
	SentAtRow       sql.NullTime   `db:"sent_at"`
	ReadAtRow       sql.NullTime   `db:"read_at"`
	ClaimedUntilRow sql.NullTime   `db:"claimed_until"`
	ClaimedByRow    sql.NullString `db:"claimed_by"`
}

func (r noticeRow) notice() Notice {
	n := r.Notice
	n.NextAt = r.NextAtRow.UTC()
	n.LastError = r.LastErrorRow.String
	n.CreatedAt = r.CreatedAtRow.UTC()
	n.SentAt = nullTime(r.SentAtRow)
	n.ReadAt = nullTime(r.ReadAtRow)
	n.ClaimedUntil = nullTime(r.ClaimedUntilRow)
	return n
}

const noticeColumns = `id, notice_key, event, kind, recipient, channel, address, unit, title, body, link, state,
attempts, next_at, last_error, created_at, sent_at, read_at, claimed_until, claimed_by`

// ToldFile is a file, by content, that a recipient has been told of on a channel.
type ToldFile struct {
	Recipient string
	Channel   string
	SHA256    string
}

// insertIgnore is the dialect's INSERT that skips a row whose unique key exists.
func (w *Warehouse) insertIgnore(table, columns string, n int) string {
	marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	s := spellingOf(w.db.Dialect)
	return s.insertIgnore + " INTO " + table + " (" + columns + ") VALUES " + marks + s.onConflictNothing
}

// RecordEvent marks an event as planned, returning false when it already was:
// the caller then makes no notices for it.
func (w *Warehouse) RecordEvent(ctx context.Context, key, kind string, at time.Time) (bool, error) {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(w.insertIgnore("notice_events", "event_key, kind, recorded_at", 3)), key, kind, instant(at))
	if err != nil {
		return false, fmt.Errorf("notices: record event %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ForgetEvent removes an event's mark when its notices could not be stored,
// so that the next start plans it again.
func (w *Warehouse) ForgetEvent(ctx context.Context, key string) error {
	_, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM notice_events WHERE event_key = ?`), key)
	return err
}

// EventRecorded reports whether an event has been planned.
func (w *Warehouse) EventRecorded(ctx context.Context, key string) (bool, error) {
	var n int
	err := w.db.GetContext(ctx, &n, w.db.Rebind(`SELECT COUNT(*) FROM notice_events WHERE event_key = ?`), key)
	return n > 0, err
}

// EnqueueNotices stores notices and the files they tell of in one
// transaction; a notice whose key is already stored is skipped, and so is a
// told file. It returns how many notices were new. Two instances storing
// the same notices at once can deadlock on the unique keys (MySQL, and
// PostgreSQL): the loser's transaction is tried again, and then finds the
// winner's rows.
func (w *Warehouse) EnqueueNotices(ctx context.Context, notices []Notice, told []ToldFile) (int, error) {
	// The same rows in the same order in every instance: fewer lock cycles.
	notices = slices.Clone(notices)
	slices.SortFunc(notices, func(a, b Notice) int { return strings.Compare(a.Key, b.Key) })
	told = slices.Clone(told)
	slices.SortFunc(told, func(a, b ToldFile) int {
		return strings.Compare(a.Recipient+"\x00"+a.Channel+"\x00"+a.SHA256, b.Recipient+"\x00"+b.Channel+"\x00"+b.SHA256)
	})
	for try := 1; ; try++ {
		added, err := w.enqueueNotices(ctx, notices, told)
		if err == nil || try == 12 || !deadlocked(err) {
			return added, err
		}
		// Back off a little longer each time, by a varying amount, so the
		// instances that collided do not collide again.
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Duration(try)*5*time.Millisecond + time.Duration(rand.IntN(10))*time.Millisecond):
		}
	}
}

// deadlocked reports whether the engine chose the transaction as a
// deadlock's victim (MySQL 1213, PostgreSQL 40P01), which is safe to try again.
func deadlocked(err error) bool {
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		return my.Number == 1213
	}
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "40P01"
}

func (w *Warehouse) enqueueNotices(ctx context.Context, notices []Notice, told []ToldFile) (int, error) {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	insert := tx.Rebind(w.insertIgnore("notices",
		"notice_key, event, kind, recipient, channel, address, unit, title, body, link, state, attempts, next_at, created_at, sent_at", 15))
	added := 0
	for _, n := range notices {
		res, err := tx.ExecContext(ctx, insert, n.Key, n.Event, n.Kind, n.Recipient, n.Channel, n.Address, n.Unit,
			n.Title, n.Body, n.Link, n.State, n.Attempts, instant(n.NextAt), instant(n.CreatedAt), instant(n.SentAt))
		if err != nil {
			return 0, fmt.Errorf("notices: store notice for %s: %w", n.Recipient, err)
		}
		if k, _ := res.RowsAffected(); k > 0 {
			added++
		}
	}
	tell := tx.Rebind(w.insertIgnore("notice_files", "recipient, channel, sha256", 3))
	for _, f := range told {
		if _, err := tx.ExecContext(ctx, tell, f.Recipient, f.Channel, f.SHA256); err != nil {
			return 0, fmt.Errorf("notices: record told file: %w", err)
		}
	}
	return added, tx.Commit()
}

// ToldFiles is the set of file hashes a recipient has been told of on a channel.
func (w *Warehouse) ToldFiles(ctx context.Context, recipient, channel string) (map[string]bool, error) {
	var hashes []string
	err := w.db.SelectContext(ctx, &hashes, w.db.Rebind(`SELECT sha256 FROM notice_files WHERE recipient = ? AND channel = ?`), recipient, channel)
	if err != nil {
		return nil, fmt.Errorf("notices: told files of %s: %w", recipient, err)
	}
	out := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		out[h] = true
	}
	return out, nil
}

// ClaimDueNotices claims up to limit pending notices whose next attempt is
// due at now, for owner until now+lease. A notice is claimed by one
// conditional update, so of several instances exactly one gets it.
func (w *Warehouse) ClaimDueNotices(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]Notice, error) {
	var rows []noticeRow
	err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT `+noticeColumns+` FROM notices
WHERE state = ? AND next_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_at, id LIMIT ?`),
		NoticePending, instant(now), instant(now), limit)
	if err != nil {
		return nil, fmt.Errorf("notices: due notices: %w", err)
	}
	claim := w.db.Rebind(`UPDATE notices SET claimed_by = ?, claimed_until = ?
WHERE id = ? AND state = ? AND (claimed_until IS NULL OR claimed_until < ?)`)
	var out []Notice
	for _, r := range rows {
		res, err := w.db.ExecContext(ctx, claim, owner, instant(now.Add(lease)), r.ID, NoticePending, instant(now))
		if err != nil {
			return nil, fmt.Errorf("notices: claim notice %d: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			out = append(out, r.notice())
		}
	}
	return out, nil
}

// NoticeAttempt is the outcome of one try to deliver a notice.
type NoticeAttempt struct {
	NoticeID  int64
	Attempt   int
	Recipient string
	At        time.Time
	// Error is "" for a delivery.
	Error string
	// State is the notice's state after the try; NextAt its next try when pending.
	State  string
	NextAt time.Time
}

// RecordAttempt stores a try and the notice's new state, and releases its claim.
func (w *Warehouse) RecordAttempt(ctx context.Context, a NoticeAttempt) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	outcome := "ok"
	if a.Error != "" {
		outcome = "error"
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO notice_attempts (notice_id, attempt, recipient, at, outcome, error) VALUES (?, ?, ?, ?, ?, ?)`),
		a.NoticeID, a.Attempt, a.Recipient, instant(a.At), outcome, nullString(a.Error)); err != nil {
		return fmt.Errorf("notices: record attempt %d of notice %d: %w", a.Attempt, a.NoticeID, err)
	}
	var sentAt any
	if a.State == NoticeSent {
		sentAt = instant(a.At)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE notices SET state = ?, attempts = ?, next_at = ?, last_error = ?, sent_at = ?,
claimed_by = NULL, claimed_until = NULL WHERE id = ?`),
		a.State, a.Attempt, instant(a.NextAt), nullString(a.Error), sentAt, a.NoticeID); err != nil {
		return fmt.Errorf("notices: update notice %d: %w", a.NoticeID, err)
	}
	return tx.Commit()
}

// Postpone releases a claimed notice without counting a try: its channel
// is at its rate limit until next.
func (w *Warehouse) Postpone(ctx context.Context, id int64, next time.Time) error {
	_, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE notices SET next_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?`), instant(next), id)
	return err
}

// AttemptsSince counts the tries made to a recipient since a time, on every
// instance: a robot's rate limit is the platform's, not one process's.
func (w *Warehouse) AttemptsSince(ctx context.Context, recipient string, since time.Time) (int, error) {
	var n int
	err := w.db.GetContext(ctx, &n, w.db.Rebind(`SELECT COUNT(*) FROM notice_attempts WHERE recipient = ? AND at > ?`), recipient, instant(since))
	return n, err
}

// NoticeAttempts lists a notice's tries in order.
func (w *Warehouse) NoticeAttempts(ctx context.Context, id int64) ([]NoticeAttempt, error) {
	var rows []struct {
		Attempt int            `db:"attempt"`
		At      time.Time      `db:"at"`
		Error   sql.NullString `db:"error"`
	}
	err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT attempt, at, error FROM notice_attempts WHERE notice_id = ? ORDER BY attempt`), id)
	if err != nil {
		return nil, fmt.Errorf("notices: attempts of notice %d: %w", id, err)
	}
	out := make([]NoticeAttempt, len(rows))
	for i, r := range rows {
		out[i] = NoticeAttempt{NoticeID: id, Attempt: r.Attempt, At: r.At.UTC(), Error: r.Error.String}
	}
	return out, nil
}

// NoticeFilter narrows a list of notices; zero fields do not filter.
type NoticeFilter struct {
	Recipient string
	Channel   string
	State     string
	Limit     int
}

// Notices lists notices newest first.
func (w *Warehouse) Notices(ctx context.Context, f NoticeFilter) ([]Notice, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{{"recipient", f.Recipient}, {"channel", f.Channel}, {"state", f.State}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	q := `SELECT ` + noticeColumns + ` FROM notices`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY created_at DESC, id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	var rows []noticeRow
	if err := w.db.SelectContext(ctx, &rows, w.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("notices: list: %w", err)
	}
	out := make([]Notice, len(rows))
	for i, r := range rows {
		out[i] = r.notice()
	}
	return out, nil
}

// UnreadNotices counts a recipient's inbox notices not yet read.
func (w *Warehouse) UnreadNotices(ctx context.Context, recipient string) (int, error) {
	var n int
	err := w.db.GetContext(ctx, &n, w.db.Rebind(`SELECT COUNT(*) FROM notices WHERE recipient = ? AND channel = 'inbox' AND read_at IS NULL`), recipient)
	return n, err
}

// MarkNoticesRead marks a recipient's inbox notices read: the one named, or
// all of them when id is 0. Another recipient's notice is never touched.
func (w *Warehouse) MarkNoticesRead(ctx context.Context, recipient string, id int64, at time.Time) error {
	q := `UPDATE notices SET read_at = ? WHERE recipient = ? AND channel = 'inbox' AND read_at IS NULL`
	args := []any{instant(at), recipient}
	if id != 0 {
		q += ` AND id = ?`
		args = append(args, id)
	}
	_, err := w.db.ExecContext(ctx, w.db.Rebind(q), args...)
	return err
}

// PurgeInbox removes inbox notices made before a time, with nothing else:
// mail and robot notices stay as the record of what was sent.
func (w *Warehouse) PurgeInbox(ctx context.Context, before time.Time) (int64, error) {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM notices WHERE channel = 'inbox' AND created_at < ?`), instant(before))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SetAccountEmail sets (or with "" clears) the address an account's mail goes to.
func (w *Warehouse) SetAccountEmail(ctx context.Context, id int64, email string) error {
	return w.updateAccount(ctx, id, "email = ?", nullString(email))
}

// AccountEmails maps each account's login to its mail address, for those that have one.
func (w *Warehouse) AccountEmails(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		Login string `db:"login"`
		Email string `db:"email"`
	}
	if err := w.db.SelectContext(ctx, &rows, `SELECT login, email FROM accounts WHERE email IS NOT NULL AND email <> ''`); err != nil {
		return nil, fmt.Errorf("accounts: mail addresses: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Login] = r.Email
	}
	return out, nil
}
