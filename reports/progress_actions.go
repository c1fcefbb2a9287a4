package reports

import (
	"fmt"

	"zhengzhi"
)

// ActionTables lays the 'six ones' statistics out as the progress report's
// six tables, a row per unit of the scope and a totals row. Rates carry
// their basis in the neighbouring columns.
func ActionTables(s *SixOnes) []ActionTable {
	defs := []struct {
		title   string
		columns []string
		cells   func(r SixOnesRow) []string
	}{
		{"隐患排查行动", []string{"单位", "重点企业", "已排查", "覆盖率", "发现隐患", "重大隐患", "已整改", "整改率", "逾期未整改", "其中重大"},
			func(r SixOnesRow) []string {
				s := r.Screening
				return []string{actionCount(s.Enterprises), actionCount(s.Screened), actionPercent(s.Screened, s.Enterprises), actionCount(s.HazardsFound), actionCount(s.Major),
					actionCount(s.Rectified), actionPercent(s.Rectified, s.HazardsFound), actionCount(s.Overdue), actionCount(s.OverdueMajor)}
			}},
		{"专项监督抽查", []string{"单位", "抽查批次", "不合格", "应追溯", "已追溯", "追溯率", "已落地查处", "已曝光"},
			func(r SixOnesRow) []string {
				s := r.Sampling
				return []string{actionCount(s.Batches), actionCount(s.Failed), actionCount(s.TraceBase), actionCount(s.Traced), actionPercent(s.Traced, s.TraceBase), actionCount(s.Handled), actionCount(s.Exposed)}
			}},
		{"安全隐患分析大会", []string{"单位", "本级召开", "会议次数", "邀请专家", "风险监控项目", "报省局监测"},
			func(r SixOnesRow) []string {
				m := r.Meeting
				held := "否"
				if m.Held {
					held = "是（" + m.HeldOn.Format("01-02") + "）"
				}
				return []string{held, actionCount(m.Meetings), actionCount(m.Experts), actionCount(m.MonitoringProjects), actionCount(m.Escalated)}
			}},
		{"隐患清零行动", []string{"单位", "风险隐患点", "其中重大", "已清零", "清零率", "已宣贯"},
			func(r SixOnesRow) []string {
				z := r.Zeroing
				return []string{actionCount(z.Points), actionCount(z.Major), actionCount(z.Zeroed), actionPercent(z.Zeroed, z.Points), actionCount(z.Briefed)}
			}},
		{"自查自纠", []string{"单位", "县（市、区）", "已自查", "覆盖率"},
			func(r SixOnesRow) []string {
				x := r.SelfInspection
				return []string{actionCount(x.Counties), actionCount(x.Done), actionPercent(x.Done, x.Counties)}
			}},
		{"督查", []string{"单位", "督查次数", "市局督查", "省局督查", "随机抽查", "市局督查覆盖县区", "发现问题"},
			func(r SixOnesRow) []string {
				v := r.Supervision
				return []string{actionCount(v.Visits), actionCount(v.ByCity), actionCount(v.ByProvince), actionCount(v.RandomPicks),
					fmt.Sprintf("%d/%d", v.CountiesVisited, v.Counties), actionCount(v.ProblemsFound)}
			}},
	}
	total := s.Total()
	var out []ActionTable
	for _, d := range defs {
		t := ActionTable{Title: d.title, Columns: d.columns}
		for _, r := range s.Rows {
			t.Rows = append(t.Rows, append([]string{rowName(s, r)}, d.cells(r)...))
		}
		t.Total = append([]string{"合计"}, d.cells(total)...)
		out = append(out, t)
	}
	return out
}

// rowName is the unit's name, or 省本级/市本级 for the scope's own rows.
func rowName(s *SixOnes, r SixOnesRow) string {
	if !r.Own {
		return r.Unit.Name
	}
	if s.Scope.Level == zhengzhi.LevelProvince {
		return "省本级"
	}
	return "市本级"
}

func actionCount(v int64) string { return fmt.Sprint(v) }

func actionPercent(num, den int64) string {
	return Percent(zhengzhi.Value{Numerator: num, Denominator: den})
}
