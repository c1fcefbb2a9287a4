package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"zhengzhi/internal/instance"
	"zhengzhi/warehouse"
)

// AnotherSchedulerError refuses a second scheduler on a SQLite warehouse.
type AnotherSchedulerError struct {
	Holder string
	Until  time.Time
}

func (e *AnotherSchedulerError) Error() string {
	return fmt.Sprintf("另一个调度实例正在运行 (%s，租约至 %s UTC)；SQLite 仓库只支持一个调度实例：先停止它，或改用 PostgreSQL 仓库运行多个实例",
		e.Holder, e.Until.UTC().Format(time.DateTime))
}

// Lease is the single scheduler's hold on a SQLite warehouse: a row in
// scheduler_leases with its holder (host:pid) and an expiry it keeps pushing
// forward. SQLite has no session locks another process could see, and one
// writer at a time is all it does well, so a second instance is refused.
// A lease left by a process that died frees itself when it expires, or at once
// when the holder was a process on this host that no longer exists.
type Lease struct {
	store  LeaseStore
	holder string
	ttl    time.Duration
	log    *slog.Logger

	mu   sync.Mutex
	lost bool
	stop chan struct{}
	done chan struct{}
}

// LeaseStore keeps the lease row; the warehouse is one.
type LeaseStore interface {
	TakeLease(ctx context.Context, holder string, now, expires time.Time, gone func(string) bool) (*warehouse.LeaseHeld, error)
	RenewLease(ctx context.Context, holder string, expires time.Time) (bool, error)
	ReleaseLease(ctx context.Context, holder string) error
}

// AcquireLease takes the scheduler lease or returns *AnotherSchedulerError,
// and keeps it fresh (every ttl/3) until Release.
func AcquireLease(ctx context.Context, store LeaseStore, holder string, ttl time.Duration, log *slog.Logger) (*Lease, error) {
	l := &Lease{store: store, holder: holder, ttl: ttl, log: log, stop: make(chan struct{}), done: make(chan struct{})}
	if err := l.take(ctx); err != nil {
		return nil, err
	}
	go l.keepFresh()
	return l, nil
}

func (l *Lease) take(ctx context.Context) error {
	now := time.Now().UTC()
	held, err := l.store.TakeLease(ctx, l.holder, now, now.Add(l.ttl), instance.Gone)
	if err != nil {
		return fmt.Errorf("scheduler lease: %w", err)
	}
	if held != nil {
		return &AnotherSchedulerError{Holder: held.Holder, Until: held.Until}
	}
	return nil
}

func (l *Lease) keepFresh() {
	defer close(l.done)
	tick := time.NewTicker(l.ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), l.ttl/3)
		expires := time.Now().UTC().Add(l.ttl)
		ours, err := l.store.RenewLease(ctx, l.holder, expires)
		cancel()
		if err != nil {
			// Most likely a long job holds SQLite's one connection; the next refresh catches up.
			l.log.Warn("scheduler lease: refresh failed", "err", err)
			continue
		}
		if !ours {
			l.log.Error("scheduler lease taken by another instance; this one stops running jobs")
			l.mu.Lock()
			l.lost = true
			l.mu.Unlock()
		}
	}
}

// IsLeader lets jobs run until another instance is seen holding the lease. A
// refresh that merely failed does not stop them: on SQLite the likely cause
// is this instance's own long job holding the database.
func (l *Lease) IsLeader(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lost {
		return errors.New("the scheduler lease is held by another instance")
	}
	return nil
}

// Release stops refreshing and gives the lease up, so the next instance need not wait for it to expire.
func (l *Lease) Release(ctx context.Context) error {
	close(l.stop)
	<-l.done
	if err := l.store.ReleaseLease(ctx, l.holder); err != nil {
		return fmt.Errorf("scheduler lease: release: %w", err)
	}
	return nil
}
