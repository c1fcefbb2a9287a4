// Package ingest pulls the bureau databases into the warehouse: for each
// source it checks that the contract's tables and columns are there, reads
// every table incrementally by updated_at, checks each row against the
// contract, loads the good rows in batches and sets the bad ones aside with
// their reasons — all of one source in one transaction, so a source that
// fails half-way keeps its earlier data. One source's failure never stops
// the others. Enterprises load first: the other tables refer to them.
//
// Bureau databases are only read: opened read-only (sqldb.OpenReadOnly), so
// a pull changes no byte of a bureau's SQLite file and needs no more than the
// right to read it.
//
// Incremental reading: the warehouse keeps per bureau and table the newest
// updated_at loaded (the watermark). A pull reads the rows updated since the
// watermark less lateWindow (a day) — typed sources compare exactly; sources
// whose updated_at is text (every SQLite file) compare as text from the day
// before, because text forms differ — and compares each with the version the
// warehouse holds (its updated_at and a fingerprint of the source row), in
// one lookup per batch: new and changed rows load, unchanged ones are
// skipped, so a row committed late with an earlier stamp still loads and a
// second pull without changes loads nothing. An updated_at later than the
// pull's moment plus contract.FutureTolerance is a breach: the row is set
// aside and its stamp never moves the watermark (one found beyond it, left
// by an earlier version, makes the table be read whole once).
//
// Every row read is loaded, updated, withdrawn or set aside and listed:
// read = loaded + updated + deleted + rejected in each table's counts, and
// each row set aside is one entry of data_issues, also those that cannot be
// named by their id — no id, a blank one, one longer than 64 characters or
// with spaces around it, or an id several rows share (every copy in force is
// set aside: 编号重复) — which are told apart by a copy key made of their
// values and read again by a query of their own on each pull, so that they
// stay listed until fixed. An id holding a NUL or bytes that are not UTF-8
// cannot be stored, and the form it is listed under (NUL written \x00,
// such bytes U+FFFD) may be another row's id or another such id's: its row
// is set aside under a copy key made of the id's own bytes, and found again
// by the same query.
//
// What happens to rows over time:
//   - A set-aside row is tried again on every pull even when unchanged,
//     because what rejected it may have been fixed elsewhere: the enterprise
//     it refers to now loads, or its event date is no longer in the future.
//     One still rejected in the same version is left as it is; one that now
//     passes loads and its complaint disappears. One the bureau removed
//     outright (against the contract) takes its complaint with it.
//   - A row loaded earlier whose new version is rejected keeps its last good
//     version in the warehouse, so the numbers do not lose a row over a
//     typing error; the rejected version is listed, saying so
//     (warehouse.KeptVersionNote), until the bureau fixes it.
//   - Of an id several rows share, the copies withdrawn (deleted = 1) do not
//     count: withdrawing all copies but one is how a bureau resolves it.
//   - A pull whose process died stays running until the next ingest, which
//     closes it as failed (采集中断): at once when it ran on this host,
//     after abandonedPullAge otherwise.
//   - A withdrawn row (deleted = 1) is stored withdrawn even when its other
//     values are broken — withdrawing must always work — and its issues are
//     dropped: a withdrawn row counts nowhere, the data-quality report included.
//   - A reference to an enterprise is good when the bureau's enterprises
//     table has that id, withdrawn or not: withdrawing an enterprise must not
//     set its hazards and samplings aside.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/internal/instance"
	"zhengzhi/internal/progress"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// abandonedPullAge is how long a pull may stay running before the next
// ingest takes it for abandoned although its process cannot be looked up
// (it ran on another host, against a PostgreSQL or MySQL warehouse). A pull
// of the largest province takes minutes; one of another host still running
// after this is stuck, and if it ever ends its own record replaces ours.
const abandonedPullAge = 12 * time.Hour

// Source is one bureau database, or (Upload) a unit that reports by
// workbook: its current statement is pulled (see upload.go). A unit's rows
// come from one source: a city's rows about a county that has a source of
// its own are set aside with contract.CededReason.
type Source struct {
	Unit   string
	DSN    string
	Upload bool
	// Zone is the bureau's wall clock: a timestamp it stores without a zone
	// (MySQL DATETIME, PostgreSQL timestamp without time zone, SQLite text)
	// is a time there, and the raw values kept of its rows are written in
	// it. Nil is UTC — never the process's own zone.
	Zone *time.Location
}

// Options shape an ingest run.
type Options struct {
	// Now is the moment of the pull; event dates after its calendar date (in
	// Now's location) are rejected. Zero means the clock.
	Now time.Time
	// Progress receives a progress bar; nil is quiet.
	Progress io.Writer
}

// Report is what a run did, one entry per source in the order given.
type Report struct {
	Sources []SourceReport
}

// Degraded reports whether any source was not pulled.
func (r Report) Degraded() bool {
	for _, s := range r.Sources {
		if s.Outcome != warehouse.PullOK {
			return true
		}
	}
	return false
}

// changed reports whether the run loaded, updated or withdrew any row.
func (r Report) changed() bool {
	for _, s := range r.Sources {
		for _, c := range s.Tables {
			if c.Loaded+c.Updated+c.Deleted > 0 {
				return true
			}
		}
	}
	return false
}

// SourceReport is one source's pull.
type SourceReport struct {
	Unit     string
	PullID   int64
	Outcome  string // ok, refused, unreachable or failed (the warehouse could not store it)
	Started  time.Time
	Finished time.Time
	Error    string
	Tables   map[string]warehouse.TableCounts
}

// Run pulls every source into the warehouse. It returns an error only when
// the warehouse cannot record pulls or a source could not be stored (outcome
// failed); refused and unreachable sources are in the report.
func Run(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, sources []Source, opt Options) (Report, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	// A pull whose process was killed stays marked running: close those
	// first, as failed. Started times are the clock's, not opt.Now.
	clock := time.Now().UTC()
	if _, err := w.CloseAbandonedPulls(ctx, clock, clock.Add(-abandonedPullAge), instance.Gone); err != nil {
		return Report{}, err
	}
	bar := progress.New(opt.Progress, len(sources)*len(contract.Tables()), "行")
	rep := Report{Sources: make([]SourceReport, len(sources))}
	// Reading and checking a source keeps one core busy while its rows are
	// written; on PostgreSQL two sources are pulled at once so both cores
	// work. SQLite has one writer, and concurrent upserts on MySQL risk
	// InnoDB gap-lock deadlocks, so there sources are pulled one by one.
	workers := 1
	if w.Dialect() == sqldb.Postgres {
		workers = min(2, runtime.GOMAXPROCS(0))
	}
	errs := make([]error, len(sources))
	var g errgroup.Group
	g.SetLimit(workers)
	for i := range sources {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			rep.Sources[i], errs[i] = pullSource(ctx, w, reg, sources[i], cededCounties(reg, sources, sources[i].Unit), opt, bar)
			return nil
		})
	}
	_ = g.Wait() // each pull's error is in errs; the goroutines return none
	if err := errors.Join(errs...); err != nil {
		return rep, err
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	var failed []string
	for _, sr := range rep.Sources {
		if sr.Outcome == warehouse.PullFailed {
			failed = append(failed, sr.Unit+": "+sr.Error)
		}
	}
	bar.Finish()
	if rep.changed() {
		if err := w.RefreshStatistics(ctx); err != nil {
			return rep, err
		}
	}
	if len(failed) > 0 {
		return rep, fmt.Errorf("the warehouse could not store %d source(s): %s", len(failed), strings.Join(failed, "; "))
	}
	return rep, ctx.Err()
}

// oneLine is text on one line: every run of white space, line breaks and
// tabs included, one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// refusal is a source database that does not follow the contract.
type refusal struct{ reason string }

func (r refusal) Error() string { return r.reason }

// sourceError is a failure to open or read a source database.
type sourceError struct{ err error }

func (s sourceError) Error() string { return s.err.Error() }
func (s sourceError) Unwrap() error { return s.err }

// pullSource pulls one source and records the pull whatever its outcome.
func pullSource(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, s Source, ceded map[string]bool, opt Options, bar *progress.Bar) (SourceReport, error) {
	sr := SourceReport{Unit: s.Unit, Started: time.Now().UTC(), Tables: map[string]warehouse.TableCounts{}}
	id, err := w.BeginPull(ctx, s.Unit, sr.Started, instance.Name())
	if err != nil {
		return sr, err
	}
	sr.PullID = id
	p := &puller{w: w, reg: reg, source: s, pullID: id, now: opt.Now, today: zhengzhi.DateOf(opt.Now), bar: bar, counts: sr.Tables, ceded: ceded}
	err = p.run(ctx)
	var ref refusal
	var src sourceError
	switch {
	case err == nil:
		sr.Outcome = warehouse.PullOK
	case ctx.Err() != nil:
		sr.Outcome, sr.Error = warehouse.PullFailed, "interrupted: "+err.Error()
	case errors.As(err, &ref):
		sr.Outcome, sr.Error = warehouse.PullRefused, err.Error()
	case errors.As(err, &src):
		sr.Outcome, sr.Error = warehouse.PullUnreachable, err.Error()
	default:
		sr.Outcome, sr.Error = warehouse.PullFailed, err.Error()
	}
	if sr.Outcome != warehouse.PullOK {
		// Nothing of a failed pull was stored; its counts would mislead.
		clear(sr.Tables)
	}
	// A driver's message may span lines and hold tabs (PostgreSQL's DETAIL):
	// stored and shown in reports, it is one line.
	sr.Error = oneLine(sr.Error)
	sr.Finished = time.Now().UTC()
	if err := w.FinishPull(context.WithoutCancel(ctx), id, sr.Finished, sr.Outcome, sr.Error, sr.Tables); err != nil {
		return sr, err
	}
	return sr, nil
}
