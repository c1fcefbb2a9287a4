// Package bench measures the whole pipeline — ingest, assess, PDF, the
// 'six ones' workbooks and the province-wide hazard ledger — on a generated
// data set, each step beside the same work done by the bare engine it rests
// on (a plain bulk load, the bare indicator queries, minimal maroto
// documents, a bare excelize writer), so that the overhead of zhengzhi's
// own code is a ratio anyone can re-measure on their machine.
package bench

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/ingest"
	"zhengzhi/reports/pdf"
	"zhengzhi/seed"
	"zhengzhi/warehouse"
)

// Options shape a bench run.
type Options struct {
	Scale    seed.Scale
	Registry *zhengzhi.Registry
	// Warehouse is a DSN naming the engine to measure on. For SQLite only
	// the dialect counts (the run uses a file of its own); on PostgreSQL and
	// MySQL the run creates zz_bench_<pid> on that server and drops it after.
	Warehouse string
	// RuleSets are the rule set files to assess (the four of 2026).
	RuleSets []string
	// Templates is the folder of the narrative templates and the default
	// font set (templates/ of the repository); Fonts override the font set
	// file by file, as a config's fonts do.
	Templates fs.FS
	Fonts     pdf.FontFiles
	// Location is the time zone the reports state times in; nil is UTC.
	Location *time.Location
	Demo     bool
	// TmpDir holds the bureau files, the SQLite warehouse and the written
	// reports; "" is the system's temporary folder. Everything is removed after.
	TmpDir string
	// CPUProfile, when set, profiles each step's pipeline run and its raw
	// baseline into files of their own: cpu.pprof gives cpu.ingest.pprof,
	// cpu.ingest-raw.pprof, ….
	CPUProfile string
	// Log receives one line per phase as the run goes; nil is quiet.
	Log io.Writer
	// PortalTime is how long each phase of the portal step runs; zero is
	// 3 s at demo scale and 10 s otherwise.
	PortalTime time.Duration
}

// AsOf is the date the bench assesses and reports as of: the last day the
// generator writes events for.
var AsOf = seed.DefaultUntil

// Run generates the data set into fresh SQLite bureau files (not timed),
// then runs and times each step and its raw baseline against a fresh
// warehouse, and returns the measurements.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Registry == nil {
		return nil, fmt.Errorf("bench: no unit registry")
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if len(opt.RuleSets) == 0 {
		return nil, fmt.Errorf("bench: no rule sets to assess")
	}
	dir, err := os.MkdirTemp(opt.TmpDir, "zz-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench: temporary folder: %w", err)
	}
	defer os.RemoveAll(dir)
	r := &runner{opt: opt, dir: dir, res: &Result{Scale: string(opt.Scale), Warehouse: dialectOf(opt.Warehouse)}}
	if err := r.generate(ctx); err != nil {
		return nil, err
	}
	dsn, drop, err := scratchWarehouse(ctx, opt.Warehouse, dir)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer drop()
	r.w, err = warehouse.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer r.w.Close()
	for _, step := range []struct {
		name string
		run  func(context.Context) (Step, error)
	}{
		{StepIngest, r.ingest}, {StepAssess, r.assess}, {StepPDF, r.pdf}, {StepExcel, r.excel}, {StepLedger, r.ledger},
		{StepPortal, r.portal},
	} {
		r.logf("%s …", step.name)
		s, err := step.run(ctx)
		if err != nil {
			return r.res, fmt.Errorf("bench %s: %w", step.name, err)
		}
		r.logf("%s: %.2f s (raw %.2f s, ×%.2f)", step.name, s.Seconds, s.RawSeconds, s.Ratio)
		r.res.Steps = append(r.res.Steps, s)
	}
	return r.res, nil
}

// runner is one bench run's shared state, passed from step to step.
type runner struct {
	opt     Options
	dir     string
	res     *Result
	w       *warehouse.Warehouse
	sources []ingest.Source
	rules   []*zhengzhi.RuleSet
	outDir  string // the render's output/<as-of>/ folder
}

// units are the bureaus of the run, province office first.
func (r *runner) units() []string {
	out := make([]string, len(r.sources))
	for i, s := range r.sources {
		out[i] = s.Unit
	}
	return out
}

func (r *runner) logf(format string, args ...any) {
	if r.opt.Log != nil {
		fmt.Fprintf(r.opt.Log, "%s bench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
	}
}

// profile is the CPU profile file of one step, "" when not profiling.
func (r *runner) profile(step string) string {
	if r.opt.CPUProfile == "" {
		return ""
	}
	ext := filepath.Ext(r.opt.CPUProfile)
	return strings.TrimSuffix(r.opt.CPUProfile, ext) + "." + step + ext
}

// generate writes the province office's and every city's bureau database.
func (r *runner) generate(ctx context.Context) error {
	reg := r.opt.Registry
	var targets []seed.Target
	for _, u := range append(reg.Units(zhengzhi.LevelProvince), reg.Units(zhengzhi.LevelCity)...) {
		dsn := "sqlite:" + filepath.Join(r.dir, "bureaus", u.Code+".db")
		targets = append(targets, seed.Target{Unit: u.Code, DSN: dsn})
		r.sources = append(r.sources, ingest.Source{Unit: u.Code, DSN: dsn})
	}
	if err := os.MkdirAll(filepath.Join(r.dir, "bureaus"), 0o755); err != nil {
		return err
	}
	r.logf("generating the %s data set into %d bureau databases (not timed) …", r.opt.Scale, len(targets))
	sum, err := seed.Generate(ctx, reg, targets, seed.Options{Scale: r.opt.Scale, Until: AsOf})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	for _, b := range sum {
		r.res.Rows += int64(b.Total())
	}
	r.logf("%d rows generated", r.res.Rows)
	return nil
}
