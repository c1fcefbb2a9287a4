package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"zhengzhi/seed"
)

// runSeed writes the synthetic demo province into every bureau source of the config.
func runSeed(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "seed", "generate the synthetic demo province's bureau databases: every source of the\n"+
		"config is replaced (a SQLite file is made anew; on PostgreSQL/MySQL the contract tables are dropped and created)")
	scale := fs.String("scale", string(seed.ScaleDemo), "how much data: demo (tens of thousands of rows), province (~1M), large (~10M)")
	seedNo := fs.Int64("seed", 1, "random seed; the same seed and options give the same rows")
	until := fs.String("until", seed.DefaultUntil.Format(time.DateOnly), "last event date, YYYY-MM-DD (the campaign starts 2026-08-01)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	last, err := time.Parse(time.DateOnly, *until)
	if err != nil {
		return usageError{fmt.Errorf("--until %q: want YYYY-MM-DD", *until)}
	}
	switch seed.Scale(*scale) {
	case seed.ScaleDemo, seed.ScaleProvince, seed.ScaleLarge:
	default:
		return usageError{fmt.Errorf("--scale %q: want demo, province or large", *scale)}
	}
	reg, err := cfg.LoadRegistry()
	if err != nil {
		return usageError{err}
	}
	if len(cfg.Sources) == 0 {
		return usageError{fmt.Errorf("config %s lists no sources to write", *cfgPath)}
	}
	var targets []seed.Target
	for _, s := range cfg.Sources {
		targets = append(targets, seed.Target{Unit: s.Unit, DSN: cfg.ResolveDSN(s.DSN)})
	}
	start := time.Now()
	sum, err := seed.Generate(ctx, reg, targets, seed.Options{Scale: seed.Scale(*scale), Seed: *seedNo, Until: last})
	if err != nil {
		return err
	}
	e.log.Info("seed done", "scale", *scale, "seed", *seedNo, "until", *until, "bureaus", len(sum),
		"elapsed", time.Since(start).Round(time.Millisecond))
	return printSeedSummary(e, reg.Name, sum)
}

// printSeedSummary prints rows written per bureau and table, bad rows included.
func printSeedSummary(e *env, name func(string) string, sum seed.Summary) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "bureau\t")
	for _, t := range seed.Tables {
		fmt.Fprintf(tw, "%s\t", t)
	}
	fmt.Fprint(tw, "total\tbad\t\n")
	all := map[string]int{}
	total, bad := 0, 0
	for _, b := range sum {
		fmt.Fprintf(tw, "%s %s\t", b.Unit, name(b.Unit))
		for _, t := range seed.Tables {
			fmt.Fprintf(tw, "%d\t", b.Rows[t])
			all[t] += b.Rows[t]
		}
		n := 0
		for kind, c := range b.Defects {
			if kind != "soft_deleted" {
				n += c
			}
		}
		fmt.Fprintf(tw, "%d\t%d\t\n", b.Total(), n)
		total += b.Total()
		bad += n
	}
	fmt.Fprint(tw, "合计\t")
	for _, t := range seed.Tables {
		fmt.Fprintf(tw, "%d\t", all[t])
	}
	fmt.Fprintf(tw, "%d\t%d\t\n", total, bad)
	return tw.Flush()
}
