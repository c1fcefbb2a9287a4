package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/excel"
)

// scorecards renders every unit's scorecard of every rule set, on every core.
func (r *run) scorecards(ctx context.Context) error {
	if !r.wants(publish.KindScorecard) {
		return nil
	}
	var cards []reports.Scorecard
	for _, res := range r.results {
		for _, c := range reports.BuildScorecards(r.meta, res.Assessment, res.Values) {
			if r.wantsUnit(c.Unit.Code) {
				cards = append(cards, c)
			}
		}
	}
	var mu sync.Mutex
	ws, err := r.renderer.Scorecards(ctx, cards, func(i int) (io.WriteCloser, error) {
		c := cards[i]
		rel := path.Join(r.cityFolder(c.Unit.Code), "scorecards", c.RuleSetID+"-"+c.Unit.Code+".pdf")
		return r.out.Create(rel, publish.KindScorecard, c.Unit.Code, c.RuleSetID, func(f publish.File) {
			mu.Lock()
			r.files = append(r.files, f)
			mu.Unlock()
		})
	})
	r.warn("scorecards", ws)
	return err
}

// progress renders the province's periodic progress report.
func (r *run) progress(ctx context.Context) error {
	if !r.wants(publish.KindProgress) || !r.wantsUnit(r.opt.Registry.Province.Code) {
		return nil
	}
	city := r.resultsOf(zhengzhi.LevelCity)
	if len(city) == 0 {
		return fmt.Errorf("progress report: no city-level rule set configured")
	}
	w, reg := r.opt.Warehouse, r.opt.Registry
	// D is the city assessment's date: the as-of date clamped to its window.
	rs, d := city[0].Assessment.RuleSet, city[0].Assessment.AsOf
	values, err := r.progressValues(ctx, city)
	if err != nil {
		return err
	}
	six, err := r.sixOnesOf(ctx, reg.Province)
	if err != nil {
		return err
	}
	overdue, err := w.OverdueMajorHazards(ctx, r.windowStart, d)
	if err != nil {
		return err
	}
	zones, zoned := reg.CountyZones(d.Year())
	pending, err := w.PendingFollowups(ctx, zoned, r.windowStart, d)
	if err != nil {
		return err
	}
	history, err := w.AssessmentHistory(ctx, trendRuleSet(city, rs).ID, d)
	if err != nil {
		return err
	}
	var trend []reports.TrendPoint
	for _, h := range history {
		p := reports.TrendPoint{AsOf: h.AsOf.String(),
			Rectification: map[string]zhengzhi.Value{}, Zeroing: map[string]zhengzhi.Value{}}
		for unit, vs := range h.Values {
			p.Rectification[unit] = vs["hazard_rectification_rate"]
			p.Zeroing[unit] = vs["risk_point_zeroing_rate"]
		}
		trend = append(trend, p)
	}
	narrative, err := r.readTemplate("progress.tmpl")
	if err != nil {
		return err
	}
	model, err := reports.BuildProgress(r.meta, reports.ProgressInput{Registry: reg, Values: values, SixOnes: six,
		Trend: trend, Overdue: reports.OverdueHazards(reg, d, overdue), Pending: reports.PendingFollowups(reg, zones, d, pending),
		Assessed: city, Narrative: narrative, Campaign: r.opt.Document.Campaign})
	if err != nil {
		return err
	}
	return r.write("province/progress-report.pdf", publish.KindProgress, reg.Province.Code, "", func(out io.Writer) error {
		ws, err := r.renderer.Progress(out, model)
		r.warn("progress-report.pdf", ws)
		return err
	})
}

// trendRuleSet is the city rule set whose stored periods give the progress
// report's trend: one scored from the rectification and zeroing rates (the
// safe-city assessment, say, has no rectification rate), else the first.
func trendRuleSet(city []reports.Assessed, first *zhengzhi.RuleSet) *zhengzhi.RuleSet {
	for _, res := range city {
		used := res.Assessment.RuleSet.UsedIndicators()
		if slices.Contains(used, "hazard_rectification_rate") && slices.Contains(used, "risk_point_zeroing_rate") {
			return res.Assessment.RuleSet
		}
	}
	return first
}

// progressValues are the city-level indicators the progress report reads:
// those any city assessment of the same date was scored from are taken from
// it (the same data and date), only the others are computed.
func (r *run) progressValues(ctx context.Context, city []reports.Assessed) (zhengzhi.Values, error) {
	a := city[0].Assessment
	values := zhengzhi.Values{}
	var missing []string
	for _, name := range reports.ProgressIndicators {
		found := false
		for _, res := range city {
			if res.Assessment.AsOf != a.AsOf {
				continue
			}
			for unit, scored := range res.Values {
				if v, ok := scored[name]; ok {
					if values[unit] == nil {
						values[unit] = map[string]zhengzhi.Value{}
					}
					values[unit][name], found = v, true
				}
			}
			if found {
				break
			}
		}
		if !found {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return values, nil
	}
	more, err := r.opt.Warehouse.IndicatorValues(ctx, r.opt.Registry, a.RuleSet, a.AsOf, missing...)
	if err != nil {
		return nil, err
	}
	for unit, vs := range more {
		if values[unit] == nil {
			values[unit] = map[string]zhengzhi.Value{}
		}
		for name, v := range vs {
			values[unit][name] = v
		}
	}
	return values, nil
}

// summary renders the year-end assessment summary (the 通报) from the
// results of both levels and the latest earlier stored period of each.
func (r *run) summary(ctx context.Context) error {
	if !(r.wants(publish.KindSummary) || r.wants(publish.KindSummaryWord) || r.wants(publish.KindInterviewNotice) || r.wants(publish.KindInterviewWord)) {
		return nil
	}
	var current, previous []*zhengzhi.Assessment
	for _, res := range r.results {
		current = append(current, res.Assessment)
		rs := res.Assessment.RuleSet
		history, err := r.opt.Warehouse.AssessmentHistory(ctx, rs.ID, res.Assessment.AsOf)
		if err != nil {
			return err
		}
		if n := len(history); n > 0 {
			previous = append(previous, history[n-1].Assessment)
		}
	}
	narrative, err := r.readTemplate("summary.tmpl")
	if err != nil {
		return err
	}
	requirements, err := r.readTemplate("summary-requirements.tmpl")
	if err != nil {
		return err
	}
	model, err := reports.BuildSummary(r.meta, reports.SummaryInput{Registry: r.opt.Registry,
		Current: current, Previous: previous, Narrative: narrative, Requirements: requirements, Document: r.opt.Document})
	if err != nil {
		return err
	}
	if err := r.interviewNotices(model, current); err != nil {
		return err
	}
	if !r.wantsUnit(r.opt.Registry.Province.Code) {
		return nil
	}
	if r.wants(publish.KindSummaryWord) {
		if err := r.write("province/yearend-summary.docx", publish.KindSummaryWord, r.opt.Registry.Province.Code, "", func(out io.Writer) error {
			return docx.Summary(out, model, docx.DefaultFontNames.With(r.opt.FontNames))
		}); err != nil {
			return err
		}
	}
	if !r.wants(publish.KindSummary) {
		return nil
	}
	return r.write("province/yearend-summary.pdf", publish.KindSummary, r.opt.Registry.Province.Code, "", func(out io.Writer) error {
		ws, err := r.renderer.Summary(out, model)
		r.warn("yearend-summary.pdf", ws)
		return err
	})
}

// scopes are the province (row per city) and each city (row per county), as
// far as the render's unit allows, with each one's folder.
func (r *run) scopes() []scope {
	reg := r.opt.Registry
	var out []scope
	if r.opt.Unit == "" || r.opt.Unit == reg.Province.Code {
		out = append(out, scope{unit: reg.Province, folder: "province"})
	}
	for _, c := range reg.Units(zhengzhi.LevelCity) {
		if r.opt.Unit == "" || r.opt.Unit == c.Code {
			out = append(out, scope{unit: c, folder: path.Join("cities", c.Code)})
		}
	}
	return out
}

type scope struct {
	unit   zhengzhi.Unit
	folder string
}

// sixOnes writes the 'six ones' workbooks of the province and of every city.
func (r *run) sixOnes(ctx context.Context) error {
	if !r.wants(publish.KindSixOnes) {
		return nil
	}
	var files []func() error
	for _, s := range r.scopes() {
		files = append(files, func() error {
			m, err := r.sixOnesOf(ctx, s.unit)
			if err != nil {
				return err
			}
			return r.write(path.Join(s.folder, "six-ones.xlsx"), publish.KindSixOnes, s.unit.Code, "",
				func(out io.Writer) error { return excel.SixOnes(out, m) })
		})
	}
	return eachFile(ctx, files)
}

// scoreDetails writes each rule set's score detail workbook for the province.
func (r *run) scoreDetails(ctx context.Context) error {
	if !r.wants(publish.KindScoreDetail) || !r.wantsUnit(r.opt.Registry.Province.Code) {
		return nil
	}
	var files []func() error
	for _, res := range r.results {
		id := res.Assessment.RuleSet.ID
		files = append(files, func() error {
			return r.write("province/score-detail-"+id+".xlsx", publish.KindScoreDetail, r.opt.Registry.Province.Code, id,
				func(out io.Writer) error {
					return excel.ScoreDetail(out, r.meta, res.Assessment, res.Values, r.opt.Registry)
				})
		})
	}
	return eachFile(ctx, files)
}

// ledgers streams the hazard, follow-up and risk-point ledgers of the province
// and of every city.
func (r *run) ledgers(ctx context.Context) error {
	w, reg, d, start := r.opt.Warehouse, r.opt.Registry, r.opt.AsOf, r.windowStart
	opts := excel.LedgerOptions{}
	kinds := []struct {
		kind, name string
		write      func(out io.Writer, scope zhengzhi.Unit) error
	}{
		{publish.KindHazardLedger, "ledger-hazards.xlsx", func(out io.Writer, scope zhengzhi.Unit) error {
			recs, err := w.HazardRecords(ctx, scope, start, d)
			if err != nil {
				return err
			}
			return excel.HazardLedger(out, reports.HazardLedger(r.meta, reg, scope, start, recs.Count, recs.Rows), opts)
		}},
		{publish.KindFollowupLedger, "ledger-followups.xlsx", func(out io.Writer, scope zhengzhi.Unit) error {
			recs, err := w.FollowupRecords(ctx, scope, start, d)
			if err != nil {
				return err
			}
			return excel.FollowupLedger(out, reports.FollowupLedger(r.meta, reg, scope, start, recs.Count, recs.Rows), opts)
		}},
		{publish.KindRiskPointLedger, "ledger-risk-points.xlsx", func(out io.Writer, scope zhengzhi.Unit) error {
			recs, err := w.RiskPointRecords(ctx, scope, start, d)
			if err != nil {
				return err
			}
			return excel.RiskPointLedger(out, reports.RiskPointLedger(r.meta, reg, scope, start, recs.Count, recs.Rows), opts)
		}},
	}
	var files []func() error
	for _, s := range r.scopes() {
		for _, k := range kinds {
			if r.wants(k.kind) {
				files = append(files, func() error {
					return r.write(path.Join(s.folder, k.name), k.kind, s.unit.Code, "",
						func(out io.Writer) error { return k.write(out, s.unit) })
				})
			}
		}
	}
	return eachFile(ctx, files)
}

// dataQuality writes every configured bureau's data-quality list.
func (r *run) dataQuality(ctx context.Context) error {
	if !r.wants(publish.KindDataQuality) {
		return nil
	}
	var files []func() error
	for _, bureau := range r.opt.Sources {
		if r.opt.Unit != "" && r.opt.Unit != bureau {
			continue
		}
		files = append(files, func() error {
			q, err := r.dataQualityOf(ctx, bureau)
			if err != nil {
				return err
			}
			return r.write(path.Join(r.cityFolder(bureau), "data-quality.xlsx"), publish.KindDataQuality, bureau, "",
				func(out io.Writer) error { return excel.DataQuality(out, q) })
		})
	}
	return eachFile(ctx, files)
}

// eachFile writes files one after the other; one that fails does not stop
// the others (only a cancelled context does), and every failure is returned.
func eachFile(ctx context.Context, files []func() error) error {
	var errs []error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		errs = append(errs, f())
	}
	return errors.Join(errs...)
}

// local is a time in the run's time zone; the zero time stays zero.
func (r *run) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(r.opt.Location)
}

// sixOnesOf is the 'six ones' model of a scope, computed once per render:
// the progress report and the workbooks share it.
func (r *run) sixOnesOf(ctx context.Context, scope zhengzhi.Unit) (*reports.SixOnes, error) {
	if m, ok := r.sixOnesByScope[scope.Code]; ok {
		return m, nil
	}
	x, err := r.progressOf(ctx, scope)
	if err != nil {
		return nil, err
	}
	m, err := reports.BuildSixOnes(r.meta, r.opt.Registry, scope, r.windowStart, x)
	if err != nil {
		return nil, err
	}
	if r.sixOnesByScope == nil {
		r.sixOnesByScope = map[string]*reports.SixOnes{}
	}
	r.sixOnesByScope[scope.Code] = m
	return m, nil
}

// progressOf is the warehouse's 'six ones' extract of a scope. The province's
// is read once per render and a city's is the province's within the city,
// unless the run covers one city only: then that city's own is read.
func (r *run) progressOf(ctx context.Context, scope zhengzhi.Unit) (zhengzhi.ProgressExtract, error) {
	w, reg := r.opt.Warehouse, r.opt.Registry
	if !r.wantsUnit(reg.Province.Code) {
		return w.Progress(ctx, reg, scope, r.windowStart, r.opt.AsOf)
	}
	if r.provinceProgress == nil {
		x, err := w.Progress(ctx, reg, reg.Province, r.windowStart, r.opt.AsOf)
		if err != nil {
			return x, err
		}
		r.provinceProgress = &x
	}
	if scope.Code == reg.Province.Code {
		return *r.provinceProgress, nil
	}
	return r.provinceProgress.Within(zhengzhi.ScopePrefix(scope)), nil
}
