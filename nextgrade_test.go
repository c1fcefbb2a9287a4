package zhengzhi_test

import (
	"fmt"
	"strings"
	"testing"

	"zhengzhi"
)

// The paths below are worked out by hand. Each rule set has a filler item F
// (overdue_hazards, −0.01 a count, improvable: false) that sets the unit's
// total without being work the path could do.

var no = false

// filler is F worth the given points; lost hundredths are its value.
func filler(t testing.TB, points string) zhengzhi.Item {
	return zhengzhi.Item{ID: "F", Title: "其他", Points: dec(t, points), Indicator: "overdue_hazards",
		Rule: zhengzhi.Rule{Type: zhengzhi.RuleCountDeduct, PerCount: dec(t, "0.01")}, Improvable: &no}
}

func linearItem(t testing.TB, id, indicator, points, zeroAt, fullAt string) zhengzhi.Item {
	return zhengzhi.Item{ID: id, Title: "测试" + id, Points: dec(t, points), Indicator: indicator,
		Rule: zhengzhi.Rule{Type: zhengzhi.RuleLinear, ZeroAt: dec(t, zeroAt), FullAt: dec(t, fullAt)}}
}

func deductItem(t testing.TB, id, indicator, points, per, deduct string) zhengzhi.Item {
	return zhengzhi.Item{ID: id, Title: "测试" + id, Points: dec(t, points), Indicator: indicator,
		Rule: zhengzhi.Rule{Type: zhengzhi.RuleDeduct, Target: dec(t, "1"), Per: dec(t, per), Deduct: dec(t, deduct)}}
}

func countDeductItem(t testing.TB, id, indicator, points, perCount string) zhengzhi.Item {
	return zhengzhi.Item{ID: id, Title: "测试" + id, Points: dec(t, points), Indicator: indicator,
		Rule: zhengzhi.Rule{Type: zhengzhi.RuleCountDeduct, PerCount: dec(t, perCount)}}
}

func tiersItem(t testing.TB, id, indicator, points string, tiers ...string) zhengzhi.Item {
	it := zhengzhi.Item{ID: id, Title: "测试" + id, Points: dec(t, points), Indicator: indicator,
		Rule: zhengzhi.Rule{Type: zhengzhi.RuleTiers}}
	for k := 0; k+1 < len(tiers); k += 2 {
		it.Rule.Tiers = append(it.Rule.Tiers, zhengzhi.Tier{Min: dec(t, tiers[k]), Score: dec(t, tiers[k+1])})
	}
	return it
}

func ratio(n, d int64) zhengzhi.Value { return zhengzhi.Value{Numerator: n, Denominator: d} }
func count(n int64) zhengzhi.Value    { return zhengzhi.Value{Numerator: n} }

// pathOf prints a path's steps as "A1×2 A3×1".
func pathOf(n zhengzhi.NextGrade) string {
	var parts []string
	for _, st := range n.Steps {
		parts = append(parts, fmt.Sprintf("%s×%d", st.Item, st.Count))
	}
	return strings.Join(parts, " ")
}

// assessed scores units 990100, 990200, … with the given values.
func assessed(rs *zhengzhi.RuleSet, values ...map[string]zhengzhi.Value) (*zhengzhi.Assessment, zhengzhi.Values) {
	var units []zhengzhi.Unit
	all := zhengzhi.Values{}
	for i, v := range values {
		code := fmt.Sprintf("99%02d00", i+1)
		units = append(units, zhengzhi.Unit{Code: code})
		all[code] = v
	}
	return zhengzhi.Assess(rs, units, all, asOf), all
}

func TestNextGrade(t *testing.T) {
	vetoes := []zhengzhi.Veto{{ID: "V1", Title: "发生重大产品质量安全事件", Indicator: "major_incidents", Above: 0, Cap: dec(t, "59"), Grade: "不合格"}}
	byRank := []zhengzhi.RankGrade{{Top: 2, Name: "A"}, {Top: 4, Name: "B"}, {Name: "C"}}
	keyA2 := []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: dec(t, "0.6"), GradeAtMost: "合格"}}
	type unit = map[string]zhengzhi.Value
	tests := []struct {
		name    string
		items   []zhengzhi.Item
		gates   []zhengzhi.Gate
		byRank  bool
		units   []unit // the first is the one under test
		blocked zhengzhi.Blocked
		grade   string
		min     string
		gap     string
		path    string
		total   string // after the path (or everything full, unreachable)
		reached string
		text    string
	}{
		{
			// 50.67, 不合格: A1 at 1/2 scores 0; one more enterprise makes it 10.
			name:  "linear, the issue's example",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"), filler(t, "90")},
			units: []unit{{"screening_coverage": ratio(1, 2), "overdue_hazards": count(3933)}},
			grade: "合格", min: "60.00", gap: "9.33", path: "A1×1", total: "60.67", reached: "合格",
			text: "距合格（60分）还差9.33分；最少需完成1项工作：再排查1家企业（+10分）",
		},
		{
			// 73.20, 合格, 1.80 short of 良好. A1 (15/20) gains 1 point an
			// enterprise, A2 (80/100) 0.5 a hazard: two enterprises beat four hazards.
			name: "linear and deduct: the steeper item",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				deductItem(t, "A2", "hazard_rectification_rate", "10", "0.01", "0.5"), filler(t, "80")},
			units: []unit{{"screening_coverage": ratio(15, 20), "hazard_rectification_rate": ratio(80, 100), "overdue_hazards": count(1180)}},
			grade: "良好", min: "75.00", gap: "1.80", path: "A1×2", total: "75.20", reached: "良好",
			text: "距良好（75分）还差1.8分；最少需完成2项工作：再排查2家企业（+2分）",
		},
		{
			// Only the deduct item moves: 1.80 takes four hazards at 0.5.
			name: "deduct",
			items: []zhengzhi.Item{deductItem(t, "A2", "hazard_rectification_rate", "10", "0.01", "0.5"),
				filler(t, "90")},
			units: []unit{{"hazard_rectification_rate": ratio(80, 100), "overdue_hazards": count(1680)}},
			grade: "良好", min: "75.00", gap: "1.80", path: "A2×4", total: "75.20", reached: "良好",
			text: "距良好（75分）还差1.8分；最少需完成4项工作：再整改4处隐患（+2分）",
		},
		{
			// 72.00: three overdue major hazards cost 6 of 10; 3 points short takes two.
			name:  "count_deduct",
			items: []zhengzhi.Item{countDeductItem(t, "A4", "overdue_major_hazards", "10", "2"), filler(t, "90")},
			units: []unit{{"overdue_major_hazards": count(3), "overdue_hazards": count(2200)}},
			grade: "良好", min: "75.00", gap: "3.00", path: "A4×2", total: "76.00", reached: "良好",
			text: "距良好（75分）还差3分；最少需完成2项工作：再消除2处逾期重大隐患（+4分）",
		},
		{
			// A1 (tiers, 6/10) gains nothing for one or two more signals and 6
			// points at the third; A2 gains 1 point each. 5.5 short: a greedy
			// search takes six of A2, the exact one three of A1.
			name: "a tier step where one action gains nothing",
			items: []zhengzhi.Item{tiersItem(t, "A1", "risk_signal_assessment_rate", "6", "0.9", "6"),
				linearItem(t, "A2", "screening_coverage", "10", "0.5", "1"), filler(t, "84")},
			units: []unit{{"risk_signal_assessment_rate": ratio(6, 10), "screening_coverage": ratio(10, 20), "overdue_hazards": count(1450)}},
			grade: "良好", min: "75.00", gap: "5.50", path: "A1×3", total: "75.50", reached: "良好",
			text: "距良好（75分）还差5.5分；最少需完成3项工作：再二次研判3条风险信息（+6分）",
		},
		{
			// 85.00 but A2 (80/100: 5 of 15) is below 60%: gated to 合格. The
			// total is enough; A2 needs 9 points, eight more hazards.
			name: "a gate that must be cleared",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				deductItem(t, "A2", "hazard_rectification_rate", "15", "0.01", "0.5"), filler(t, "75")},
			gates: keyA2,
			units: []unit{{"screening_coverage": ratio(15, 20), "hazard_rectification_rate": ratio(80, 100), "overdue_hazards": count(0)}},
			grade: "良好", min: "75.00", gap: "0.00", path: "A2×8", total: "89.00", reached: "良好",
			text: "总分已够良好（75分），但受关键指标限制；最少需完成8项工作：再整改8处隐患（+4分）",
		},
		{
			// 70.00 and gated. A2's eight hazards for the gate bring 74.00; one
			// point more is one enterprise (A1), cheaper than two hazards.
			name: "a gate and a gap",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				deductItem(t, "A2", "hazard_rectification_rate", "15", "0.01", "0.5"), filler(t, "75")},
			gates: keyA2,
			units: []unit{{"screening_coverage": ratio(15, 20), "hazard_rectification_rate": ratio(80, 100), "overdue_hazards": count(1500)}},
			grade: "良好", min: "75.00", gap: "5.00", path: "A1×1 A2×8", total: "75.00", reached: "良好",
			text: "距良好（75分）还差5分；最少需完成9项工作：再排查1家企业（+1分），再整改8处隐患（+4分）",
		},
		{
			// Peers at 90, 85, 80, 70; the unit at 75 ranks 4th: B. A takes the
			// top 2, so 85 (sharing 2nd place), ten enterprises.
			name:   "grading by rank",
			items:  []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "20", "0", "1"), filler(t, "80")},
			byRank: true,
			units: []unit{
				{"screening_coverage": ratio(5, 20), "overdue_hazards": count(1000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(1000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(1500)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(2000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(3000)},
			},
			grade: "A", min: "85.00", gap: "10.00", path: "A1×10", total: "85.00", reached: "A",
			text: "距A（前2名，需85分）还差10分；最少需完成10项工作：再排查10家企业（+10分）",
		},
		{
			name:    "a veto",
			items:   []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"), filler(t, "90")},
			units:   []unit{{"screening_coverage": ratio(1, 2), "major_incidents": count(1)}},
			blocked: zhengzhi.BlockedVetoed, min: "0.00", gap: "0.00", total: "0.00",
			text: "本年度已被一票否决，等次不能提升",
		},
		{
			name:    "the top grade",
			items:   []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"), filler(t, "90")},
			units:   []unit{{"screening_coverage": ratio(1, 2), "overdue_hazards": count(0)}},
			blocked: zhengzhi.BlockedTop, min: "0.00", gap: "0.00", total: "0.00",
			text: "已是最高等次，无需提升",
		},
		{
			// 50.00 with A1 at 0 of 5: full, 55.00, still 5 short of 合格.
			name:    "an unreachable grade",
			items:   []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "5", "0.5", "1"), filler(t, "95")},
			units:   []unit{{"screening_coverage": ratio(10, 20), "overdue_hazards": count(4500)}},
			blocked: zhengzhi.BlockedUnreachable, grade: "合格", min: "60.00", gap: "10.00", total: "55.00", reached: "不合格",
			text: "即使所有可提升项目全部做满，总分最高55分，距合格（60分）仍差5分",
		},
		{
			// The gate's item is fixed below 60%: no work clears it.
			name: "a gate no work clears",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				{ID: "A2", Title: "隐患整改率", Points: dec(t, "15"), Indicator: "hazard_rectification_rate", Improvable: &no,
					Rule: zhengzhi.Rule{Type: zhengzhi.RuleDeduct, Target: dec(t, "1"), Per: dec(t, "0.01"), Deduct: dec(t, "0.5")}},
				filler(t, "75")},
			gates:   keyA2,
			units:   []unit{{"screening_coverage": ratio(15, 20), "hazard_rectification_rate": ratio(80, 100)}},
			blocked: zhengzhi.BlockedUnreachable, grade: "良好", min: "75.00", gap: "0.00", total: "90.00", reached: "合格",
			text: "即使所有可提升项目全部做满，总分最高90分，且关键指标“隐患整改率”得5分，低于该项分值的60%，等次最高为合格",
		},
		{
			// More projects raise A1 but cost A2. ParseRuleSet refuses A2
			// unless it says improvable: false, which would leave the
			// indicator alone; so does the search. 74.00 stays 1 short.
			name: "work that lowers one of its items",
			items: []zhengzhi.Item{linearItem(t, "A1", "monitoring_projects", "10", "0", "4"),
				countDeductItem(t, "A2", "monitoring_projects", "10", "1"), filler(t, "80")},
			units:   []unit{{"monitoring_projects": count(0), "overdue_hazards": count(1600)}},
			blocked: zhengzhi.BlockedUnreachable, grade: "良好", min: "75.00", gap: "1.00", total: "74.00", reached: "合格",
			text: "即使所有可提升项目全部做满，总分最高74分，距良好（75分）仍差1分",
		},
		{
			// A1 and A2 are alike: one action on either; the earlier item.
			name: "a tie: the earlier item",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				linearItem(t, "A2", "dormant_tracking_rate", "10", "0.5", "1"), filler(t, "80")},
			units: []unit{{"screening_coverage": ratio(15, 20), "dormant_tracking_rate": ratio(15, 20), "overdue_hazards": count(1600)}},
			grade: "良好", min: "75.00", gap: "1.00", path: "A1×1", total: "75.00", reached: "良好",
			text: "距良好（75分）还差1分；最少需完成1项工作：再排查1家企业（+1分）",
		},
		{
			// One action on either, but A2's gains 2 points: the higher total.
			name: "a tie: the higher total",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				linearItem(t, "A2", "dormant_tracking_rate", "10", "0.5", "1"), filler(t, "80")},
			units: []unit{{"screening_coverage": ratio(15, 20), "dormant_tracking_rate": ratio(5, 10), "overdue_hazards": count(1100)}},
			grade: "良好", min: "75.00", gap: "1.00", path: "A2×1", total: "76.00", reached: "良好",
			text: "距良好（75分）还差1分；最少需完成1项工作：再跟踪检查1家长期不生产企业（+2分）",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &zhengzhi.RuleSet{Items: tt.items, Gates: tt.gates, Vetoes: vetoes, Grades: bandGrades(t)}
			if tt.byRank {
				rs.Grades, rs.GradesByRank, rs.Vetoes = nil, byRank, nil
			}
			a, values := assessed(rs, tt.units...)
			n := zhengzhi.NextGrades(a, values)[0]
			got := fmt.Sprintf("%s %s min %s gap %s path [%s] total %s reached %s",
				n.Blocked, n.Grade, n.Min, n.Gap, pathOf(n), n.Total, n.Reached)
			want := fmt.Sprintf("%s %s min %s gap %s path [%s] total %s reached %s",
				tt.blocked, tt.grade, tt.min, tt.gap, tt.path, tt.total, tt.reached)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if n.Text() != tt.text {
				t.Errorf("text\n%s\nwant\n%s", n.Text(), tt.text)
			}
			var actions int64
			for _, st := range n.Steps {
				actions += st.Count
			}
			if n.Actions != actions {
				t.Errorf("actions %d, steps add up to %d", n.Actions, actions)
			}
		})
	}
}

func TestMargin(t *testing.T) {
	gate := []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: dec(t, "0.6"), GradeAtMost: "合格"}}
	type unit = map[string]zhengzhi.Value
	tests := []struct {
		name   string
		items  []zhengzhi.Item
		gates  []zhengzhi.Gate
		byRank bool
		units  []unit
		want   string // "" for no margin
		text   string
	}{
		{
			// 77.00, 良好, 2 above 75. One more overdue major hazard leaves
			// 75.00, still 良好 (以上包括本数); two cost it. A2 loses 0.5 a
			// hazard: five.
			name: "the floor is inclusive",
			items: []zhengzhi.Item{countDeductItem(t, "A4", "overdue_major_hazards", "10", "2"),
				deductItem(t, "A2", "hazard_rectification_rate", "10", "0.01", "0.5"), filler(t, "80")},
			units: []unit{{"overdue_major_hazards": count(0), "hazard_rectification_rate": ratio(100, 100), "overdue_hazards": count(2300)}},
			want:  "良好 floor 75.00 points 2.00 A4×2 lost 4.00 falls 合格",
			text:  "高出良好分数线（75分）2分；最易失分的是“测试A4”，新增2处逾期重大隐患即降为合格",
		},
		{
			// 94.00, 优秀, with A2 at exactly 60% of its points: one hazard
			// less gates the unit to 合格, long before A1's five enterprises
			// would cost the 4 points.
			name: "a gate",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"),
				deductItem(t, "A2", "hazard_rectification_rate", "15", "0.01", "0.5"), filler(t, "75")},
			gates: gate,
			units: []unit{{"screening_coverage": ratio(20, 20), "hazard_rectification_rate": ratio(88, 100)}},
			want:  "优秀 floor 90.00 points 4.00 A2×1 lost 0.50 falls 合格",
			text:  "高出优秀分数线（90分）4分；最易失分的是“测试A2”，少整改1处隐患即降为合格",
		},
		{
			// 85 ranks 2nd of 90, 85, 80, 70, 60: A holds down to 80 (sharing
			// 2nd place); six enterprises less make 79, 3rd: B.
			name:   "grading by rank",
			items:  []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "20", "0", "1"), filler(t, "80")},
			byRank: true,
			units: []unit{
				{"screening_coverage": ratio(15, 20), "overdue_hazards": count(1000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(1000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(2000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(3000)},
				{"screening_coverage": ratio(20, 20), "overdue_hazards": count(4000)},
			},
			want: "A floor 80.00 points 5.00 A1×6 lost 6.00 falls B",
			text: "高出A所需总分（前2名，80分）5分；最易失分的是“测试A1”，少排查6家企业即降为B",
		},
		{
			// 80.00, 5 above 75, and the one improvable item is worth 3.
			name:  "no one item can cost the grade",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "3", "0.5", "1"), filler(t, "97")},
			units: []unit{{"screening_coverage": ratio(20, 20), "overdue_hazards": count(2000)}},
			want:  "良好 floor 75.00 points 5.00 ×0 lost 0.00 falls ",
			text:  "高出良好分数线（75分）5分；任一单项倒退都不会使等次下降",
		},
		{
			name:  "the lowest grade",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"), filler(t, "90")},
			units: []unit{{"screening_coverage": ratio(20, 20), "overdue_hazards": count(5000)}},
		},
		{
			name:  "a veto",
			items: []zhengzhi.Item{linearItem(t, "A1", "screening_coverage", "10", "0.5", "1"), filler(t, "90")},
			units: []unit{{"screening_coverage": ratio(20, 20), "major_incidents": count(1)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &zhengzhi.RuleSet{Items: tt.items, Gates: tt.gates, Grades: bandGrades(t),
				Vetoes: []zhengzhi.Veto{{ID: "V1", Title: "发生重大产品质量安全事件", Indicator: "major_incidents", Above: 0, Cap: dec(t, "59"), Grade: "不合格"}}}
			if tt.byRank {
				rs.Grades, rs.Vetoes = nil, nil
				rs.GradesByRank = []zhengzhi.RankGrade{{Top: 2, Name: "A"}, {Top: 4, Name: "B"}, {Name: "C"}}
			}
			a, values := assessed(rs, tt.units...)
			m := zhengzhi.NextGrades(a, values)[0].Margin
			if m == nil {
				if tt.want != "" {
					t.Fatalf("no margin, want %s", tt.want)
				}
				return
			}
			got := fmt.Sprintf("%s floor %s points %s %s×%d lost %s falls %s", m.Grade, m.Floor, m.Points, m.Item, m.Setbacks, m.Lost, m.Falls)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if m.Text() != tt.text {
				t.Errorf("text\n%s\nwant\n%s", m.Text(), tt.text)
			}
		})
	}
}
