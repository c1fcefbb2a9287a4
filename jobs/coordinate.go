package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/go-co-op/gocron/v2"

	"zhengzhi/warehouse"
)

// LeaseTTL is how long a SQLite scheduler lease outlives its last refresh: well
// above the refresh interval (a third of it), so a job holding SQLite's one
// connection for a while does not let the lease lapse.
const LeaseTTL = 3 * time.Minute

// Coordinate sets up how this scheduler instance shares its warehouse with
// others, by engine: on PostgreSQL and MySQL any number of instances may run
// and one leads at a time (DatabaseElector); on SQLite only one may run, and a
// second is refused with *AnotherSchedulerError. release gives the lock or
// lease up at shutdown.
func Coordinate(ctx context.Context, w *warehouse.Warehouse, instance string, log *slog.Logger) (gocron.Elector, func(), error) {
	if !w.SessionLocks() {
		l, err := AcquireLease(ctx, w, instance, LeaseTTL, log)
		if err != nil {
			return nil, nil, err
		}
		return l, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := l.Release(ctx); err != nil {
				log.Error("scheduler lease", "err", err)
			}
		}, nil
	}
	e, err := NewDatabaseElector(w, log)
	if err != nil {
		return nil, nil, err
	}
	return e, func() {
		if err := e.Close(); err != nil {
			log.Warn("scheduler lock", "err", err)
		}
	}, nil
}
