package render

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"

	"zhengzhi/reports"
	"zhengzhi/reports/excel"
	"zhengzhi/reports/pdf"
)

// DrawOptions describe where a draw is published.
type DrawOptions struct {
	// Output is the output folder; a draw goes to Output/draws/.
	Output string
	// Templates holds the default font set (fonts.yaml).
	Templates fs.FS
	// Fonts override the default font set file by file.
	Fonts pdf.FontFiles
	Log   *slog.Logger
}

// PublishDraw writes a month's draw as output/draws/<month>.json (written by
// published), .xlsx and .pdf, each complete or not at all, and returns the
// files' paths.
func PublishDraw(opt DrawOptions, model reports.Draw, published func(io.Writer) error) ([]string, error) {
	renderer, err := newRenderer(opt.Templates, opt.Fonts)
	if err != nil {
		return nil, fmt.Errorf("draw PDF: %w: %w", ErrConfig, err)
	}
	out := dir{root: filepath.Join(opt.Output, "draws")}
	outputs := []struct {
		kind, ext string
		write     func(io.Writer) error
	}{
		{"draw_json", "json", published},
		{"draw_sheet", "xlsx", func(w io.Writer) error { return excel.Draw(w, &model) }},
		{"draw_pdf", "pdf", func(w io.Writer) error {
			warnings, err := renderer.Draw(w, model)
			for _, warn := range warnings {
				opt.Log.Warn("draw PDF", "warning", warn.String())
			}
			return err
		}},
	}
	var files []string
	for _, o := range outputs {
		rel := model.Month + "." + o.ext
		if _, err := out.write(rel, o.kind, "", "", o.write); err != nil {
			return files, fmt.Errorf("draw output: %w", err)
		}
		files = append(files, filepath.Join(out.root, rel))
	}
	return files, nil
}
