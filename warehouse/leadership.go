package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"zhengzhi/sqldb"
)

// The warehouse's two ways of letting one scheduler instance lead: a session
// lock on PostgreSQL and MySQL, a lease row on SQLite. What a lock or a lease
// is for — timing, retries, who runs a job — is the scheduler's business; the
// SQL is kept here, behind the tables it touches.

// SessionLocks reports whether the engine has session locks another process
// sees (PostgreSQL, MySQL); SQLite has not, and uses a lease row instead.
func (w *Warehouse) SessionLocks() bool { return w.db.Dialect != sqldb.SQLite }

// schedulerLockKey is the PostgreSQL advisory lock the leading scheduler
// holds; advisory locks are per database, so one key serves every warehouse.
const schedulerLockKey int64 = 7_272_742_026

// SchedulerLock is the leading scheduler's session lock — pg_try_advisory_lock,
// or GET_LOCK on MySQL — on one connection pinned out of the pool. It lives as
// long as that connection: when the holder dies or loses it, the server frees
// the lock.
type SchedulerLock struct {
	conn    *sql.Conn
	dialect sqldb.Dialect
}

// TrySchedulerLock takes the scheduler's session lock if it is free; a nil
// lock and no error mean another instance holds it.
func (w *Warehouse) TrySchedulerLock(ctx context.Context) (*SchedulerLock, error) {
	if !w.SessionLocks() {
		return nil, fmt.Errorf("warehouse: %s has no session locks", w.db.Dialect)
	}
	conn, err := w.db.DB.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the warehouse: %w", err)
	}
	var got sql.NullBool
	if w.db.Dialect == sqldb.Postgres {
		err = conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, schedulerLockKey).Scan(&got)
	} else {
		// GET_LOCK names are server-wide: name the database in the lock.
		err = conn.QueryRowContext(ctx, `SELECT GET_LOCK(CONCAT('zhengzhi.scheduler.', DATABASE()), 0)`).Scan(&got)
	}
	if err != nil {
		discard(conn)
		return nil, fmt.Errorf("lock query failed: %w", err)
	}
	if !got.Bool {
		conn.Close()
		return nil, nil
	}
	return &SchedulerLock{conn: conn, dialect: w.db.Dialect}, nil
}

// Alive pings the lock's connection: an error means the lock is gone.
func (l *SchedulerLock) Alive(ctx context.Context) error { return l.conn.PingContext(ctx) }

// Release gives the lock up at once and ends its session for good.
func (l *SchedulerLock) Release(ctx context.Context) error {
	var err error
	if l.dialect == sqldb.Postgres {
		_, err = l.conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, schedulerLockKey)
	} else {
		_, err = l.conn.ExecContext(ctx, `SELECT RELEASE_LOCK(CONCAT('zhengzhi.scheduler.', DATABASE()))`)
	}
	// Closing the session frees the lock too, only a moment later.
	l.Drop()
	return err
}

// Drop closes the lock's connection for good — ending its session and so
// freeing the lock — where a plain Close would hand it back to the pool still
// locked.
func (l *SchedulerLock) Drop() { discard(l.conn) }

func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// leaseName is the one lease row of the scheduler.
const leaseName = "scheduler"

// LeaseHeld tells who holds the scheduler lease now, when taking it failed.
type LeaseHeld struct {
	Holder string
	Until  time.Time
}

// TakeLease takes the scheduler lease for holder until expires, unless
// another holder's lease runs past now and gone (whether a holder is known to
// be dead) does not say it is dead; then it returns who holds it.
func (w *Warehouse) TakeLease(ctx context.Context, holder string, now, expires time.Time, gone func(holder string) bool) (*LeaseHeld, error) {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var cur struct {
		Holder  string    `db:"holder"`
		Expires time.Time `db:"expires_at"`
	}
	err = tx.GetContext(ctx, &cur, tx.Rebind(`SELECT holder, expires_at FROM scheduler_leases WHERE name = ?`), leaseName)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	case cur.Holder != holder && cur.Expires.After(now) && !gone(cur.Holder):
		return &LeaseHeld{Holder: cur.Holder, Until: cur.Expires}, nil
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO scheduler_leases (name, holder, expires_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`), leaseName, holder, expires)
	if err != nil {
		return nil, err
	}
	return nil, tx.Commit()
}

// RenewLease pushes the holder's lease to expires; false means the lease is
// no longer the holder's.
func (w *Warehouse) RenewLease(ctx context.Context, holder string, expires time.Time) (bool, error) {
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE scheduler_leases SET expires_at = ? WHERE name = ? AND holder = ?`),
		expires, leaseName, holder)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ReleaseLease gives the holder's lease up.
func (w *Warehouse) ReleaseLease(ctx context.Context, holder string) error {
	_, err := w.db.ExecContext(ctx, w.db.Rebind(`DELETE FROM scheduler_leases WHERE name = ? AND holder = ?`), leaseName, holder)
	return err
}
