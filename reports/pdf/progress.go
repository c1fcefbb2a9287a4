package pdf

import (
	"fmt"
	"io"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/chart"
)

// progressLayout is A4 portrait with page numbers.
var progressLayout = layout{top: 12, left: 15, right: 15, bottom: 16, pageNumbers: "第 {current} 页 共 {total} 页"}

// Progress renders the periodic progress report (阶段进展情况报告).
func (r *Renderer) Progress(w io.Writer, p reports.Progress) ([]Warning, error) {
	d := newDoc(r.Fonts, progressLayout, p.Meta.GeneratedAt, p.Title)
	d.captionRole = bold
	if err := r.header(d, p.Meta, "阶段进展情况报告 · "+p.Meta.AsOf.Chinese()); err != nil {
		return nil, err
	}
	d.space(2)
	d.paragraph(p.Title, style{role: bold, size: 16, align: align.Center, pitch: 9, balanced: true}, 0)
	d.paragraph(p.Meta.Provenance(), style{role: regular, size: 8, color: grey, align: align.Center}, 0)
	d.space(3)
	h1 := style{role: bold, size: 13, pitch: 8}
	body := style{role: regular, size: 11}

	d.paragraph("一、总体进展", h1, 0)
	d.paragraph(p.Narrative, body, 2)
	d.space(3)

	d.paragraph("二、各市隐患整改与清零情况", h1, 0)
	hs := style{role: bold, size: 9.5, align: align.Center}
	c := style{role: regular, size: 9, align: align.Center}
	tot := style{role: bold, size: 9, align: align.Center}
	var rows [][]cell
	for i, city := range append(append([]reports.CityRates(nil), p.Cities...), p.Province) {
		st, fill := c, (*colorT)(nil)
		if i == len(p.Cities) {
			st, fill = tot, totalFill
		}
		rows = append(rows, []cell{{city.Name, st, fill},
			{ratio(city.Rectification), st, fill}, {reports.Percent(city.Rectification), st, fill}, {city.RectificationChange, st, fill},
			{ratio(city.Zeroing), st, fill}, {reports.Percent(city.Zeroing), st, fill}, {city.ZeroingChange, st, fill}})
	}
	d.table("", []float64{28, 30, 22, 20, 30, 22, 28},
		[]cell{{"设区市", hs, headFill}, {"已整改/发现隐患（处）", hs, headFill}, {"整改率", hs, headFill}, {"较上期", hs, headFill},
			{"已清零/隐患点（处）", hs, headFill}, {"清零率", hs, headFill}, {"较上期", hs, headFill}}, rows)
	if p.Previous != "" {
		d.paragraph(fmt.Sprintf("注：“较上期”为与%s相比整改率、清零率的变化，单位为百分点。", p.PreviousDate.Chinese()),
			style{role: regular, size: 8.5, color: grey}, 0)
	}
	if err := r.progressCharts(d, p); err != nil {
		return nil, err
	}

	if len(p.Actions) > 0 {
		d.space(3)
		d.keep(30)
		d.paragraph("三、“六个一”行动进展情况", h1, 0)
		for i, t := range p.Actions {
			d.space(2)
			t.Title = "（" + reports.ChineseNumber(i+1) + "）" + t.Title
			r.actionTable(d, t)
		}
	}

	d.space(3)
	r.chaseTables(d, p, h1)
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("阶段进展情况报告: %w", err)
	}
	return d.warnings, nil
}

// ratio prints a ratio's basis "123/130".
func ratio(v zhengzhi.Value) string { return fmt.Sprintf("%d/%d", v.Numerator, v.Denominator) }

// progressCharts adds the rates by city and, with earlier periods, their trend.
func (r *Renderer) progressCharts(d *doc, p reports.Progress) error {
	labels := make([]string, len(p.Cities))
	rect := make([]float64, len(p.Cities))
	zero := make([]float64, len(p.Cities))
	for i, c := range p.Cities {
		labels[i], rect[i], zero[i] = c.Name, reports.Rate(c.Rectification), reports.Rate(c.Zeroing)
	}
	face := r.Fonts.faces[regular]
	rates := func(a, b []float64) []chart.Series {
		return []chart.Series{{Name: "整改率", Values: a}, {Name: "清零率", Values: b}}
	}
	if len(labels) > 0 {
		fig, err := chart.Bars{Title: "各市隐患整改率与清零率", Labels: d.cleanAll(labels, regular),
			Series: rates(rect, zero), Size: chart.Size{WidthMM: d.width, HeightMM: 65}}.Draw(face)
		if err != nil {
			return fmt.Errorf("阶段进展情况报告: %w", err)
		}
		d.space(3)
		d.chart(fig)
	}
	if len(p.Trend) > 1 {
		dates := make([]string, len(p.Trend))
		rectT := make([]float64, len(p.Trend))
		zeroT := make([]float64, len(p.Trend))
		for i, t := range p.Trend {
			dates[i] = t.Label
			rectT[i], zeroT[i] = t.RectificationRate, t.ZeroingRate
		}
		fig, err := chart.Lines{Title: "全省隐患整改率与清零率走势", Labels: dates,
			Series: rates(rectT, zeroT), Size: chart.Size{WidthMM: d.width, HeightMM: 55}}.Draw(face)
		if err != nil {
			return fmt.Errorf("阶段进展情况报告: %w", err)
		}
		d.space(2)
		d.chart(fig)
	}
	return nil
}

// actionTable prints one of the six actions: the unit column wider, the
// numbers sharing the rest.
func (r *Renderer) actionTable(d *doc, t reports.ActionTable) {
	first := 22.0
	widths := []float64{first}
	for range t.Columns[1:] {
		widths = append(widths, (d.width-first)/float64(len(t.Columns)-1))
	}
	hs := style{role: bold, size: 8.5, align: align.Center}
	c := style{role: regular, size: 8.5, align: align.Center}
	tot := style{role: bold, size: 8.5, align: align.Center}
	header := make([]cell, len(t.Columns))
	for i, col := range t.Columns {
		header[i] = cell{col, hs, headFill}
	}
	var rows [][]cell
	for _, row := range append(t.Rows, t.Total) {
		st, fill := c, (*colorT)(nil)
		if len(rows) == len(t.Rows) {
			st, fill = tot, totalFill
		}
		cells := make([]cell, len(row))
		for i, v := range row {
			cells[i] = cell{v, st, fill}
		}
		rows = append(rows, cells)
	}
	d.table(t.Title, widths, header, rows)
}

// chaseTables prints the section of what must be chased under its heading:
// overdue major hazards, zone enterprises overdue with their follow-up, the
// cities a little work lifts, and bureaus whose data is stale or refused.
// The heading stays on the page of the first list's start.
func (r *Renderer) chaseTables(d *doc, p reports.Progress, h1 style) {
	hs := style{role: bold, size: 8.5, align: align.Center}
	c := style{role: regular, size: 8.5, align: align.Center}
	l := style{role: regular, size: 8.5}
	note := style{role: regular, size: 10}

	heading := d.layParagraph(p.Facts.ChaseSection, h1, 0)
	if len(p.Overdue) == 0 {
		none := d.layParagraph("（一）逾期未整改重大隐患：无。", note, 0)
		d.keep(heading.height() + 1 + none.height())
		heading.add(d)
		d.space(1)
		none.add(d)
	} else {
		var rows [][]cell
		for i, h := range p.Overdue {
			rows = append(rows, []cell{{fmt.Sprint(i + 1), c, nil}, {h.Enterprise, l, nil}, {h.CityName + h.CountyName, c, nil},
				{h.FoundOn, c, nil}, {h.Deadline, c, nil}, {fmt.Sprint(h.DaysOverdue), c, alertFill}, {h.Description, l, nil}})
		}
		overdue := d.layTable(fmt.Sprintf("（一）逾期未整改重大隐患（%d处）", p.OverdueTotal), []float64{9, 38, 30, 20, 20, 14, 49},
			[]cell{{"序号", hs, headFill}, {"企业", hs, headFill}, {"所在县区", hs, headFill}, {"发现日期", hs, headFill},
				{"整改期限", hs, headFill}, {"逾期天数", hs, headFill}, {"隐患描述", hs, headFill}}, rows)
		d.keep(heading.height() + 1 + overdue.start())
		heading.add(d)
		d.space(1)
		overdue.add(d)
		if p.OverdueTotal > len(p.Overdue) {
			d.paragraph(fmt.Sprintf("注：仅列逾期最久的%d处，全部%d处见全省隐患台账（ledger-hazards.xlsx）。", len(p.Overdue), p.OverdueTotal), note, 0)
		}
	}
	d.space(3)
	if len(p.Pending) == 0 {
		d.paragraph("（二）红黄区域逾期未完成后处理的不合格企业：无。", note, 0)
	} else {
		var rows [][]cell
		for i, f := range p.Pending {
			rows = append(rows, []cell{{fmt.Sprint(i + 1), c, nil}, {f.Enterprise, l, nil}, {f.CityName + f.CountyName, c, nil},
				{f.Zone, c, nil}, {fmt.Sprint(f.FailCount), c, nil}, {dash(f.OrderedOn), c, nil}, {dash(f.Due), c, nil},
				{fmt.Sprint(f.DaysOverdue), c, alertFill}, {f.FollowupStatus, c, nil}})
		}
		d.table(fmt.Sprintf("（二）红黄区域逾期未完成后处理的不合格企业（%d家）", p.PendingTotal), []float64{9, 42, 26, 16, 13, 20, 20, 13, 21},
			[]cell{{"序号", hs, headFill}, {"企业", hs, headFill}, {"所在县区", hs, headFill}, {"区域", hs, headFill},
				{"不合格次数", hs, headFill}, {"责令整改日期", hs, headFill}, {"到期日期", hs, headFill}, {"逾期天数", hs, headFill},
				{"后处理状态", hs, headFill}}, rows)
		what := fmt.Sprintf("逾期天数自到期日期起算，到期日期为责令整改后第%d日（整改期满）或第%d日（复查期满），两者都已逾期的取逾期较久者；"+
			"按紧迫程度排列，红色警情区域在前，同一区域逾期久的在前", zhengzhi.CorrectionDays, zhengzhi.RecheckDays)
		if p.PendingTotal > len(p.Pending) {
			what += fmt.Sprintf("；仅列最紧迫的%d家，全部%d家见全省不合格企业后处理台账（ledger-followups.xlsx）", len(p.Pending), p.PendingTotal)
		}
		d.paragraph("注："+what+"。", note, 0)
	}
	d.space(3)
	r.liftTable(d, p)
	d.space(3)
	if len(p.Bureaus) == 0 {
		d.paragraph("（四）数据未按时更新的单位：无。", note, 0)
		return
	}
	var rows [][]cell
	for _, b := range p.Bureaus {
		last := "无"
		if !b.LastGood.IsZero() {
			last = b.LastGood.Format("2006-01-02 15:04")
		}
		rows = append(rows, []cell{{b.Name, c, nil}, {b.Mark(), l, alertFill}, {last, c, nil}, {b.Error, l, nil}})
	}
	d.table(fmt.Sprintf("（四）数据未按时更新的单位（%d个）", len(p.Bureaus)), []float64{28, 52, 32, 68},
		[]cell{{"单位", hs, headFill}, {"情况", hs, headFill}, {"最近一次成功报送", hs, headFill}, {"原因", hs, headFill}}, rows)
}

// liftTable lists the cities one or two actions lift a grade: the little
// work that changes a result, for the office to point out.
func (r *Renderer) liftTable(d *doc, p reports.Progress) {
	title := fmt.Sprintf("（三）再完成%d项以内工作即可提升等次的设区市", reports.LiftActions)
	note := style{role: regular, size: 10}
	if len(p.Lifts) == 0 {
		d.paragraph(title+"：无。", note, 0)
		return
	}
	hs := style{role: bold, size: 8.5, align: align.Center}
	c := style{role: regular, size: 8.5, align: align.Center}
	l := style{role: regular, size: 8.5}
	var rows [][]cell
	for _, x := range p.Lifts {
		rows = append(rows, []cell{{x.Unit, c, nil}, {x.Assessment, c, nil}, {fmt.Sprintf("%s（%s分）", x.Grade, x.Total), c, nil},
			{x.Next, c, nil}, {x.Work, l, nil}})
	}
	d.table(title, []float64{20, 32, 32, 16, 80},
		[]cell{{"设区市", hs, headFill}, {"考核", hs, headFill}, {"现等次", hs, headFill}, {"可升至", hs, headFill},
			{"需完成的工作", hs, headFill}}, rows)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
