package render

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"

	"zhengzhi/publish"
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

// PublishDraw publishes a month's draw through package publish as
// output/draws/<month>.json (written by published), .xlsx and .pdf with
// their manifest entries, all three or none, and returns their paths under
// the output folder.
func PublishDraw(opt DrawOptions, model reports.Draw, published func(io.Writer) error) ([]string, error) {
	renderer, err := newRenderer(opt.Templates, opt.Fonts)
	if err != nil {
		return nil, fmt.Errorf("draw PDF: %w: %w", ErrConfig, err)
	}
	files, err := publish.New(opt.Output).PublishDraw(model.Month, []publish.DrawFile{
		{Kind: publish.KindDrawJSON, Ext: "json", Write: published},
		{Kind: publish.KindDrawSheet, Ext: "xlsx", Write: func(w io.Writer) error { return excel.Draw(w, &model) }},
		{Kind: publish.KindDrawPDF, Ext: "pdf", Write: func(w io.Writer) error {
			warnings, err := renderer.Draw(w, model)
			for _, warn := range warnings {
				opt.Log.Warn("draw PDF", "warning", warn.String())
			}
			return err
		}},
	}, opt.Log)
	if err != nil {
		return nil, fmt.Errorf("draw output: %w", err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, "draws/"+f.Path)
	}
	return paths, nil
}

// PublishDrawCommitment publishes a month's seed commitment through package
// publish as output/draws/<month>-commitment.txt, the text the province
// posts before the draw, and returns its path under the output folder.
func PublishDrawCommitment(opt DrawOptions, model reports.SeedCommitment) (string, error) {
	f, err := publish.New(opt.Output).PublishDrawCommitment(model.Month, func(w io.Writer) error {
		_, err := io.WriteString(w, model.Text())
		return err
	}, opt.Log)
	if err != nil {
		return "", fmt.Errorf("draw commitment output: %w", err)
	}
	return "draws/" + f.Path, nil
}
