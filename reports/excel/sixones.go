package excel

import (
	"fmt"
	"io"

	"zhengzhi"
	"zhengzhi/reports"
)

// SixOnes writes the 'six ones' progress workbook (“六个一”行动进展情况统计表)
// of a scope: a summary sheet with a chart of the rectification and zeroing
// rates, one sheet per action, and the non-conforming follow-up and risk
// signal sheets. Each has a row per sub-unit, the scope's own row, a totals
// row of formulas and the signature line; the summary shows the action
// sheets' headline figures by reference to their cells.
func SixOnes(w io.Writer, m *reports.SixOnes) error {
	title := m.Scope.Name + "“六个一”行动进展情况统计表"
	b, err := newBook(m.Meta, reportTitle(m.Meta, title), "")
	if err != nil {
		return err
	}
	lines := []string{
		filedBy(m.Scope.Name, m.WindowStart, m.Meta),
		m.Meta.Provenance(),
	}
	// The rows' units as the bureau names them: 设区市, 县（市、区）.
	unitTitle := reports.LevelHeading(zhengzhi.LevelCity)
	if m.Scope.Level == zhengzhi.LevelCity {
		unitTitle = reports.LevelHeading(zhengzhi.LevelCounty)
	}
	label := func(r reports.SixOnesRow) any { return m.RowName(r) }
	sheet := func(name string, fs *fields[row]) *table {
		return &table{Sheet: name, Title: reportTitle(m.Meta, title+"（"+name+"）"), TitleLead: title, Lines: lines,
			Columns: fs.columns, Rows: fs.rows(m.Rows), TotalLabel: "合计", Signed: true}
	}
	var details []*table
	marks := map[string]map[string]int{}
	for _, sh := range sixOnesSheets() {
		fs := &fields[row]{}
		fs.first(unitTitle, label)
		sh.columns(fs)
		details = append(details, sheet(sh.name, fs))
		marks[sh.name] = fs.marks
	}
	summary := &fields[row]{}
	summary.first(unitTitle, label)
	tables := map[string]*table{}
	for _, t := range details {
		tables[t.Sheet] = t
	}
	chart := &rateChart{title: "隐患整改率与隐患清零率", units: len(m.Rows) - 1}
	for _, g := range summaryGroups {
		for _, title := range g.titles {
			t, col := tables[g.sheet], marks[g.sheet][title]
			c := summary.add(column{Group: g.group, Title: title, Kind: t.Columns[col].Kind, Ref: &colRef{table: t, col: col}},
				func(row) any { return nil })
			if title == "整改率" || title == "清零率" {
				chart.columns = append(chart.columns, c)
			}
		}
	}
	first := sheet("汇总", summary)
	if chart.units > 0 {
		first.Chart = chart
	}
	for _, t := range append([]*table{first}, details...) {
		if err := b.writeTable(t); err != nil {
			return fmt.Errorf("六个一统计表 %s: %w", m.Scope.Name, err)
		}
	}
	return b.write(w)
}

// sixOnesSheet is one action's sheet of the workbook: its name and its
// columns, the headline ones marked for the summary.
type sixOnesSheet struct {
	name    string
	columns func(fs *fields[reports.SixOnesRow])
}

type row = reports.SixOnesRow

func sixOnesSheets() []sixOnesSheet {
	return []sixOnesSheet{
		{"一、隐患排查", screeningColumns},
		{"二、专项监督抽查", samplingColumns},
		{"三、安全隐患分析大会", meetingColumns},
		{"四、隐患清零", zeroingColumns},
		{"五、自查自纠", selfInspectionColumns},
		{"六、督查", supervisionColumns},
		{"不合格企业后处理", nonconformingColumns},
		{"风险信息", riskSignalColumns},
	}
}

// summaryGroups are the summary sheet's column groups: each shows columns an
// action's sheet marked, by the titles they were marked with.
var summaryGroups = []struct {
	group, sheet string
	titles       []string
}{
	{"隐患排查", "一、隐患排查", []string{"企业数（家）", "已排查（家）", "覆盖率"}},
	{"隐患整改", "一、隐患排查", []string{"发现隐患（处）", "已整改（处）", "整改率"}},
	{"专项监督抽查", "二、专项监督抽查", []string{"抽查（批次）", "不合格（批次）"}},
	{"分析大会", "三、安全隐患分析大会", []string{"召开（次）"}},
	{"隐患清零", "四、隐患清零", []string{"风险隐患点（处）", "已清零（处）", "清零率"}},
	{"自查自纠", "五、自查自纠", []string{"应开展县（个）", "已完成（个）", "完成率"}},
	{"督查", "六、督查", []string{"督查（次）", "发现问题（个）"}},
	{"不合格企业后处理", "不合格企业后处理", []string{"名单企业（家）", "已完成（家）", "完成率"}},
	{"风险信息", "风险信息", []string{"接收（条）", "已研判（条）", "研判率"}},
}

func screeningColumns(fs *fields[row]) {
	g := "排查覆盖"
	ent := fs.mark("企业数（家）", fs.count(g, "企业数（家）", func(r row) int64 { return r.Screening.Enterprises }))
	scr := fs.mark("已排查（家）", fs.count(g, "已排查（家）", func(r row) int64 { return r.Screening.Screened }))
	fs.mark("覆盖率", fs.rate(g, "覆盖率", scr, ent))
	for _, c := range zhengzhi.Categories.Values {
		g := zhengzhi.Categories.Label(c)
		fs.count(g, "企业数（家）", func(r row) int64 { return r.Screening.ByCategory[c].Enterprises })
		fs.count(g, "已排查（家）", func(r row) int64 { return r.Screening.ByCategory[c].Screened })
	}
	g = "发现隐患"
	found := fs.mark("发现隐患（处）", fs.count(g, "合计（处）", func(r row) int64 { return r.Screening.HazardsFound }))
	fs.count(g, "一般隐患（处）", func(r row) int64 { return r.Screening.General })
	fs.count(g, "重大隐患（处）", func(r row) int64 { return r.Screening.Major })
	g = "隐患整改"
	rect := fs.mark("已整改（处）", fs.count(g, "已整改（处）", func(r row) int64 { return r.Screening.Rectified }))
	fs.mark("整改率", fs.rate(g, "整改率", rect, found))
	ver := fs.count(g, "复查销号（处）", func(r row) int64 { return r.Screening.Verified })
	fs.rate(g, "销号率", ver, found)
	g = "逾期未整改"
	fs.count(g, "合计（处）", func(r row) int64 { return r.Screening.Overdue })
	fs.count(g, "其中重大（处）", func(r row) int64 { return r.Screening.OverdueMajor })
	g = "拒不整改"
	ref := fs.count(g, "隐患（处）", func(r row) int64 { return r.Screening.Refused })
	enf := fs.count(g, "依法查处（处）", func(r row) int64 { return r.Screening.RefusedEnforced })
	fs.rate(g, "查处率", enf, ref)
}

func samplingColumns(fs *fields[row]) {
	g := "抽查批次"
	fs.mark("抽查（批次）", fs.count(g, "合计（批次）", func(r row) int64 { return r.Sampling.Batches }))
	for _, c := range zhengzhi.SamplingChannels.Values {
		fs.count(g, zhengzhi.SamplingChannels.Label(c)+"（批次）", func(r row) int64 { return r.Sampling.ByChannel[c] })
	}
	g = "按产品类别（批次）"
	for _, c := range zhengzhi.Categories.Values {
		fs.count(g, zhengzhi.Categories.Label(c), func(r row) int64 { return r.Sampling.ByCategory[c] })
	}
	g = "不合格产品处置"
	failed := fs.mark("不合格（批次）", fs.count(g, "不合格（批次）", func(r row) int64 { return r.Sampling.Failed }))
	base := fs.count(g, "应追溯（批次）", func(r row) int64 { return r.Sampling.TraceBase })
	traced := fs.count(g, "已追溯（批次）", func(r row) int64 { return r.Sampling.Traced })
	fs.rate(g, "追溯率", traced, base)
	handled := fs.count(g, "落地查处（批次）", func(r row) int64 { return r.Sampling.Handled })
	fs.rate(g, "查处率", handled, failed)
	fs.count(g, "曝光（批次）", func(r row) int64 { return r.Sampling.Exposed })
}

func meetingColumns(fs *fields[row]) {
	g := "本级分析大会"
	fs.text(g, "是否召开", totalYes, func(r row) string { return yesNo(r.Meeting.Held) })
	fs.date(g, "召开日期", func(r row) zhengzhi.Date {
		if !r.Meeting.Held {
			return 0
		}
		return r.Meeting.HeldOn
	})
	g = "分析大会（含下级）"
	fs.mark("召开（次）", fs.count(g, "召开（次）", func(r row) int64 { return r.Meeting.Meetings }))
	fs.count(g, "邀请专家（人次）", func(r row) int64 { return r.Meeting.Experts })
	g = "风险监控"
	fs.count(g, "监控项目（个）", func(r row) int64 { return r.Meeting.MonitoringProjects })
	fs.count(g, "报省局立项监测（个）", func(r row) int64 { return r.Meeting.Escalated })
}

func zeroingColumns(fs *fields[row]) {
	g := "风险隐患点"
	pts := fs.mark("风险隐患点（处）", fs.count(g, "合计（处）", func(r row) int64 { return r.Zeroing.Points }))
	fs.count(g, "其中重大（处）", func(r row) int64 { return r.Zeroing.Major })
	g = "清零进展"
	zero := fs.mark("已清零（处）", fs.count(g, "已清零（处）", func(r row) int64 { return r.Zeroing.Zeroed }))
	fs.mark("清零率", fs.rate(g, "清零率", zero, pts))
	g = "清零方式（处）"
	for _, m := range zhengzhi.PointMeasures.Values {
		fs.count(g, zhengzhi.PointMeasures.Label(m), func(r row) int64 { return r.Zeroing.ByMeasure[m] })
	}
	g = "宣贯会"
	brief := fs.count(g, "已宣贯（处）", func(r row) int64 { return r.Zeroing.Briefed })
	fs.rate(g, "宣贯率", brief, pts)
}

func selfInspectionColumns(fs *fields[row]) {
	g := "自查自纠"
	cty := fs.mark("应开展县（个）", fs.count(g, "应开展县（个）", func(r row) int64 { return r.SelfInspection.Counties }))
	done := fs.mark("已完成（个）", fs.count(g, "已完成（个）", func(r row) int64 { return r.SelfInspection.Done }))
	fs.mark("完成率", fs.rate(g, "完成率", done, cty))
}

func supervisionColumns(fs *fields[row]) {
	g := "督查次数"
	fs.mark("督查（次）", fs.count(g, "合计（次）", func(r row) int64 { return r.Supervision.Visits }))
	fs.count(g, "市局督查（次）", func(r row) int64 { return r.Supervision.ByCity })
	fs.count(g, "省局督查（次）", func(r row) int64 { return r.Supervision.ByProvince })
	fs.count(g, "随机抽查（次）", func(r row) int64 { return r.Supervision.RandomPicks })
	g = "市局督查覆盖"
	cty := fs.count(g, "应督查县（个）", func(r row) int64 { return r.Supervision.Counties })
	vis := fs.count(g, "已督查县（个）", func(r row) int64 { return r.Supervision.CountiesVisited })
	fs.rate(g, "覆盖率", vis, cty)
	g = "督查情况"
	fs.count(g, "检查企业（家）", func(r row) int64 { return r.Supervision.EnterprisesVisited })
	chk := fs.count(g, "核查隐患（处）", func(r row) int64 { return r.Supervision.HazardsChecked })
	clr := fs.count(g, "确认清零（处）", func(r row) int64 { return r.Supervision.HazardsCleared })
	fs.rate(g, "确认清零率", clr, chk)
	fs.mark("发现问题（个）", fs.count(g, "发现问题（个）", func(r row) int64 { return r.Supervision.ProblemsFound }))
}

func nonconformingColumns(fs *fields[row]) {
	g := "名单企业"
	list := fs.mark("名单企业（家）", fs.count(g, "合计（家）", func(r row) int64 { return r.Nonconforming.OnList }))
	rep := fs.count(g, "多年多次（家）", func(r row) int64 { return r.Nonconforming.RepeatOffenders })
	g = "后处理进展"
	fs.count(g, "责令整改（家）", func(r row) int64 { return r.Nonconforming.Ordered })
	fs.count(g, "已复查（家）", func(r row) int64 { return r.Nonconforming.Rechecked })
	done := fs.mark("已完成（家）", fs.count(g, "已完成（家）", func(r row) int64 { return r.Nonconforming.Done }))
	fs.mark("完成率", fs.rate(g, "完成率", done, list))
	g = "多年多次不合格企业"
	rdone := fs.count(g, "已完成（家）", func(r row) int64 { return r.Nonconforming.RepeatDone })
	fs.rate(g, "完成率", rdone, rep)
	fs.count("", "逾期未复查（超75日）（家）", func(r row) int64 { return r.Nonconforming.Overdue })
}

func riskSignalColumns(fs *fields[row]) {
	rec := fs.mark("接收（条）", fs.count("", "接收（条）", func(r row) int64 { return r.RiskSignals.Received }))
	g := "二次研判"
	ass := fs.mark("已研判（条）", fs.count(g, "已研判（条）", func(r row) int64 { return r.RiskSignals.Assessed }))
	fs.mark("研判率", fs.rate(g, "研判率", ass, rec))
	timely := fs.count(g, "7日内研判（条）", func(r row) int64 { return r.RiskSignals.Timely })
	fs.rate(g, "及时率", timely, rec)
	g = "风险等级（条）"
	for _, l := range []string{"high", "medium", "low"} {
		fs.count(g, zhengzhi.RiskLevels.Label(l), func(r row) int64 { return r.RiskSignals.ByLevel[l] })
	}
	g = "处置方式（条）"
	for _, d := range zhengzhi.Dispositions.Values {
		fs.count(g, zhengzhi.Dispositions.Label(d), func(r row) int64 { return r.RiskSignals.ByDisposition[d] })
	}
	fs.count("", "已处置（条）", func(r row) int64 { return r.RiskSignals.Disposed })
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
