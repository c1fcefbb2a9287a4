package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"zhengzhi/seed"
)

// runSeed writes the synthetic demo province into every bureau source of the config.
func runSeed(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "seed", "generate the synthetic demo province's bureau databases: every source of the\n"+
		"config is replaced (a SQLite file is made anew; on PostgreSQL/MySQL the contract tables are dropped and created).\n"+
		"Only a config that says demo: true is seeded, and only sources that hold nothing but what seed wrote, unless --force")
	scale := scaleFlag(fs, "how much data: demo (tens of thousands of rows), province (~1M), large (~10M)")
	seedNo := fs.Int64("seed", 1, "random seed; the same seed and options give the same rows")
	until := &dateFlag{date: seed.DefaultUntil}
	fs.Var(until, "until", "last event date, YYYY-MM-DD (the campaign starts 2026-08-01)")
	force := fs.Bool("force", false, "replace sources that hold rows seed did not write (demo databases only)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if !cfg.Demo {
		return usageError{fmt.Errorf("配置 %s 没有写 demo: true：seed 会覆盖数据源，只用于演示库，拒绝执行", *cfgPath)}
	}
	s, err := openDeployment(ctx, cfg, false)
	if err != nil {
		return err
	}
	if len(cfg.Sources) == 0 {
		return usageError{fmt.Errorf("config %s lists no sources to write", *cfgPath)}
	}
	var targets []seed.Target
	for _, src := range cfg.Sources {
		if !src.Upload { // a unit reporting by workbook has no database to write
			targets = append(targets, seed.Target{Unit: src.Unit, DSN: src.DSN})
		}
	}
	start := time.Now()
	sum, err := seed.Generate(ctx, s.reg, targets, seed.Options{Scale: seed.Scale(scale.value), Seed: *seedNo, Until: until.date, Force: *force, Progress: terminal(e.stderr)})
	if errors.Is(err, seed.ErrForeignRows) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	e.log.Info("seed done", "scale", scale.value, "seed", *seedNo, "until", until.date, "bureaus", len(sum),
		"elapsed", time.Since(start).Round(time.Millisecond))
	return printSeedSummary(e, s.reg.Name, sum)
}

// printSeedSummary prints rows written per bureau and table, bad rows included.
func printSeedSummary(e *env, name func(string) string, sum seed.Summary) error {
	header := append(append([]string{"单位"}, seed.Tables...), "合计", "违规行")
	t := newTable(header...)
	for i := 1; i < len(header); i++ {
		t.alignRight(i)
	}
	all := map[string]int{}
	total, bad := 0, 0
	for _, b := range sum {
		row := []string{b.Unit + " " + name(b.Unit)}
		for _, tb := range seed.Tables {
			row = append(row, strconv.Itoa(b.Rows[tb]))
			all[tb] += b.Rows[tb]
		}
		n := 0
		for kind, c := range b.Defects {
			if kind != "soft_deleted" {
				n += c
			}
		}
		t.add(append(row, strconv.Itoa(b.Total()), strconv.Itoa(n))...)
		total += b.Total()
		bad += n
	}
	row := []string{"合计"}
	for _, tb := range seed.Tables {
		row = append(row, strconv.Itoa(all[tb]))
	}
	t.add(append(row, strconv.Itoa(total), strconv.Itoa(bad))...)
	return t.write(e.stdout)
}
