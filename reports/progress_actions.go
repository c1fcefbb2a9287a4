package reports

import (
	"fmt"

	"zhengzhi"
)

// ActionTables lays the 'six ones' statistics out as the progress report's
// six tables, a row per unit of the scope and a totals row. Columns are
// named as the 'six ones' workbook names them, units included, so a figure
// reads the same in both; rates carry their basis in the neighbouring
// columns. The totals row counts the units that held their own meeting,
// as the workbook's COUNTIF does.
func ActionTables(s *SixOnes) []ActionTable {
	defs := []struct {
		title   string
		columns []string
		cells   func(r SixOnesRow) []string
	}{
		{"隐患排查行动", []string{"单位", "企业数（家）", "已排查（家）", "覆盖率", "发现隐患（处）", "重大隐患（处）", "已整改（处）", "整改率",
			"逾期未整改（处）", "其中重大（处）"},
			func(r SixOnesRow) []string {
				s := r.Screening
				return []string{actionCount(s.Enterprises), actionCount(s.Screened), actionPercent(s.Screened, s.Enterprises), actionCount(s.HazardsFound), actionCount(s.Major),
					actionCount(s.Rectified), actionPercent(s.Rectified, s.HazardsFound), actionCount(s.Overdue), actionCount(s.OverdueMajor)}
			}},
		{"专项监督抽查", []string{"单位", "抽查（批次）", "不合格（批次）", "应追溯（批次）", "已追溯（批次）", "追溯率", "落地查处（批次）", "曝光（批次）"},
			func(r SixOnesRow) []string {
				s := r.Sampling
				return []string{actionCount(s.Batches), actionCount(s.Failed), actionCount(s.TraceBase), actionCount(s.Traced), actionPercent(s.Traced, s.TraceBase), actionCount(s.Handled), actionCount(s.Exposed)}
			}},
		{"安全隐患分析大会", []string{"单位", "是否召开", "召开日期", "召开（次）", "邀请专家（人次）", "监控项目（个）", "报省局立项监测（个）"},
			func(r SixOnesRow) []string {
				m := r.Meeting
				held, on := "否", "—"
				if m.Held {
					held, on = "是", m.HeldOn.Format("01-02")
				}
				return []string{held, on, actionCount(m.Meetings), actionCount(m.Experts), actionCount(m.MonitoringProjects), actionCount(m.Escalated)}
			}},
		{"隐患清零行动", []string{"单位", "风险隐患点（处）", "其中重大（处）", "已清零（处）", "清零率", "已宣贯（处）"},
			func(r SixOnesRow) []string {
				z := r.Zeroing
				return []string{actionCount(z.Points), actionCount(z.Major), actionCount(z.Zeroed), actionPercent(z.Zeroed, z.Points), actionCount(z.Briefed)}
			}},
		{"自查自纠", []string{"单位", "应开展县（个）", "已完成（个）", "完成率"},
			func(r SixOnesRow) []string {
				x := r.SelfInspection
				return []string{actionCount(x.Counties), actionCount(x.Done), actionPercent(x.Done, x.Counties)}
			}},
		{"督查", []string{"单位", "督查（次）", "市局督查（次）", "省局督查（次）", "随机抽查（次）", "应督查县（个）", "已督查县（个）", "覆盖率", "发现问题（个）"},
			func(r SixOnesRow) []string {
				v := r.Supervision
				return []string{actionCount(v.Visits), actionCount(v.ByCity), actionCount(v.ByProvince), actionCount(v.RandomPicks),
					actionCount(v.Counties), actionCount(v.CountiesVisited), actionPercent(v.CountiesVisited, v.Counties), actionCount(v.ProblemsFound)}
			}},
	}
	total := s.Total()
	held := 0
	for _, r := range s.Rows {
		if r.Meeting.Held {
			held++
		}
	}
	var out []ActionTable
	for i, d := range defs {
		t := ActionTable{Title: d.title, Columns: d.columns}
		for _, r := range s.Rows {
			t.Rows = append(t.Rows, append([]string{s.RowName(r)}, d.cells(r)...))
		}
		t.Total = append([]string{"合计"}, d.cells(total)...)
		if i == meetingTable {
			// Whether a unit held its own meeting does not add up: the total
			// is how many did, and has no date.
			t.Total[1], t.Total[2] = fmt.Sprint(held), ""
		}
		out = append(out, t)
	}
	return out
}

// meetingTable is the position of the meetings' table among the six.
const meetingTable = 2

func actionCount(v int64) string { return fmt.Sprint(v) }

func actionPercent(num, den int64) string {
	return Percent(zhengzhi.Value{Numerator: num, Denominator: den})
}
