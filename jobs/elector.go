package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"

	"zhengzhi/warehouse"
)

// ErrNotLeader tells gocron that another instance runs the jobs now.
var ErrNotLeader = errors.New("another scheduler instance leads")

// DatabaseElector elects one leader among scheduler instances sharing a
// PostgreSQL or MySQL warehouse: the leader holds a session lock —
// pg_try_advisory_lock, or GET_LOCK on MySQL — on one connection pinned out of
// the pool. A lock held only during each run is not enough: instances whose
// clocks differ both run every tick. The session lock lives as long as the
// connection, so when the leader dies or its connection drops, the server
// frees the lock and the next instance that asks (at its next tick) leads.
type DatabaseElector struct {
	w   *warehouse.Warehouse
	log *slog.Logger

	mu        sync.Mutex
	lock      *warehouse.SchedulerLock
	onElected func()
	// standby: this instance was told another holds the lock, and said so.
	standby bool
}

var _ gocron.Elector = (*DatabaseElector)(nil)

// NewDatabaseElector builds the elector for a PostgreSQL or MySQL warehouse.
func NewDatabaseElector(w *warehouse.Warehouse, log *slog.Logger) (*DatabaseElector, error) {
	if !w.SessionLocks() {
		return nil, errors.New("jobs: leader election needs a PostgreSQL or MySQL warehouse")
	}
	return &DatabaseElector{w: w, log: log}, nil
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
	if e.lock != nil {
		err := e.lock.Alive(ctx)
		if err == nil {
			return nil
		}
		e.log.Warn("调度锁已失去：持锁的数据库连接断开", "err", err)
		e.lock.Drop()
		e.lock = nil
	}
	lock, err := e.w.TrySchedulerLock(ctx)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrNotLeader, err)
	}
	if lock == nil {
		if !e.standby {
			e.log.Info("本实例待命：另一实例持有调度锁、正在运行计划任务，它停止后本实例接手")
			e.standby = true
		}
		return ErrNotLeader
	}
	e.lock = lock
	e.standby = false
	e.log.Info("本实例取得调度锁，开始运行计划任务")
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
	if e.lock == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := e.lock.Release(ctx)
	e.lock = nil
	if err != nil {
		return fmt.Errorf("jobs: release the scheduler lock: %w", err)
	}
	return nil
}
