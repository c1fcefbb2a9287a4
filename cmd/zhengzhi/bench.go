package main

import (
	"context"
	"flag"

	"zhengzhi/bench"
	"zhengzhi/reports/pdf"
	"zhengzhi/seed"
	"zhengzhi/templates"
)

// runBench generates a data set and times every step of the pipeline beside its raw engine.
func runBench(ctx context.Context, e *env, args []string) error {
	flagSet, cfgPath := flags(e, "bench", "measure the whole pipeline against its raw engines: generate a data set into\n"+
		"temporary bureau files (not timed), then time ingest, assess, pdf, excel and ledger, each beside the\n"+
		"same work done by the bare engine. Uses the config's registry, rule sets and fonts, never its warehouse.")
	scale := scaleFlag(flagSet, "data set size: demo (seconds), province (~1M rows), large (~10M rows)")
	dsn := flagSet.String("warehouse", "sqlite", "engine to measure on: sqlite (a temporary file), or a postgres://… or mysql://…\n"+
		"DSN whose server gets a scratch database zz_bench_<pid>, dropped after (the named database is not touched)")
	format := formatFlag(flagSet, "table", "json")
	profile := flagSet.String("cpuprofile", "", "write a CPU profile of each step and of its raw baseline: FILE.pprof gives FILE.ingest.pprof, FILE.ingest-raw.pprof, …")
	tmp := flagSet.String("tmpdir", "", "folder for the bureau files, the SQLite warehouse and the reports (default: the system's)")
	cfg, err := parse(flagSet, cfgPath, args)
	if err != nil {
		return err
	}
	if *dsn == "sqlite" {
		// Only the engine counts: the run makes its own file.
		*dsn = "sqlite:warehouse.db"
	}
	s, err := openDeployment(ctx, cfg, false)
	if err != nil {
		return err
	}
	// Progress goes to stderr, so that --format json on stdout stays clean.
	res, err := bench.Run(ctx, bench.Options{Scale: seed.Scale(scale.value), Registry: s.reg, Warehouse: *dsn,
		RuleSets: cfg.RuleSets, Templates: templates.Overlay(cfg.Templates), Fonts: pdf.FontFiles(cfg.Fonts), Location: s.loc, Demo: cfg.Demo,
		TmpDir: *tmp, CPUProfile: *profile, Log: e.stderr})
	if err != nil {
		return err
	}
	if format.value == "json" {
		return res.WriteJSON(e.stdout)
	}
	return res.WriteTable(e.stdout)
}

// scaleFlag is the --scale flag of the commands that generate data.
func scaleFlag(fs *flag.FlagSet, usage string) *choice {
	return choiceFlag(fs, "scale", usage, string(seed.ScaleDemo), string(seed.ScaleProvince), string(seed.ScaleLarge))
}
