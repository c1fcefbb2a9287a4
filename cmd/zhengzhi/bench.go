package main

import (
	"context"
	"fmt"

	"zhengzhi/bench"
	"zhengzhi/config"
	"zhengzhi/reports/pdf"
	"zhengzhi/seed"
)

// runBench generates a data set and times every step of the pipeline beside its raw engine.
func runBench(ctx context.Context, e *env, args []string) error {
	flagSet, cfgPath := flags(e, "bench", "measure the whole pipeline against its raw engines: generate a data set into\n"+
		"temporary bureau files (not timed), then time ingest, assess, pdf, excel and ledger, each beside the\n"+
		"same work done by the bare engine. Uses the config's registry, rule sets and fonts, never its warehouse.")
	scale := flagSet.String("scale", string(seed.ScaleDemo), "data set size: demo (seconds), province (~1M rows), large (~10M rows)")
	dsn := flagSet.String("warehouse", "sqlite", "engine to measure on: sqlite (a temporary file), or a postgres://… or mysql://…\n"+
		"DSN whose server gets a scratch database zz_bench_<pid>, dropped after (the named database is not touched)")
	format := flagSet.String("format", "table", "output: table (Markdown) or json")
	profile := flagSet.String("cpuprofile", "", "write a CPU profile of each step and of its raw baseline: FILE.pprof gives FILE.ingest.pprof, FILE.ingest-raw.pprof, …")
	tmp := flagSet.String("tmpdir", "", "folder for the bureau files, the SQLite warehouse and the reports (default: the system's)")
	cfg, err := parse(flagSet, cfgPath, args)
	if err != nil {
		return err
	}
	switch seed.Scale(*scale) {
	case seed.ScaleDemo, seed.ScaleProvince, seed.ScaleLarge:
	default:
		return usageError{fmt.Errorf("--scale %q: want demo, province or large", *scale)}
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Errorf("--format %q: want table or json", *format)}
	}
	if *dsn == "sqlite" {
		// Only the engine counts: the run makes its own file.
		*dsn = "sqlite:warehouse.db"
	}
	reg, err := cfg.LoadRegistry()
	if err != nil {
		return usageError{err}
	}
	loc, err := cfg.Location()
	if err != nil {
		return usageError{err}
	}
	rulesets := make([]string, len(cfg.RuleSets))
	for i, p := range cfg.RuleSets {
		rulesets[i] = cfg.Path(p)
	}
	// Progress goes to stderr, so that --format json on stdout stays clean.
	res, err := bench.Run(ctx, bench.Options{Scale: seed.Scale(*scale), Registry: reg, Warehouse: *dsn,
		RuleSets: rulesets, Templates: cfg.Path("templates"), Fonts: fontOverrides(cfg), Location: loc, Demo: cfg.Demo, TmpDir: *tmp, CPUProfile: *profile, Log: e.stderr})
	if err != nil {
		return err
	}
	if *format == "json" {
		return res.WriteJSON(e.stdout)
	}
	return res.WriteTable(e.stdout)
}

// fontOverrides are the config's own report fonts, resolved against its
// folder; empty ones keep the templates' defaults.
func fontOverrides(cfg *config.Config) pdf.FontFiles {
	own := pdf.FontFiles(cfg.Fonts)
	for _, p := range []*string{&own.Regular, &own.Bold, &own.Title, &own.Body, &own.Heading, &own.Kai} {
		*p = cfg.Path(*p)
	}
	return own
}
