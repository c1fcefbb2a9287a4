package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zhengzhi"

	"github.com/jonboulle/clockwork"

	"zhengzhi/jobs"
	"zhengzhi/warehouse"
)

var shanghai = mustLocation("Asia/Shanghai")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// watchedLedger is the real SQLite ledger that also tells the test when a run
// closes or a tick is skipped, so the test waits on events, never on time.
type watchedLedger struct {
	*warehouse.Warehouse
	finished chan string // outcome
	skipped  chan time.Time
}

func (l *watchedLedger) RecordFinish(ctx context.Context, id int64, outcome string, at time.Time, runErr string, files []string) error {
	err := l.Warehouse.RecordFinish(ctx, id, outcome, at, runErr, files)
	l.finished <- outcome
	return err
}

func (l *watchedLedger) RecordSkipped(ctx context.Context, run warehouse.JobRun) error {
	err := l.Warehouse.RecordSkipped(ctx, run)
	l.skipped <- run.PlannedAt
	return err
}

func newLedger(t *testing.T) *watchedLedger {
	t.Helper()
	w, err := warehouse.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return &watchedLedger{Warehouse: w, finished: make(chan string, 16), skipped: make(chan time.Time, 16)}
}

// harness drives one scheduler with a fake clock.
type harness struct {
	t      *testing.T
	ctx    context.Context
	clock  *clockwork.FakeClock
	ledger *watchedLedger
	s      *jobs.Scheduler
}

func start(t *testing.T, at time.Time, ledger *watchedLedger, o jobs.Options, js ...jobs.Job) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	fc := clockwork.NewFakeClockAt(at)
	o.Location, o.Clock, o.Ledger, o.Instance = shanghai, fc, ledger, "test:1"
	o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	o.StopTimeout = 5 * time.Second
	s, err := jobs.New(js, o)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(ctx)
	t.Cleanup(func() { s.Shutdown() })
	return &harness{t: t, ctx: ctx, clock: fc, ledger: ledger, s: s}
}

// tick advances the fake clock to the job's next planned run, as findings.md
// prescribes: wait for the timers, advance one interval, and afterwards call
// NextRun as a barrier so gocron has rescheduled before the next advance.
func (h *harness) tick(job string, waiters int) time.Time {
	h.t.Helper()
	next := h.barrier(job)
	if err := h.clock.BlockUntilContext(h.ctx, waiters); err != nil {
		h.t.Fatalf("waiting for %d timers: %v", waiters, err)
	}
	h.clock.Advance(next.Sub(h.clock.Now()))
	return next
}

// advance moves the fake clock by d once waiters timers (schedule and backoff) wait.
func (h *harness) advance(d time.Duration, waiters int) {
	h.t.Helper()
	if err := h.clock.BlockUntilContext(h.ctx, waiters); err != nil {
		h.t.Fatalf("waiting for %d timers: %v", waiters, err)
	}
	h.clock.Advance(d)
}

func (h *harness) finished() string {
	h.t.Helper()
	select {
	case o := <-h.ledger.finished:
		return o
	case <-h.ctx.Done():
		h.t.Fatal("no run finished")
		return ""
	}
}

// barrier waits until gocron has planned the job's next run after the fake
// now: the executor reschedules and reports completion on separate goroutines,
// so right after a run NextRun may still be empty or the tick just fired.
// Each NextRun is a round trip to the scheduler's loop, so this yields.
func (h *harness) barrier(job string) time.Time {
	h.t.Helper()
	for {
		next, err := h.s.NextRun(job)
		if err != nil {
			h.t.Fatal(err)
		}
		if next.After(h.clock.Now()) {
			return next
		}
		if h.ctx.Err() != nil {
			h.t.Fatalf("%s was not rescheduled", job)
		}
		runtime.Gosched()
	}
}

// runs reads the ledger oldest first.
func (h *harness) runs() []warehouse.JobRun {
	h.t.Helper()
	runs, err := h.ledger.LastRuns(context.Background(), 100)
	if err != nil {
		h.t.Fatal(err)
	}
	slices.Reverse(runs)
	return runs
}

func TestRunsAtTheScheduledTimesInShanghai(t *testing.T) {
	var asOfs []string
	progress := jobs.Job{Name: "progress", Cron: jobs.DefaultSchedule["progress"],
		Step: func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
			asOfs = append(asOfs, asOf.String())
			return []string{"output/" + asOf.String() + "/进度.pdf"}, nil
		}}
	// Sunday 29 November 2026, 23:00 in Shanghai; the ledger is empty, so no catch-up.
	h := start(t, time.Date(2026, 11, 29, 23, 0, 0, 0, shanghai), newLedger(t), jobs.Options{QueueOverlaps: true}, progress)

	want := []time.Time{
		time.Date(2026, 11, 30, 8, 0, 0, 0, shanghai), // Monday
		time.Date(2026, 12, 1, 8, 0, 0, 0, shanghai),  // the 1st
		time.Date(2026, 12, 7, 8, 0, 0, 0, shanghai),  // Monday
	}
	for _, w := range want {
		if got := h.tick("progress", 1); !got.Equal(w) {
			t.Fatalf("next run %v, want %v", got, w)
		}
		if o := h.finished(); o != "ok" {
			t.Fatalf("outcome %s", o)
		}
		h.barrier("progress")
	}
	runs := h.runs()
	if len(runs) != 3 {
		t.Fatalf("%d runs in the ledger, want 3: %+v", len(runs), runs)
	}
	for i, r := range runs {
		if !r.PlannedAt.Equal(want[i]) || r.Outcome != "ok" || r.Attempt != 1 || r.AsOf.String() != want[i].Format(time.DateOnly) ||
			len(r.Files) != 1 || r.Instance != "test:1" {
			t.Fatalf("run %d: %+v, want planned %v", i, r, want[i])
		}
	}
	if !slices.Equal(asOfs, []string{"2026-11-30", "2026-12-01", "2026-12-07"}) {
		t.Fatalf("as-of dates %v", asOfs)
	}
}

func TestOverlappingTickIsRecordedAsSkipped(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	runs := 0
	ingest := jobs.Job{Name: "ingest", Cron: "0 * * * *", Step: func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		runs++
		if runs == 1 {
			close(started)
			<-release
		}
		return nil, nil
	}}
	h := start(t, time.Date(2026, 12, 1, 9, 30, 0, 0, shanghai), newLedger(t), jobs.Options{}, ingest)

	first := h.tick("ingest", 1)
	<-started
	h.barrier("ingest")
	second := h.tick("ingest", 1) // lands while the 10:00 run is still going
	select {
	case planned := <-h.ledger.skipped:
		if !planned.Equal(second) {
			t.Fatalf("skipped tick %v, want %v", planned, second)
		}
	case <-h.ctx.Done():
		t.Fatal("the overlapping tick was not recorded")
	}
	close(release)
	if o := h.finished(); o != "ok" {
		t.Fatalf("first run: %s", o)
	}
	got := h.runs()
	if len(got) != 2 || got[0].Outcome != "ok" || !got[0].PlannedAt.Equal(first) ||
		got[1].Outcome != "skipped" || !got[1].PlannedAt.Equal(second) || got[1].Attempt != 0 {
		t.Fatalf("ledger: %+v", got)
	}
	if runs != 1 {
		t.Fatalf("step ran %d times, want 1", runs)
	}
}

func TestFailedRunIsRetriedWithBackoffThenTheNextTickRuns(t *testing.T) {
	var calls []time.Time
	var clock *clockwork.FakeClock
	ingest := jobs.Job{Name: "ingest", Cron: "0 * * * *", Step: func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		calls = append(calls, clock.Now())
		if len(calls) <= 3 {
			return nil, errors.New("bureau 990100 unreachable")
		}
		return nil, nil
	}}
	h := start(t, time.Date(2026, 12, 1, 9, 30, 0, 0, shanghai), newLedger(t), jobs.Options{QueueOverlaps: true}, ingest)
	clock = h.clock

	planned := h.tick("ingest", 1)
	if o := h.finished(); o != "failed" {
		t.Fatalf("attempt 1: %s", o)
	}
	h.advance(time.Minute, 2) // the next tick and the backoff timer
	if o := h.finished(); o != "failed" {
		t.Fatalf("attempt 2: %s", o)
	}
	h.advance(5*time.Minute, 2)
	if o := h.finished(); o != "failed" {
		t.Fatalf("attempt 3: %s", o)
	}
	h.barrier("ingest")
	next := h.tick("ingest", 1)
	if o := h.finished(); o != "ok" {
		t.Fatalf("next planned run: %s", o)
	}

	wantCalls := []time.Time{planned, planned.Add(time.Minute), planned.Add(6 * time.Minute), next}
	if !slices.EqualFunc(calls, wantCalls, time.Time.Equal) {
		t.Fatalf("step called at %v, want %v", calls, wantCalls)
	}
	runs := h.runs()
	if len(runs) != 4 {
		t.Fatalf("%d ledger rows, want 4", len(runs))
	}
	for i, r := range runs[:3] {
		if r.Outcome != "failed" || r.Attempt != i+1 || !r.PlannedAt.Equal(planned) || r.Error != "bureau 990100 unreachable" {
			t.Fatalf("attempt %d: %+v", i+1, r)
		}
	}
	if r := runs[3]; r.Outcome != "ok" || r.Attempt != 1 || !r.PlannedAt.Equal(next) {
		t.Fatalf("next run: %+v", r)
	}
}

func TestPanicIsRecordedAsFailedWithoutRetry(t *testing.T) {
	draw := jobs.Job{Name: "draw", Cron: "0 7 1 * *", Step: func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		var m map[string]int
		//lint:ignore SA5000 the step panics on purpose
		m["990100"]++
		return nil, nil
	}}
	h := start(t, time.Date(2026, 11, 30, 12, 0, 0, 0, shanghai), newLedger(t), jobs.Options{QueueOverlaps: true}, draw)
	h.tick("draw", 1)
	if o := h.finished(); o != "failed" {
		t.Fatalf("outcome %s", o)
	}
	h.barrier("draw")
	runs := h.runs()
	if len(runs) != 1 || !strings.Contains(runs[0].Error, "panic: assignment to entry in nil map") {
		t.Fatalf("ledger: %+v", runs)
	}
	if err := h.clock.BlockUntilContext(h.ctx, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case o := <-h.ledger.finished:
		t.Fatalf("a panicking step was retried (%s)", o)
	default:
	}
}

func TestMissedTicksAreCaughtUpOnceOnStart(t *testing.T) {
	ledger := newLedger(t)
	ctx := context.Background()
	october := time.Date(2026, 10, 1, 6, 0, 0, 0, shanghai)
	id, err := ledger.Warehouse.RecordStart(ctx, warehouse.JobRun{Job: "scorecards", PlannedAt: october, StartedAt: october, Attempt: 1, AsOf: zhengzhi.NewDate(2026, 10, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := ledger.Warehouse.RecordFinish(ctx, id, "ok", october.Add(time.Minute), "", nil); err != nil {
		t.Fatal(err)
	}
	var asOfs []string
	step := func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		asOfs = append(asOfs, asOf.String())
		return nil, nil
	}
	// Down since October: the November and December ticks were missed.
	// The draw never ran on schedule, so it is not caught up.
	h := start(t, time.Date(2026, 12, 15, 10, 0, 0, 0, shanghai), ledger, jobs.Options{QueueOverlaps: true},
		jobs.Job{Name: "scorecards", Cron: "0 6 1 * *", Step: step},
		jobs.Job{Name: "draw", Cron: "0 7 1 * *", Step: step})
	if o := h.finished(); o != "ok" {
		t.Fatalf("catch-up: %s", o)
	}
	h.barrier("scorecards")
	h.barrier("draw")
	runs := h.runs()
	if len(runs) != 2 {
		t.Fatalf("ledger after catch-up: %+v", runs)
	}
	if r := runs[1]; r.Job != "scorecards" || !r.PlannedAt.Equal(time.Date(2026, 12, 1, 6, 0, 0, 0, shanghai)) || r.AsOf != zhengzhi.NewDate(2026, 12, 1) {
		t.Fatalf("catch-up run: %+v", r)
	}
	if !slices.Equal(asOfs, []string{"2026-12-01"}) {
		t.Fatalf("steps ran for %v", asOfs)
	}
	next, _ := h.s.NextRun("scorecards")
	if !next.Equal(time.Date(2027, 1, 1, 6, 0, 0, 0, shanghai)) {
		t.Fatalf("next scorecards %v", next)
	}
}

func TestShutdownCancelsARunningJobAndRecordsIt(t *testing.T) {
	started := make(chan struct{})
	ingest := jobs.Job{Name: "ingest", Cron: "0 * * * *", Step: func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	h := start(t, time.Date(2026, 12, 1, 9, 30, 0, 0, shanghai), newLedger(t), jobs.Options{}, ingest)
	h.tick("ingest", 1)
	<-started
	if err := h.s.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if o := h.finished(); o != "failed" {
		t.Fatalf("outcome %s", o)
	}
	runs := h.runs()
	if len(runs) != 1 || runs[0].Error != "context canceled" || runs[0].FinishedAt.IsZero() {
		t.Fatalf("ledger: %+v", runs)
	}
}

func TestScheduleUnionAndPrevious(t *testing.T) {
	s, err := jobs.ParseSchedule("0 8 * * 1; 0 8 1 * *", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, shanghai)
	if p := s.Previous(at); !p.Equal(at) {
		t.Fatalf("Previous(tick) = %v, want the tick itself", p)
	}
	if p := s.Previous(at.Add(-time.Nanosecond)); !p.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, shanghai)) {
		t.Fatalf("Previous just before = %v", p)
	}
	if n := s.Next(at); !n.Equal(time.Date(2026, 12, 7, 8, 0, 0, 0, shanghai)) {
		t.Fatalf("Next = %v", n)
	}
	y, _ := jobs.ParseSchedule(jobs.DefaultSchedule["yearend"], shanghai)
	if p := y.Previous(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)); !p.Equal(time.Date(2026, 12, 31, 18, 0, 0, 0, shanghai)) {
		t.Fatalf("yearend Previous = %v", p)
	}
	sec, _ := jobs.ParseSchedule("* * * * * *", shanghai)
	if p := sec.Previous(at.Add(1500 * time.Millisecond)); !p.Equal(at.Add(time.Second)) {
		t.Fatalf("every-second Previous = %v", p)
	}
	for _, bad := range []string{"", "61 * * * *", "0 8 * *; 0 8 1 * *"} {
		if _, err := jobs.ParseSchedule(bad, shanghai); err == nil {
			t.Errorf("ParseSchedule(%q) accepted", bad)
		}
	}
}

// TestReportWaitsForTheIngestOfItsTick: ingest and the progress report share
// their 08:00 tick; the report, which comes after ingest, starts only once
// that ingest has ended, so it holds the hour's pull. (Ingest gives the
// report a second to start beside it, as it did before the order.)
func TestReportWaitsForTheIngestOfItsTick(t *testing.T) {
	var ingestEnded, reportStarted atomic.Bool
	reportRunning := make(chan struct{})
	var sawIngestEnded atomic.Bool
	ingest := jobs.Job{Name: "ingest", Cron: "0 * * * *", Step: func(ctx context.Context, _ zhengzhi.Date) ([]string, error) {
		select {
		case <-reportRunning:
		case <-time.After(time.Second):
		}
		ingestEnded.Store(true)
		return nil, nil
	}}
	progress := jobs.Job{Name: "progress", Cron: "0 8 * * *", After: []string{"ingest"},
		Step: func(ctx context.Context, _ zhengzhi.Date) ([]string, error) {
			sawIngestEnded.Store(ingestEnded.Load())
			if !reportStarted.Swap(true) {
				close(reportRunning)
			}
			return nil, nil
		}}
	// 07:30 in Shanghai; the ledger is empty, so no catch-up.
	h := start(t, time.Date(2026, 11, 30, 7, 30, 0, 0, shanghai), newLedger(t), jobs.Options{QueueOverlaps: true}, ingest, progress)
	if got := h.tick("progress", 2); !got.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, shanghai)) {
		t.Fatalf("next run %v", got)
	}
	for range 2 {
		if o := h.finished(); o != "ok" {
			t.Fatalf("outcome %s", o)
		}
	}
	if !sawIngestEnded.Load() {
		t.Fatal("the progress report started before the ingest of its tick ended")
	}
	runs := h.runs()
	if len(runs) != 2 || runs[0].Job != "ingest" || runs[1].Job != "progress" || !runs[0].FinishedAt.Before(runs[1].StartedAt) && !runs[0].FinishedAt.Equal(runs[1].StartedAt) {
		t.Fatalf("ledger %+v, want ingest ended before progress started", runs)
	}
}
