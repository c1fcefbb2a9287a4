package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/bench/bare"
	"zhengzhi/ingest"
	"zhengzhi/publish"
	"zhengzhi/render"
	"zhengzhi/reports"
	"zhengzhi/reports/pdf"
	"zhengzhi/seed"
	"zhengzhi/sqldb"
)

// ingest pulls every bureau database into the empty warehouse, then bulk
// loads the same source rows into scratch tables the bare engine's way.
func (r *runner) ingest(ctx context.Context) (Step, error) {
	var rep ingest.Report
	got, err := measure(r.profile(StepIngest), func() error {
		var err error
		// The evening (20:00 UTC) of the last event day, as seed.PulledAt has it:
		// no generated event or updated_at lies in the future.
		rep, err = ingest.Run(ctx, r.w, r.opt.Registry, r.sources, ingest.Options{Now: seed.PulledAt(AsOf)})
		return err
	})
	if err != nil {
		return Step{}, err
	}
	if rep.Degraded() {
		return Step{}, fmt.Errorf("a generated bureau database was not pulled: %+v", rep.Sources)
	}
	if err := r.w.CreateBareTables(ctx); err != nil {
		return Step{}, err
	}
	var loaded int64
	raw, err := measure(r.profile(StepIngest+"-raw"), func() error {
		var err error
		loaded, err = ingest.BareLoad(ctx, r.w, r.sources)
		return err
	})
	if err != nil {
		return Step{}, err
	}
	if loaded != r.res.Rows {
		return Step{}, fmt.Errorf("the raw load stored %d rows of the %d generated", loaded, r.res.Rows)
	}
	if err := r.w.DropBareTables(ctx); err != nil {
		return Step{}, err
	}
	how := "COPY (pgx CopyFrom) into scratch tables, one transaction per source"
	switch r.w.Dialect() {
	case sqldb.SQLite:
		how = "prepared 1000-row INSERTs into scratch tables, one transaction per source"
	case sqldb.MySQL:
		how = "1000-row INSERTs into scratch tables, one transaction per source"
	}
	return newStep(StepIngest, r.res.Rows, "rows", got, raw, "read every source table in full, "+how), nil
}

// assess scores every rule set as of AsOf and stores the results; the raw
// baseline computes the same indicator values without scoring or storing.
func (r *runner) assess(ctx context.Context) (Step, error) {
	r.rules = r.rules[:0]
	for _, path := range r.opt.RuleSets {
		rs, err := assess.LoadRuleSet(path)
		if err != nil {
			return Step{}, err
		}
		r.rules = append(r.rules, rs)
	}
	var units int64
	got, err := measure(r.profile(StepAssess), func() error {
		for _, rs := range r.rules {
			res, err := assess.Run(ctx, r.w, r.opt.Registry, rs, AsOf)
			if err != nil {
				return err
			}
			units += int64(len(res.Assessment.Units))
		}
		return nil
	})
	if err != nil {
		return Step{}, err
	}
	var queries int
	raw, err := measure(r.profile(StepAssess+"-raw"), func() error {
		for _, rs := range r.rules {
			if _, err := r.w.IndicatorValues(ctx, r.opt.Registry, rs, AsOf); err != nil {
				return err
			}
			queries += len(rs.UsedIndicators())
		}
		return nil
	})
	if err != nil {
		return Step{}, err
	}
	return newStep(StepAssess, units, "units scored", got, raw,
		fmt.Sprintf("the %d indicator queries of the %d rule sets, rows drained, nothing scored or stored", queries, len(r.rules))), nil
}

// render runs the render step of the pipeline for one kind of file (and,
// when unit is set, that unit's files only) into the run's output folder and
// returns the files it wrote.
func (r *runner) render(ctx context.Context, kind, unit string) ([]publish.File, error) {
	res, err := render.Run(ctx, render.Options{Warehouse: r.w, Registry: r.opt.Registry, RuleSets: r.rules,
		Sources: r.units(), Output: filepath.Join(r.dir, "output"), Templates: r.opt.Templates, Fonts: r.opt.Fonts,
		AsOf: AsOf, Location: r.opt.Location, Demo: r.opt.Demo, Only: []string{kind}, Unit: unit})
	if err != nil {
		return nil, err
	}
	var files []publish.File
	for _, f := range res.Manifest.Files {
		if f.Kind == kind {
			files = append(files, f)
		}
	}
	r.outDir = res.Dir
	return files, nil
}

// pdf renders every scorecard, the progress report and the year-end
// summary; the raw baseline writes as many minimal one-page documents with
// the same font.
func (r *runner) pdf(ctx context.Context) (Step, error) {
	var files int64
	got, err := measure(r.profile(StepPDF), func() error {
		for _, kind := range []string{publish.KindScorecard, publish.KindProgress, publish.KindSummary} {
			fs, err := r.render(ctx, kind, "")
			if err != nil {
				return err
			}
			files += int64(len(fs))
		}
		return nil
	})
	if err != nil {
		return Step{}, err
	}
	fonts, err := r.fontFiles()
	if err != nil {
		return Step{}, err
	}
	rawDir := filepath.Join(r.dir, "pdf-raw")
	if err := os.MkdirAll(rawDir, 0o755); err != nil {
		return Step{}, err
	}
	raw, err := measure(r.profile(StepPDF+"-raw"), func() error { return bare.Documents(ctx, fonts.Regular, rawDir, int(files)) })
	if err != nil {
		return Step{}, err
	}
	return newStep(StepPDF, files, "files", got, raw,
		fmt.Sprintf("%d one-line, one-page maroto documents with the regular font, compressed, on every core", files)), nil
}

// fontFiles is the font set the render uses: the templates' defaults with the run's overrides.
func (r *runner) fontFiles() (pdf.FontFiles, error) {
	files, err := pdf.ReadFontFiles(r.opt.Templates)
	if err != nil {
		return files, err
	}
	return files.With(r.opt.Fonts), nil
}

// windowStart is where the reports' statistics period begins: the earliest rule set window.
func (r *runner) windowStart() zhengzhi.Date {
	start := r.rules[0].Window.Start
	for _, rs := range r.rules {
		if rs.Window.Start < start {
			start = rs.Window.Start
		}
	}
	return start
}

// excel renders the 'six ones' workbook of the province and of each city;
// the raw baseline reads the same statistics and writes the same cell
// values with excelize's plain API, without styles, formulas or charts.
func (r *runner) excel(ctx context.Context) (Step, error) {
	var files []publish.File
	got, err := measure(r.profile(StepExcel), func() error {
		var err error
		files, err = r.render(ctx, publish.KindSixOnes, "")
		return err
	})
	if err != nil {
		return Step{}, err
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(r.outDir, filepath.FromSlash(f.Path))
	}
	books, err := bare.ReadCells(paths)
	if err != nil {
		return Step{}, err
	}
	rawDir := filepath.Join(r.dir, "excel-raw")
	if err := os.MkdirAll(rawDir, 0o755); err != nil {
		return Step{}, err
	}
	raw, err := measure(r.profile(StepExcel+"-raw"), func() error {
		// The same statistics are read as the render reads them: the
		// province's once, each city's being the province's within it.
		// The ratio is the workbooks' own cost.
		reg := r.opt.Registry
		if _, err := r.w.Progress(ctx, reg, reg.Province, r.windowStart(), AsOf); err != nil {
			return err
		}
		return bare.WriteBooks(rawDir, books)
	})
	if err != nil {
		return Step{}, err
	}
	return newStep(StepExcel, int64(len(files)), "files", got, raw,
		fmt.Sprintf("the same statistics queries, then the %d workbooks' cell values (%d cells) with excelize's plain API: no styles, merges, formulas or charts",
			len(books), bare.CellCount(books))), nil
}

// ledger renders the province-wide hazard ledger; the raw baseline streams
// the same query's rows, the same cells, through a bare StreamWriter.
func (r *runner) ledger(ctx context.Context) (Step, error) {
	province := r.opt.Registry.Province
	got, err := measure(r.profile(StepLedger), func() error {
		files, err := r.render(ctx, publish.KindHazardLedger, province.Code)
		if err == nil && len(files) != 1 {
			err = fmt.Errorf("the render wrote %d province hazard ledgers", len(files))
		}
		return err
	})
	if err != nil {
		return Step{}, err
	}
	var rows int64
	var columns int
	raw, err := measure(r.profile(StepLedger+"-raw"), func() error {
		recs, err := r.w.HazardRecords(ctx, province, r.windowStart(), AsOf)
		if err != nil {
			return err
		}
		rows = recs.Count
		l := reports.HazardLedger(reports.Meta{AsOf: AsOf}, r.opt.Registry, province, r.windowStart(), recs.Count, recs.Rows)
		columns, err = bare.HazardLedger(filepath.Join(r.dir, "hazard-ledger-raw.xlsx"), r.dir, l)
		return err
	})
	if err != nil {
		return Step{}, err
	}
	return newStep(StepLedger, rows, "rows", got, raw,
		fmt.Sprintf("the same ledger query's %d rows × %d cells through a bare excelize StreamWriter: no styles, header or page setup",
			rows, columns)), nil
}
