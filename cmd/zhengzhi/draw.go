package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/draw"
	"zhengzhi/render"
	"zhengzhi/reports"
	"zhengzhi/reports/pdf"
	"zhengzhi/templates"
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
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if *month == "" {
		*month = s.today().Format("2006-01")
	}
	res, drawn, err := draw.Run(ctx, s.w, s.reg, draw.Request{Month: *month, Seed: *seed, Force: *force}, time.Now())
	if err != nil {
		return err
	}
	if drawn {
		e.log.Info("draw stored", "month", res.Month, "seed", res.Seed)
	} else {
		e.log.Info("month already drawn with this seed: the stored draw, unchanged", "month", res.Month, "seed", res.Seed)
	}
	files, err := s.publishDraw(res, e.log)
	if err != nil {
		return err
	}
	e.log.Info("draw written", "files", strings.Join(files, ", "))
	if format.value == "json" {
		return writeDrawJSON(e.stdout, res)
	}
	return writeDrawTable(e.stdout, s.reg, res)
}

func writeDrawJSON(w io.Writer, res draw.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
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

// publishDraw publishes a draw as output/draws/<month>.json, .xlsx and .pdf.
func (s *session) publishDraw(res draw.Result, log *slog.Logger) ([]string, error) {
	month, err := draw.ParseMonth(res.Month)
	if err != nil {
		return nil, err
	}
	model := draw.Report(res, s.reg, reports.Meta{AsOf: month, GeneratedAt: res.DrawnAt.In(s.loc), Demo: s.cfg.Demo, Province: s.reg.Province})
	return render.PublishDraw(render.DrawOptions{Output: s.cfg.Output, Templates: templates.Overlay(s.cfg.Templates), Fonts: pdf.FontFiles(s.cfg.Fonts), Log: log},
		model, func(w io.Writer) error { return writeDrawJSON(w, res) })
}
