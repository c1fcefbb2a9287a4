package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/draw"
	"zhengzhi/pipeline"
)

func runDraw(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "draw", "draw 1–2 counties per city for a month's supervision visits (随机抽查), reproducible from the seed")
	month := fs.String("month", "", "the month YYYY-MM (default: this month in the config's time zone)")
	seed := fs.String("seed", "", "any text; default: the month's recorded seed, or one derived from the month and the registry")
	force := fs.Bool("force", false, "replace a month already drawn with another seed")
	format := formatFlag(fs, "table", "json")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *month != "" {
		if _, err := draw.ParseMonth(*month); err != nil {
			return usageError{fmt.Errorf("--month: %w", err)}
		}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if *month == "" {
		*month = s.today().Format("2006-01")
	}
	res, drawn, files, err := pipeline.New(cfg, s.w, s.reg, e.log).Draw(ctx, draw.Request{Month: *month, Seed: *seed, Force: *force}, time.Now())
	if err != nil {
		return err
	}
	if drawn {
		e.log.Info("draw stored", "month", res.Month, "seed", res.Seed)
	} else {
		e.log.Info("month already drawn with this seed: the stored draw, unchanged", "month", res.Month, "seed", res.Seed)
	}
	e.log.Info("draw written", "files", strings.Join(files, ", "))
	if format.value == "json" {
		return pipeline.WriteDrawJSON(e.stdout, res)
	}
	return writeDrawTable(e.stdout, s.reg, res)
}

func writeDrawTable(w io.Writer, reg *zhengzhi.Registry, res draw.Result) error {
	fmt.Fprintf(w, "%s 随机抽查  种子: %s\n", res.Month, res.Seed)
	fmt.Fprintf(w, "规则: 各市现有县（市、区）%d 个及以上抽 2 个，否则抽 1 个；上月已抽的县优先回避。\n\n", draw.TwoCountiesFrom)
	for _, p := range res.Picks {
		var names []string
		for _, c := range p.Counties {
			names = append(names, fmt.Sprintf("%s (%s)", reg.Name(c), c))
		}
		if len(names) == 0 {
			names = []string{"（无现有县）"}
		}
		if _, err := fmt.Fprintf(w, "%s (%s): %s\n", reg.Name(p.City), p.City, strings.Join(names, "、")); err != nil {
			return err
		}
	}
	return nil
}
