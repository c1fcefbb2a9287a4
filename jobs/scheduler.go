// Package jobs runs the pipeline's jobs — ingest, the progress report, the
// scorecards, the year-end summary and the draw — on their cron schedule with
// gocron: one run of a job at a time (a tick that finds the previous run
// still going is recorded as skipped), bounded retries with backoff, catch-up
// of a tick missed while down, every run in the warehouse's job ledger, and
// one scheduling instance at a time among several on one warehouse.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"zhengzhi/warehouse"
)

// Options configures a Scheduler.
type Options struct {
	// Location is the time zone the cron lines are read in (Asia/Shanghai).
	Location *time.Location
	// Clock drives the schedule and the retry backoff; nil is the real clock.
	Clock clockwork.Clock
	// Ledger records every run; required.
	Ledger Ledger
	// Elector decides which of several instances runs the jobs; nil runs them here.
	Elector gocron.Elector
	// Instance names this process in the ledger; "" takes Instance().
	Instance string
	// Attempts bounds the tries of one planned run; 0 means 3.
	Attempts int
	// Backoff is the wait before try 2, 3, …; the last entry repeats. Nil means 1 min, 5 min.
	Backoff []time.Duration
	// QueueOverlaps makes a tick that lands during a run wait for it
	// (gocron's LimitModeWait) instead of being skipped. Tests that count runs
	// use it: in skip mode gocron also drops a tick that lands while the
	// previous run is still being wound up.
	QueueOverlaps bool
	// StopTimeout bounds how long Shutdown waits for running jobs; 0 means 30 s.
	StopTimeout time.Duration
	Log         *slog.Logger
}

// Scheduler runs jobs on their schedules.
type Scheduler struct {
	opts  Options
	clock clockwork.Clock
	log   *slog.Logger
	gs    gocron.Scheduler
	jobs  []*scheduledJob
	named map[string]*scheduledJob

	// mu guards the runs' progress the After waits look at.
	mu sync.Mutex
	// changed is closed, and replaced, whenever a job's run starts or ends.
	changed chan struct{}
}

type scheduledJob struct {
	job      Job
	schedule *Schedule
	handle   gocron.Job
	// catchingUp is set while a catch-up run is asked for and not yet
	// started: if gocron drops it because a run is going, that run is the
	// leader's current tick, not a skipped one.
	catchingUp atomic.Bool
	// running is set while a planned run is going here; done is the newest
	// planned time whose run ended here (or was skipped or claimed). Both
	// are guarded by the scheduler's mu.
	running bool
	done    time.Time
}

// electionNotifier is an Elector that says when this instance becomes the
// leader, so the new leader catches up what the old one left.
type electionNotifier interface {
	notifyElected(func())
}

// New builds a scheduler for jobs; a job with an empty Cron is left out.
func New(jobs []Job, o Options) (*Scheduler, error) {
	if o.Location == nil || o.Ledger == nil {
		return nil, errors.New("jobs: a scheduler needs a time zone and a ledger")
	}
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.Instance == "" {
		o.Instance = Instance()
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if len(o.Backoff) == 0 {
		o.Backoff = []time.Duration{time.Minute, 5 * time.Minute}
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	s := &Scheduler{opts: o, clock: o.Clock, log: o.Log, named: map[string]*scheduledJob{}, changed: make(chan struct{})}
	options := []gocron.SchedulerOption{
		gocron.WithLocation(o.Location),
		gocron.WithClock(o.Clock),
		gocron.WithStopTimeout(o.StopTimeout),
		gocron.WithMonitor(skipMonitor{s}),
	}
	if o.Elector != nil {
		options = append(options, gocron.WithDistributedElector(o.Elector))
	}
	gs, err := gocron.NewScheduler(options...)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	s.gs = gs
	var mode gocron.LimitMode = gocron.LimitModeReschedule
	if o.QueueOverlaps {
		mode = gocron.LimitModeWait
	}
	for _, j := range jobs {
		if err := s.add(j, mode); err != nil {
			gs.Shutdown()
			return nil, err
		}
	}
	if n, ok := o.Elector.(electionNotifier); ok {
		n.notifyElected(func() { s.catchUp(context.Background()) })
	}
	return s, nil
}

// add makes a job one gocron job, singleton in the given mode; a job with an empty Cron is left out.
func (s *Scheduler) add(j Job, mode gocron.LimitMode) error {
	if j.Cron == "" {
		return nil
	}
	if _, dup := s.named[j.Name]; dup {
		return fmt.Errorf("jobs: job %q appears twice", j.Name)
	}
	sched, err := ParseSchedule(j.Cron, s.opts.Location)
	if err != nil {
		return fmt.Errorf("jobs: job %s: %w", j.Name, err)
	}
	sj := &scheduledJob{job: j, schedule: sched}
	sj.handle, err = s.gs.NewJob(gocron.CronJob(j.Cron, true),
		gocron.NewTask(func(ctx context.Context) { s.runPlanned(ctx, sj) }),
		gocron.WithName(j.Name),
		gocron.WithCronImplementation(sched),
		gocron.WithSingletonMode(mode))
	if err != nil {
		return fmt.Errorf("jobs: job %s (%s): %w", j.Name, j.Cron, err)
	}
	s.jobs = append(s.jobs, sj)
	s.named[j.Name] = sj
	return nil
}

// Start starts the schedule and, when this instance decides (no elector, or
// it is the leader), catches up ticks missed while no scheduler ran.
func (s *Scheduler) Start(ctx context.Context) {
	s.gs.Start()
	if s.opts.Elector == nil {
		s.catchUp(ctx)
		return
	}
	// An elector that reports elections catches up when this instance wins;
	// asking it now wins at once when no other instance leads.
	if _, ok := s.opts.Elector.(electionNotifier); ok {
		_ = s.opts.Elector.IsLeader(ctx)
		return
	}
	if s.opts.Elector.IsLeader(ctx) == nil {
		s.catchUp(ctx)
	}
}

// Run starts the schedule and keeps it until ctx is cancelled (SIGINT,
// SIGTERM), then shuts it down: running jobs get a cancelled context and
// Shutdown waits for them to stop at a safe point.
func (s *Scheduler) Run(ctx context.Context) error {
	s.Start(ctx)
	<-ctx.Done()
	s.log.Info("scheduler stopping")
	return s.Shutdown()
}

// Shutdown stops the schedule and waits (up to the stop timeout) for running jobs.
func (s *Scheduler) Shutdown() error {
	if err := s.gs.Shutdown(); err != nil {
		return fmt.Errorf("jobs: shutdown: %w", err)
	}
	return nil
}

// NextRun is a job's next planned run as gocron holds it; asking is a round
// trip through gocron's loop, which fake-clock tests use as a barrier.
func (s *Scheduler) NextRun(name string) (time.Time, error) {
	sj, ok := s.named[name]
	if !ok {
		return time.Time{}, fmt.Errorf("jobs: no scheduled job %q", name)
	}
	return sj.handle.NextRun()
}

// catchUp runs once, now, every job whose newest tick is missing from the
// ledger — however many ticks were missed — and first closes the runs an
// instance that died left open. A job never run on schedule is not caught
// up: its first run is its next tick (run it by hand to start earlier).
func (s *Scheduler) catchUp(ctx context.Context) {
	now := s.clock.Now()
	if n, err := s.opts.Ledger.AbandonRuns(ctx, s.opts.Instance, now); err != nil {
		s.log.Error("catch-up", "err", err)
	} else if n > 0 {
		s.log.Warn("closed runs left open by a stopped instance", "runs", n)
	}
	for _, sj := range s.jobs {
		tick := sj.schedule.Previous(now)
		last, err := s.opts.Ledger.LastPlanned(ctx, sj.job.Name)
		if err != nil {
			s.log.Error("catch-up", "job", sj.job.Name, "err", err)
			continue
		}
		if last.IsZero() || tick.IsZero() || !last.Before(tick) {
			continue
		}
		s.log.Info("catching up a missed run", "job", sj.job.Name, "planned", tick, "last_planned", last)
		sj.catchingUp.Store(true)
		if err := sj.handle.RunNow(); err != nil {
			sj.catchingUp.Store(false)
			s.log.Error("catch-up", "job", sj.job.Name, "err", err)
		}
	}
}

// runPlanned is the gocron task: the run belongs to the newest tick at or
// before now (the one that fired it, or the missed one a catch-up runs).
func (s *Scheduler) runPlanned(ctx context.Context, sj *scheduledJob) {
	sj.catchingUp.Store(false)
	planned := sj.schedule.Previous(s.clock.Now())
	running, ended := true, false
	s.progress(sj, &running, time.Time{})
	defer s.progress(sj, &ended, planned)
	if !s.awaitAfter(ctx, sj, planned) {
		return
	}
	asOf := sj.job.asOf(planned, s.opts.Location)
	run := warehouse.JobRun{Job: sj.job.Name, PlannedAt: planned, AsOf: asOf, Instance: s.opts.Instance}
	for try := 1; try <= s.opts.Attempts; try++ {
		run.Attempt = try
		_, err := attempt(ctx, s.opts.Ledger, s.log, s.clock.Now, run, sj.job.Step, asOf)
		switch {
		case err == nil:
			return
		case errors.Is(err, warehouse.ErrRunClaimed):
			s.log.Info("run already claimed in the ledger", "job", sj.job.Name, "planned", planned, "attempt", try)
			return
		case errors.Is(err, errPanic), ctx.Err() != nil, try == s.opts.Attempts:
			return
		}
		wait := s.opts.Backoff[min(try-1, len(s.opts.Backoff)-1)]
		s.log.Info("retrying", "job", sj.job.Name, "after", wait, "next_attempt", try+1)
		select {
		case <-s.clock.After(wait):
		case <-ctx.Done():
			return
		}
	}
}

// progress records that a job's run started or ended (running, when not
// nil) and that its tick done is over, and wakes the runs waiting for it.
func (s *Scheduler) progress(sj *scheduledJob, running *bool, done time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if running != nil {
		sj.running = *running
	}
	if done.After(sj.done) {
		sj.done = done
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// afterRecheck is how often a run waiting for another job looks at the
// ledger again, in case that job's run of the tick never comes here.
const afterRecheck = time.Minute

// awaitAfter waits, for each job the run's job comes after that has a tick
// at the same planned time, until that job's run of the tick has ended: here
// (run, skipped or claimed), or — when it is not running here — as the
// ledger says (a catch-up that found the tick done). It returns false when
// ctx ends first.
func (s *Scheduler) awaitAfter(ctx context.Context, sj *scheduledJob, planned time.Time) bool {
	for _, name := range sj.job.After {
		dep, ok := s.named[name]
		if !ok || planned.IsZero() || !dep.schedule.Previous(planned).Equal(planned) {
			continue
		}
		for waited := false; ; waited = true {
			s.mu.Lock()
			done, running, changed := dep.done, dep.running, s.changed
			s.mu.Unlock()
			if !done.Before(planned) {
				break
			}
			if !running {
				last, err := s.opts.Ledger.LastPlanned(ctx, name)
				if err == nil && !last.Before(planned) {
					break
				}
			}
			if !waited {
				s.log.Info("waiting for the job this one comes after", "job", sj.job.Name, "after", name, "planned", planned)
			}
			select {
			case <-changed:
			case <-s.clock.After(afterRecheck):
			case <-ctx.Done():
				return false
			}
		}
	}
	return true
}

// skipMonitor watches gocron for ticks dropped because the job's previous
// run was still going, the one place gocron reports them, and records each
// in the ledger as skipped.
type skipMonitor struct{ s *Scheduler }

// IncrementJob records a skipped tick; other statuses are in the ledger already.
func (m skipMonitor) IncrementJob(_ uuid.UUID, name string, _ []string, status gocron.JobStatus) {
	if status != gocron.SingletonRescheduled {
		return
	}
	s := m.s
	sj, ok := s.named[name]
	if !ok {
		return
	}
	if sj.catchingUp.Swap(false) {
		s.log.Info("catch-up not needed: the job is running", "job", name)
		return
	}
	now := s.clock.Now()
	planned := sj.schedule.Previous(now)
	run := warehouse.JobRun{Job: name, PlannedAt: planned, StartedAt: now,
		AsOf: sj.job.asOf(planned, s.opts.Location), Instance: s.opts.Instance,
		Error: "上一次运行尚未结束，本次跳过"}
	ctx, cancel := ledgerContext(context.Background())
	defer cancel()
	// A run waiting for this tick of the job goes on: the tick is over.
	s.progress(sj, nil, planned)
	if err := s.opts.Ledger.RecordSkipped(ctx, run); err != nil {
		s.log.Error("job ledger", "job", name, "err", err)
		return
	}
	s.log.Warn("tick skipped: previous run still going", "job", name, "planned", planned)
}

// RecordJobTiming is not needed: the ledger has the times.
func (skipMonitor) RecordJobTiming(time.Time, time.Time, uuid.UUID, string, []string) {}
