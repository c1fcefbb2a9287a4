package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/config"
	"zhengzhi/draw"
	"zhengzhi/reports"
	"zhengzhi/reports/excel"
	"zhengzhi/reports/pdf"
	"zhengzhi/warehouse"
)

func runDraw(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "draw", "draw 1–2 counties per city for a month's supervision visits (随机抽查), reproducible from the seed")
	month := fs.String("month", "", "the month YYYY-MM (default: this month in the config's time zone)")
	seed := fs.String("seed", "", "any text; default: the month's recorded seed, or one derived from the month and the registry")
	force := fs.Bool("force", false, "replace a month already drawn with another seed")
	format := fs.String("format", "table", "output: table or json")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Errorf("--format %q: want table or json", *format)}
	}
	reg, err := cfg.LoadRegistry()
	if err != nil {
		return usageError{err}
	}
	loc, err := cfg.Location()
	if err != nil {
		return usageError{err}
	}
	if *month == "" {
		*month = time.Now().In(loc).Format("2006-01")
	}
	if _, err := draw.ParseMonth(*month); err != nil {
		return usageError{fmt.Errorf("--month: %w", err)}
	}
	w, err := warehouse.Open(ctx, cfg.ResolveDSN(cfg.Warehouse))
	if err != nil {
		return err
	}
	defer w.Close()
	res, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: *month, Seed: *seed, Force: *force}, time.Now())
	if err != nil {
		return err
	}
	if drawn {
		e.log.Info("draw stored", "month", res.Month, "seed", res.Seed)
	} else {
		e.log.Info("month already drawn with this seed: the stored draw, unchanged", "month", res.Month, "seed", res.Seed)
	}
	files, err := writeDrawFiles(cfg, reg, res, e.log)
	if err != nil {
		return err
	}
	e.log.Info("draw written", "files", strings.Join(files, ", "))
	if *format == "json" {
		return writeDrawJSON(e.stdout, res)
	}
	return writeDrawTable(e.stdout, reg, res)
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

// writeDrawFiles publishes a draw as output/draws/<month>.json, .xlsx and
// .pdf, each written to a temporary name and renamed when complete, so a stop
// never leaves half a file under its real name.
func writeDrawFiles(cfg *config.Config, reg *zhengzhi.Registry, res draw.Result, log *slog.Logger) ([]string, error) {
	loc, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	fontFiles, err := pdf.ReadFontFiles(filepath.Join(cfg.Path("templates"), "fonts.yaml"))
	if err != nil {
		return nil, err
	}
	fonts, err := pdf.LoadFonts(fontFiles.With(pdf.FontFiles(cfg.Fonts)))
	if err != nil {
		return nil, fmt.Errorf("draw PDF: %w", err)
	}
	month, _ := draw.ParseMonth(res.Month)
	model := draw.Report(res, reg, reports.Meta{AsOf: month, GeneratedAt: res.DrawnAt.In(loc), Demo: cfg.Demo, Province: reg.Province})
	dir := filepath.Join(cfg.Path(cfg.Output), "draws")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("draw output: %w", err)
	}
	outputs := []struct {
		ext   string
		write func(io.Writer) error
	}{
		{"json", func(w io.Writer) error { return writeDrawJSON(w, res) }},
		{"xlsx", func(w io.Writer) error { return excel.Draw(w, &model) }},
		{"pdf", func(w io.Writer) error {
			warnings, err := pdf.NewRenderer(fonts).Draw(w, model)
			for _, warn := range warnings {
				log.Warn("draw PDF", "warning", warn.String())
			}
			return err
		}},
	}
	var files []string
	for _, o := range outputs {
		path := filepath.Join(dir, res.Month+"."+o.ext)
		if err := writeFileAtomically(path, o.write); err != nil {
			return files, fmt.Errorf("draw output %s: %w", path, err)
		}
		files = append(files, path)
	}
	return files, nil
}

// writeFileAtomically writes path through a temporary file in its folder and
// renames it into place only when complete.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
