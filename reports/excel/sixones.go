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
// signal sheets. Each has a row per sub-unit, the scope's own row and a
// totals row of formulas.
func SixOnes(w io.Writer, m *reports.SixOnes) error {
	title := m.Scope.Name + "“六个一”行动进展情况统计表"
	b, err := newBook(m.Meta, reportTitle(m.Meta, title), "")
	if err != nil {
		return err
	}
	lines := []string{
		fmt.Sprintf("填报单位：%s市场监督管理局　　统计期间：%s至%s　　制表日期：%s",
			m.Scope.Name, m.WindowStart.Chinese(), m.Meta.AsOf.Chinese(), tabulated(m.Meta).Chinese()),
		m.Meta.PullsLine(),
	}
	unitTitle := zhengzhi.LevelCity.Label()
	if m.Scope.Level == zhengzhi.LevelCity {
		unitTitle = zhengzhi.LevelCounty.Label()
	}
	label := func(r reports.SixOnesRow) any {
		if r.Own {
			return m.Scope.Level.Label() + "本级"
		}
		return r.Unit.Name
	}
	for i, sh := range sixOnesSheets() {
		fs := &fields[reports.SixOnesRow]{}
		fs.first(unitTitle, label)
		chart := sh.columns(fs)
		p, err := b.writeTable(table{
			Sheet:      sh.name,
			Title:      reportTitle(m.Meta, title+"（"+sh.name+"）"),
			Lines:      lines,
			Columns:    fs.columns,
			Rows:       fs.rows(m.Rows),
			TotalLabel: "合计",
		})
		if err != nil {
			return fmt.Errorf("六个一统计表 %s: %w", m.Scope.Name, err)
		}
		if i == 0 && len(m.Rows) > 1 {
			if err := b.rateChart(sh.name, p, chart, len(m.Rows)-1); err != nil {
				return fmt.Errorf("六个一统计表 %s: chart: %w", m.Scope.Name, err)
			}
		}
	}
	return b.write(w)
}

// sixOnesSheet is one sheet of the workbook: its name and its columns. The
// summary's columns also return which rate columns its chart plots.
type sixOnesSheet struct {
	name    string
	columns func(fs *fields[reports.SixOnesRow]) []int
}

type row = reports.SixOnesRow

func sixOnesSheets() []sixOnesSheet {
	return []sixOnesSheet{
		{"汇总", summaryColumns},
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

func summaryColumns(fs *fields[row]) []int {
	g := "隐患排查"
	ent := fs.count(g, "企业数", func(r row) int64 { return r.Screening.Enterprises })
	scr := fs.count(g, "已排查", func(r row) int64 { return r.Screening.Screened })
	fs.rate(g, "覆盖率", scr, ent)
	g = "隐患整改"
	found := fs.count(g, "发现隐患", func(r row) int64 { return r.Screening.HazardsFound })
	rect := fs.count(g, "已整改", func(r row) int64 { return r.Screening.Rectified })
	rectRate := fs.rate(g, "整改率", rect, found)
	g = "专项监督抽查"
	fs.count(g, "抽查批次", func(r row) int64 { return r.Sampling.Batches })
	fs.count(g, "不合格批次", func(r row) int64 { return r.Sampling.Failed })
	fs.count("分析大会", "召开次数", func(r row) int64 { return r.Meeting.Meetings })
	g = "隐患清零"
	pts := fs.count(g, "风险隐患点", func(r row) int64 { return r.Zeroing.Points })
	zero := fs.count(g, "已清零", func(r row) int64 { return r.Zeroing.Zeroed })
	zeroRate := fs.rate(g, "清零率", zero, pts)
	g = "自查自纠"
	cty := fs.count(g, "应开展县数", func(r row) int64 { return r.SelfInspection.Counties })
	done := fs.count(g, "已完成", func(r row) int64 { return r.SelfInspection.Done })
	fs.rate(g, "完成率", done, cty)
	g = "督查"
	fs.count(g, "督查次数", func(r row) int64 { return r.Supervision.Visits })
	fs.count(g, "发现问题", func(r row) int64 { return r.Supervision.ProblemsFound })
	g = "不合格企业后处理"
	list := fs.count(g, "名单企业", func(r row) int64 { return r.Nonconforming.OnList })
	fin := fs.count(g, "已完成", func(r row) int64 { return r.Nonconforming.Done })
	fs.rate(g, "完成率", fin, list)
	g = "风险信息"
	rec := fs.count(g, "接收", func(r row) int64 { return r.RiskSignals.Received })
	ass := fs.count(g, "已研判", func(r row) int64 { return r.RiskSignals.Assessed })
	fs.rate(g, "研判率", ass, rec)
	return []int{rectRate, zeroRate}
}

func screeningColumns(fs *fields[row]) []int {
	g := "排查覆盖"
	ent := fs.count(g, "企业数", func(r row) int64 { return r.Screening.Enterprises })
	scr := fs.count(g, "已排查", func(r row) int64 { return r.Screening.Screened })
	fs.rate(g, "覆盖率", scr, ent)
	for _, c := range zhengzhi.Categories.Values {
		g := zhengzhi.Categories.Label(c)
		fs.count(g, "企业数", func(r row) int64 { return r.Screening.ByCategory[c].Enterprises })
		fs.count(g, "已排查", func(r row) int64 { return r.Screening.ByCategory[c].Screened })
	}
	g = "发现隐患"
	found := fs.count(g, "合计", func(r row) int64 { return r.Screening.HazardsFound })
	fs.count(g, "一般隐患", func(r row) int64 { return r.Screening.General })
	fs.count(g, "重大隐患", func(r row) int64 { return r.Screening.Major })
	g = "隐患整改"
	rect := fs.count(g, "已整改", func(r row) int64 { return r.Screening.Rectified })
	fs.rate(g, "整改率", rect, found)
	ver := fs.count(g, "复查销号", func(r row) int64 { return r.Screening.Verified })
	fs.rate(g, "销号率", ver, found)
	g = "逾期未整改"
	fs.count(g, "合计", func(r row) int64 { return r.Screening.Overdue })
	fs.count(g, "其中重大", func(r row) int64 { return r.Screening.OverdueMajor })
	g = "拒不整改"
	ref := fs.count(g, "件数", func(r row) int64 { return r.Screening.Refused })
	enf := fs.count(g, "依法查处", func(r row) int64 { return r.Screening.RefusedEnforced })
	fs.rate(g, "查处率", enf, ref)
	return nil
}

func samplingColumns(fs *fields[row]) []int {
	g := "抽查批次"
	fs.count(g, "合计", func(r row) int64 { return r.Sampling.Batches })
	for _, c := range zhengzhi.SamplingChannels.Values {
		fs.count(g, zhengzhi.SamplingChannels.Label(c), func(r row) int64 { return r.Sampling.ByChannel[c] })
	}
	g = "按产品类别"
	for _, c := range zhengzhi.Categories.Values {
		fs.count(g, zhengzhi.Categories.Label(c), func(r row) int64 { return r.Sampling.ByCategory[c] })
	}
	g = "不合格产品处置"
	failed := fs.count(g, "不合格批次", func(r row) int64 { return r.Sampling.Failed })
	base := fs.count(g, "应追溯", func(r row) int64 { return r.Sampling.TraceBase })
	traced := fs.count(g, "已追溯", func(r row) int64 { return r.Sampling.Traced })
	fs.rate(g, "追溯率", traced, base)
	handled := fs.count(g, "落地查处", func(r row) int64 { return r.Sampling.Handled })
	fs.rate(g, "查处率", handled, failed)
	fs.count(g, "曝光", func(r row) int64 { return r.Sampling.Exposed })
	return nil
}

func meetingColumns(fs *fields[row]) []int {
	g := "本级分析大会"
	fs.text(g, "是否召开", totalYes, func(r row) string { return yesNo(r.Meeting.Held) })
	fs.text(g, "召开日期", totalNone, func(r row) string {
		if !r.Meeting.Held {
			return ""
		}
		return r.Meeting.HeldOn.Format("2006-01-02")
	})
	g = "分析大会（含下级）"
	fs.count(g, "召开次数", func(r row) int64 { return r.Meeting.Meetings })
	fs.count(g, "邀请专家人次", func(r row) int64 { return r.Meeting.Experts })
	g = "风险监控"
	fs.count(g, "监控项目", func(r row) int64 { return r.Meeting.MonitoringProjects })
	fs.count(g, "报省局立项", func(r row) int64 { return r.Meeting.Escalated })
	return nil
}

func zeroingColumns(fs *fields[row]) []int {
	g := "风险隐患点"
	pts := fs.count(g, "合计", func(r row) int64 { return r.Zeroing.Points })
	fs.count(g, "其中重大", func(r row) int64 { return r.Zeroing.Major })
	g = "清零进展"
	zero := fs.count(g, "已清零", func(r row) int64 { return r.Zeroing.Zeroed })
	fs.rate(g, "清零率", zero, pts)
	g = "清零方式"
	for _, m := range zhengzhi.PointMeasures.Values {
		fs.count(g, zhengzhi.PointMeasures.Label(m), func(r row) int64 { return r.Zeroing.ByMeasure[m] })
	}
	g = "宣贯会"
	brief := fs.count(g, "已宣贯", func(r row) int64 { return r.Zeroing.Briefed })
	fs.rate(g, "宣贯率", brief, pts)
	return nil
}

func selfInspectionColumns(fs *fields[row]) []int {
	g := "自查自纠"
	cty := fs.count(g, "应开展县数", func(r row) int64 { return r.SelfInspection.Counties })
	done := fs.count(g, "已完成", func(r row) int64 { return r.SelfInspection.Done })
	fs.rate(g, "完成率", done, cty)
	return nil
}

func supervisionColumns(fs *fields[row]) []int {
	g := "督查次数"
	fs.count(g, "合计", func(r row) int64 { return r.Supervision.Visits })
	fs.count(g, "市局督查", func(r row) int64 { return r.Supervision.ByCity })
	fs.count(g, "省局督查", func(r row) int64 { return r.Supervision.ByProvince })
	fs.count(g, "随机抽查", func(r row) int64 { return r.Supervision.RandomPicks })
	g = "市局督查覆盖"
	cty := fs.count(g, "应督查县数", func(r row) int64 { return r.Supervision.Counties })
	vis := fs.count(g, "已督查县数", func(r row) int64 { return r.Supervision.CountiesVisited })
	fs.rate(g, "覆盖率", vis, cty)
	g = "督查情况"
	fs.count(g, "检查企业", func(r row) int64 { return r.Supervision.EnterprisesVisited })
	chk := fs.count(g, "核查隐患", func(r row) int64 { return r.Supervision.HazardsChecked })
	clr := fs.count(g, "确认清零", func(r row) int64 { return r.Supervision.HazardsCleared })
	fs.rate(g, "确认清零率", clr, chk)
	fs.count(g, "发现问题", func(r row) int64 { return r.Supervision.ProblemsFound })
	return nil
}

func nonconformingColumns(fs *fields[row]) []int {
	g := "名单企业"
	list := fs.count(g, "合计", func(r row) int64 { return r.Nonconforming.OnList })
	rep := fs.count(g, "多年多次", func(r row) int64 { return r.Nonconforming.RepeatOffenders })
	g = "后处理进展"
	fs.count(g, "责令整改", func(r row) int64 { return r.Nonconforming.Ordered })
	fs.count(g, "已复查", func(r row) int64 { return r.Nonconforming.Rechecked })
	done := fs.count(g, "已完成", func(r row) int64 { return r.Nonconforming.Done })
	fs.rate(g, "完成率", done, list)
	g = "多年多次不合格企业"
	rdone := fs.count(g, "已完成", func(r row) int64 { return r.Nonconforming.RepeatDone })
	fs.rate(g, "完成率", rdone, rep)
	fs.count("", "逾期未复查（超75日）", func(r row) int64 { return r.Nonconforming.Overdue })
	return nil
}

func riskSignalColumns(fs *fields[row]) []int {
	rec := fs.count("", "接收条数", func(r row) int64 { return r.RiskSignals.Received })
	g := "二次研判"
	ass := fs.count(g, "已研判", func(r row) int64 { return r.RiskSignals.Assessed })
	fs.rate(g, "研判率", ass, rec)
	timely := fs.count(g, "7日内研判", func(r row) int64 { return r.RiskSignals.Timely })
	fs.rate(g, "及时率", timely, rec)
	g = "风险等级"
	for _, l := range []string{"high", "medium", "low"} {
		fs.count(g, zhengzhi.RiskLevels.Label(l), func(r row) int64 { return r.RiskSignals.ByLevel[l] })
	}
	g = "处置方式"
	for _, d := range zhengzhi.Dispositions.Values {
		fs.count(g, zhengzhi.Dispositions.Label(d), func(r row) int64 { return r.RiskSignals.ByDisposition[d] })
	}
	fs.count("", "已处置", func(r row) int64 { return r.RiskSignals.Disposed })
	return nil
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
