package jobs

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"

	"zhengzhi/sqldb"
)

// ErrNotLeader tells gocron that another instance runs the jobs now.
var ErrNotLeader = errors.New("another scheduler instance leads")

// schedulerLockKey is the PostgreSQL advisory lock the leading scheduler
// holds; advisory locks are per database, so one key serves every warehouse.
const schedulerLockKey int64 = 7_272_742_026

// DatabaseElector elects one leader among scheduler instances sharing a
// PostgreSQL or MySQL warehouse: the leader holds a session lock —
// pg_try_advisory_lock, or GET_LOCK on MySQL — on one connection pinned out of
// the pool. A lock held only during each run is not enough: instances whose
// clocks differ both run every tick. The session lock lives as long as the
// connection, so when the leader dies or its connection drops, the server
// frees the lock and the next instance that asks (at its next tick) leads.
type DatabaseElector struct {
	db      *sql.DB
	dialect sqldb.Dialect
	log     *slog.Logger

	mu        sync.Mutex
	conn      *sql.Conn
	onElected func()
}

var _ gocron.Elector = (*DatabaseElector)(nil)

// NewDatabaseElector builds the elector for a PostgreSQL or MySQL warehouse.
func NewDatabaseElector(db *sqldb.DB, log *slog.Logger) (*DatabaseElector, error) {
	if db.Dialect != sqldb.Postgres && db.Dialect != sqldb.MySQL {
		return nil, fmt.Errorf("jobs: leader election needs PostgreSQL or MySQL, not %s", db.Dialect)
	}
	return &DatabaseElector{db: db.DB.DB, dialect: db.Dialect, log: log}, nil
}

func (e *DatabaseElector) notifyElected(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.onElected = f
}

// IsLeader returns nil when this instance holds the lock: it pings the pinned
// connection (a dead one means the lock is gone), else tries to take the lock.
func (e *DatabaseElector) IsLeader(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if e.conn != nil {
		err := e.conn.PingContext(ctx)
		if err == nil {
			return nil
		}
		e.log.Warn("scheduler lock lost: its connection failed", "err", err)
		discard(e.conn)
		e.conn = nil
	}
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%w (cannot reach the warehouse: %v)", ErrNotLeader, err)
	}
	var got sql.NullBool
	if e.dialect == sqldb.Postgres {
		err = conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, schedulerLockKey).Scan(&got)
	} else {
		// GET_LOCK names are server-wide: name the database in the lock.
		err = conn.QueryRowContext(ctx, `SELECT GET_LOCK(CONCAT('zhengzhi.scheduler.', DATABASE()), 0)`).Scan(&got)
	}
	if err != nil {
		discard(conn)
		return fmt.Errorf("%w (lock query failed: %v)", ErrNotLeader, err)
	}
	if !got.Bool {
		conn.Close()
		return ErrNotLeader
	}
	e.conn = conn
	e.log.Info("this instance now runs the schedule (scheduler lock taken)")
	if e.onElected != nil {
		go e.onElected()
	}
	return nil
}

// Close gives the lock up at once, so another instance leads at its next
// tick, and closes the lock's connection.
func (e *DatabaseElector) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.conn == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var err error
	if e.dialect == sqldb.Postgres {
		_, err = e.conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, schedulerLockKey)
	} else {
		_, err = e.conn.ExecContext(ctx, `SELECT RELEASE_LOCK(CONCAT('zhengzhi.scheduler.', DATABASE()))`)
	}
	// Closing the session frees the lock too, only a moment later.
	discard(e.conn)
	e.conn = nil
	if err != nil {
		return fmt.Errorf("jobs: release the scheduler lock: %w", err)
	}
	return nil
}

// discard closes a pinned connection for good — ending its session and so
// freeing its lock — where Close would hand it back to the pool still locked.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}
