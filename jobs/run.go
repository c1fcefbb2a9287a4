package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"zhengzhi"

	"zhengzhi/internal/instance"
	"zhengzhi/warehouse"
)

// Ledger is where runs are recorded: the warehouse's job_runs table.
type Ledger interface {
	RecordStart(ctx context.Context, run warehouse.JobRun) (int64, error)
	RecordFinish(ctx context.Context, id int64, outcome string, finishedAt time.Time, runErr string, files []string) error
	RecordSkipped(ctx context.Context, run warehouse.JobRun) error
	LastPlanned(ctx context.Context, job string) (time.Time, error)
	AbandonRuns(ctx context.Context, instance string, at time.Time) (int64, error)
}

var _ Ledger = (*warehouse.Warehouse)(nil)

// Instance names this process in the ledger and in lock messages: host:pid.
func Instance() string { return instance.Name() }

// ledgerTimeout bounds a ledger write; it also runs after the job's context is
// cancelled at shutdown, so the row still gets its outcome.
const ledgerTimeout = 15 * time.Second

func ledgerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), ledgerTimeout)
}

// errPanic marks a step that panicked: a bug, so it is not retried.
var errPanic = errors.New("panic")

// callStep runs a step and turns a panic into an error carrying the panic text.
func callStep(ctx context.Context, log *slog.Logger, name string, step Step, asOf zhengzhi.Date) (files []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("job panicked", "job", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	if step == nil {
		return nil, fmt.Errorf("job %s has no step", name)
	}
	return step(ctx, asOf)
}

// attempt records, runs and closes one try of a job. It returns
// warehouse.ErrRunClaimed, without running the step, when the ledger already
// holds this planned run's try.
func attempt(ctx context.Context, l Ledger, log *slog.Logger, now func() time.Time, run warehouse.JobRun, step Step, asOf zhengzhi.Date) ([]string, error) {
	lctx, cancel := ledgerContext(ctx)
	run.StartedAt = now()
	id, err := l.RecordStart(lctx, run)
	cancel()
	if err != nil {
		return nil, err
	}
	if run.PlannedAt.IsZero() {
		log.Info("job started by hand", "job", run.Job, "as_of", run.AsOf)
	} else {
		log.Info("job started", "job", run.Job, "planned", run.PlannedAt, "as_of", run.AsOf, "attempt", run.Attempt)
	}
	files, runErr := callStep(ctx, log, run.Job, step, asOf)
	outcome, text := warehouse.OutcomeOK, ""
	if runErr != nil {
		outcome, text = warehouse.OutcomeFailed, runErr.Error()
	}
	lctx, cancel = ledgerContext(ctx)
	defer cancel()
	if err := l.RecordFinish(lctx, id, outcome, now(), text, files); err != nil {
		log.Error("job ledger", "job", run.Job, "err", err)
	}
	if runErr != nil {
		log.Warn("job failed", "job", run.Job, "attempt", run.Attempt, "err", runErr)
	} else {
		log.Info("job done", "job", run.Job, "files", len(files))
	}
	return files, runErr
}

// RunByHand runs a job once for an as-of date, as `zhengzhi run` does:
// recorded in the ledger without a planned time, one attempt, no retries (a
// person is watching and can run it again).
func RunByHand(ctx context.Context, l Ledger, log *slog.Logger, j Job, asOf zhengzhi.Date, instance string) ([]string, error) {
	run := warehouse.JobRun{Job: j.Name, Attempt: 1, AsOf: asOf, Instance: instance}
	files, err := attempt(ctx, l, log, time.Now, run, j.Step, asOf)
	if err != nil {
		return files, fmt.Errorf("job %s as of %s: %w", j.Name, asOf, err)
	}
	return files, nil
}
