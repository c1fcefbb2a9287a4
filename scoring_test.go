package zhengzhi_test

import (
	"fmt"
	"strings"
	"testing"

	"zhengzhi"
)

// dec reads a decimal literal of a test case.
func dec(t testing.TB, s string) zhengzhi.Decimal {
	t.Helper()
	d, err := zhengzhi.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var asOf = zhengzhi.NewDate(2026, 11, 30)

// bandGrades are the target-responsibility grades.
func bandGrades(t testing.TB) []zhengzhi.GradeBand {
	return []zhengzhi.GradeBand{
		{Min: dec(t, "90"), Name: "优秀"}, {Min: dec(t, "75"), Name: "良好"},
		{Min: dec(t, "60"), Name: "合格"}, {Min: 0, Name: "不合格"},
	}
}

func TestItemRules(t *testing.T) {
	linear := func(a, b string) zhengzhi.Rule {
		return zhengzhi.Rule{Type: zhengzhi.RuleLinear, ZeroAt: dec(t, a), FullAt: dec(t, b)}
	}
	deduct := func(target, per, d string) zhengzhi.Rule {
		return zhengzhi.Rule{Type: zhengzhi.RuleDeduct, Target: dec(t, target), Per: dec(t, per), Deduct: dec(t, d)}
	}
	tiers := zhengzhi.Rule{Type: zhengzhi.RuleTiers, Tiers: []zhengzhi.Tier{
		{Min: dec(t, "1"), Score: dec(t, "5")}, {Min: dec(t, "0.9"), Score: dec(t, "4")}, {Min: dec(t, "0.8"), Score: dec(t, "2")},
	}}
	countDeduct := zhengzhi.Rule{Type: zhengzhi.RuleCountDeduct, PerCount: dec(t, "2")}
	boolean := zhengzhi.Rule{Type: zhengzhi.RuleBoolean}
	zeroWhenEmpty := linear("0.5", "1")
	zeroWhenEmpty.WhenEmpty = zhengzhi.WhenEmptyZero
	v := func(n, d int64) *zhengzhi.Value { return &zhengzhi.Value{Numerator: n, Denominator: d} }

	tests := []struct {
		name      string
		points    string
		indicator string
		rule      zhengzhi.Rule
		value     *zhengzhi.Value // nil: the unit has no value at all
		want      string
		empty     bool
		explain   string // exact when it starts with "=", else a part
	}{
		{"linear", "10", "screening_coverage", linear("0.5", "1"), v(41, 50), "6.40", false,
			"=隐患排查覆盖率82%（41/50），按50%得0分、100%得满分线性计分，得6.4分"},
		{"linear clamps at 0", "10", "screening_coverage", linear("0.5", "1"), v(20, 50), "0.00", false, "得0分"},
		{"linear at zero_at", "10", "screening_coverage", linear("0.5", "1"), v(25, 50), "0.00", false, "50%"},
		{"linear full", "10", "screening_coverage", linear("0.5", "1"), v(50, 50), "10.00", false, "100%（50/50）"},
		{"linear on a count clamps at P", "4", "monitoring_projects", linear("0", "3"), v(5, 0), "4.00", false,
			"=开展风险监控项目5个，按0个得0分、3个得满分线性计分，得4分"},
		{"deduct 0.5 × 5.4 = 2.70", "15", "hazard_rectification_rate", deduct("1", "0.01", "0.5"), v(473, 500), "12.30", false,
			"=隐患整改率94.6%（473/500），低于100%共5.4个百分点，每低1个百分点扣0.5分，扣2.7分"},
		{"deduct is proportional, not stepped", "15", "hazard_rectification_rate", deduct("1", "0.01", "0.5"), v(123, 130), "12.31", false,
			"=隐患整改率94.62%（123/130），低于100%共5.38个百分点，每低1个百分点扣0.5分，扣2.69分"},
		{"deduct at target", "15", "hazard_rectification_rate", deduct("1", "0.01", "0.5"), v(130, 130), "15.00", false,
			"=隐患整改率100%（130/130），达到100%，不扣分，得15分"},
		{"deduct clamps at 0", "10", "nonconforming_followup_rate", deduct("1", "0.01", "1"), v(50, 100), "0.00", false,
			"低于100%共50个百分点，每低1个百分点扣1分，扣10分（扣完为止）"},
		{"deduct below a target under 100%", "10", "hazard_closure_rate", deduct("0.9", "0.05", "2"), v(80, 100), "6.00", false,
			"低于90%共10个百分点，每低5个百分点扣2分，扣4分"},
		{"deduct on a count", "10", "sampling_batches", deduct("30", "1", "0.5"), v(25, 0), "7.50", false,
			"=专项监督抽查25批次，比目标30批次少5批次，每少1批次扣0.5分，扣2.5分"},
		{"count_deduct", "10", "overdue_major_hazards", countDeduct, v(2, 0), "6.00", false,
			"=逾期未整改重大隐患2处，每处扣2分，扣4分"},
		{"count_deduct none", "10", "overdue_major_hazards", countDeduct, v(0, 0), "10.00", false,
			"=逾期未整改重大隐患0处，不扣分"},
		{"count_deduct missing value is zero", "10", "overdue_major_hazards", countDeduct, nil, "10.00", false, "0处"},
		{"count_deduct clamps at 0", "10", "overdue_major_hazards", countDeduct, v(6, 0), "0.00", false,
			"=逾期未整改重大隐患6处，每处扣2分，扣10分（扣完为止）"},
		{"boolean yes", "3", "analysis_meeting_held", boolean, v(1, 0), "3.00", false, "=已召开安全隐患分析大会，得3分"},
		{"boolean no", "3", "analysis_meeting_held", boolean, v(0, 0), "0.00", false, "=未召开安全隐患分析大会，扣3分"},
		{"tiers top", "5", "risk_signal_assessment_rate", tiers, v(25, 25), "5.00", false, "得5分"},
		{"tiers middle", "5", "risk_signal_assessment_rate", tiers, v(23, 25), "4.00", false,
			"=风险信息二次研判率92%（23/25），分档计分（100%及以上得5分，90%及以上得4分，80%及以上得2分，其余得0分），得4分"},
		{"tiers min is inclusive", "5", "risk_signal_assessment_rate", tiers, v(4, 5), "2.00", false, "80%"},
		{"tiers below all", "5", "risk_signal_assessment_rate", tiers, v(79, 100), "0.00", false, "得0分"},
		{"empty ratio full", "15", "hazard_rectification_rate", deduct("1", "0.01", "0.5"), v(0, 0), "15.00", true,
			"=本期无应整改隐患（0/0），按规则计满分"},
		{"missing ratio is empty", "10", "screening_coverage", linear("0.5", "1"), nil, "10.00", true,
			"=本期无在产企业（0/0），按规则计满分"},
		{"empty ratio zero", "10", "screening_coverage", zeroWhenEmpty, v(0, 0), "0.00", true,
			"=本期无在产企业（0/0），按规则计0分"},
		{"rounds x.xx5 up", "5", "screening_coverage", linear("0", "1"), v(1, 8), "0.63", false, "12.5%"},
		{"rounds 2.345 up", "7", "screening_coverage", linear("0", "1"), v(67, 200), "2.35", false, "得2.35分"},
		{"rounds 1.005 up exactly", "2.01", "screening_coverage", linear("0", "1"), v(1, 2), "1.01", false, "得1.01分"},
		{"rounds x.xx4 down", "10", "screening_coverage", linear("0", "1"), v(1, 3), "3.33", false, "33.33%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &zhengzhi.RuleSet{
				Items:  []zhengzhi.Item{{ID: "A1", Title: "测试项", Points: dec(t, tt.points), Indicator: tt.indicator, Rule: tt.rule}},
				Grades: bandGrades(t),
			}
			values := zhengzhi.Values{}
			if tt.value != nil {
				values["990100"] = map[string]zhengzhi.Value{tt.indicator: *tt.value}
			}
			a := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990100"}}, values, asOf)
			is := a.Units[0].Items[0]
			if got := is.Score.String(); got != tt.want {
				t.Errorf("score %s, want %s (%s)", got, tt.want, is.Explanation)
			}
			if is.Empty != tt.empty {
				t.Errorf("empty = %v, want %v", is.Empty, tt.empty)
			}
			if exact, ok := strings.CutPrefix(tt.explain, "="); ok && is.Explanation != exact {
				t.Errorf("explanation\n%s\nwant\n%s", is.Explanation, exact)
			} else if !ok && !strings.Contains(is.Explanation, tt.explain) {
				t.Errorf("explanation %q lacks %q", is.Explanation, tt.explain)
			}
			if a.Units[0].Total != is.Score {
				t.Errorf("total %s, want the item's %s", a.Units[0].Total, is.Score)
			}
		})
	}
}

func TestAdjustments(t *testing.T) {
	bonus := zhengzhi.Adjustment{ID: "B1", Title: "典型经验被省局采用", Indicator: "experience_adopted", Per: dec(t, "1"), Max: dec(t, "3")}
	penalty := zhengzhi.Adjustment{ID: "P1", Title: "发生较大产品质量安全事件", Indicator: "larger_incidents", Per: dec(t, "-5"), Max: dec(t, "10")}
	flag := zhengzhi.Adjustment{ID: "B2", Title: "省局随机抽查", Indicator: "province_random_check", Per: dec(t, "0.5"), Max: dec(t, "1")}
	tests := []struct {
		name    string
		adj     zhengzhi.Adjustment
		n       int64
		want    string
		explain string
	}{
		{"bonus", bonus, 2, "2.00", "典型经验被省局采用2项，每项加1分，最多加3分，加2分"},
		{"bonus limited to +max", bonus, 5, "3.00", "典型经验被省局采用5项，每项加1分，最多加3分，加3分"},
		{"no bonus", bonus, 0, "0.00", "典型经验被省局采用0项，不加分"},
		{"penalty", penalty, 1, "-5.00", "发生较大产品质量安全事件1起，每起扣5分，最多扣10分，扣5分"},
		{"penalty limited to −max", penalty, 3, "-10.00", "发生较大产品质量安全事件3起，每起扣5分，最多扣10分，扣10分"},
		{"no penalty", penalty, 0, "0.00", "发生较大产品质量安全事件0起，不扣分"},
		{"flag bonus", flag, 1, "0.50", "省局已随机抽查，加0.5分"},
		{"flag without bonus", flag, 0, "0.00", "省局未随机抽查，不加分"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &zhengzhi.RuleSet{
				Items: []zhengzhi.Item{{ID: "A1", Title: "逾期未整改重大隐患", Points: dec(t, "50"), Indicator: "overdue_major_hazards",
					Rule: zhengzhi.Rule{Type: zhengzhi.RuleCountDeduct, PerCount: dec(t, "2")}}},
				Adjustments: []zhengzhi.Adjustment{tt.adj},
				Grades:      bandGrades(t),
			}
			values := zhengzhi.Values{"990100": {tt.adj.Indicator: {Numerator: tt.n}}}
			sc := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990100"}}, values, asOf).Units[0]
			as := sc.Adjustments[0]
			if as.Score.String() != tt.want || as.Value != tt.n {
				t.Errorf("adjustment %s for %d, want %s", as.Score, as.Value, tt.want)
			}
			if as.Explanation != tt.explain {
				t.Errorf("explanation\n%s\nwant\n%s", as.Explanation, tt.explain)
			}
			if want := 5000 + as.Score; sc.Total != want {
				t.Errorf("total %s, want %s", sc.Total, want)
			}
		})
	}
}

// totalsRuleSet scores one 100-point item that loses 0.01 per overdue major
// hazard, so a test sets any total it needs; A2 is a key item for gates.
func totalsRuleSet(t testing.TB) *zhengzhi.RuleSet {
	return &zhengzhi.RuleSet{
		Items: []zhengzhi.Item{
			{ID: "A1", Title: "逾期未整改隐患", Points: dec(t, "85"), Indicator: "overdue_hazards",
				Rule: zhengzhi.Rule{Type: zhengzhi.RuleCountDeduct, PerCount: dec(t, "0.01")}},
			{ID: "A2", Title: "隐患整改率", Points: dec(t, "15"), Indicator: "hazard_rectification_rate",
				Rule: zhengzhi.Rule{Type: zhengzhi.RuleDeduct, Target: dec(t, "1"), Per: dec(t, "0.01"), Deduct: dec(t, "0.5")}},
		},
		Adjustments: []zhengzhi.Adjustment{
			{ID: "P1", Title: "发生较大产品质量安全事件", Indicator: "larger_incidents", Per: dec(t, "-5"), Max: dec(t, "10")},
		},
		Vetoes: []zhengzhi.Veto{
			{ID: "V1", Title: "发生重大产品质量安全事件", Indicator: "major_incidents", Above: 0, Cap: dec(t, "59"), Grade: "不合格"},
		},
		Grades: bandGrades(t),
	}
}

// unitValues describes one unit for totalsRuleSet: lost hundredths on A1,
// A2's rectified hazards out of 100, larger and major incidents.
type unitValues struct {
	lost, rectified, larger, major int64
}

func (u unitValues) values() map[string]zhengzhi.Value {
	return map[string]zhengzhi.Value{
		"overdue_hazards":           {Numerator: u.lost},
		"hazard_rectification_rate": {Numerator: u.rectified, Denominator: 100},
		"larger_incidents":          {Numerator: u.larger},
		"major_incidents":           {Numerator: u.major},
	}
}

func assessUnits(rs *zhengzhi.RuleSet, units []unitValues) *zhengzhi.Assessment {
	var list []zhengzhi.Unit
	values := zhengzhi.Values{}
	for i, u := range units {
		code := fmt.Sprintf("99%02d00", i+1)
		list = append(list, zhengzhi.Unit{Code: code})
		values[code] = u.values()
	}
	return zhengzhi.Assess(rs, list, values, asOf)
}

func TestTotalsGradesAndVetoes(t *testing.T) {
	tests := []struct {
		name   string
		unit   unitValues
		total  string
		grade  string
		vetoed bool
	}{
		{"band min is inclusive", unitValues{lost: 1000, rectified: 100}, "90.00", "优秀", false},
		{"just below a band", unitValues{lost: 1001, rectified: 100}, "89.99", "良好", false},
		{"exactly 60", unitValues{lost: 4000, rectified: 100}, "60.00", "合格", false},
		{"penalty", unitValues{lost: 0, rectified: 100, larger: 1}, "95.00", "优秀", false},
		{"total not below 0", unitValues{lost: 8500, rectified: 0, larger: 2}, "0.00", "不合格", false},
		{"veto caps the total", unitValues{lost: 0, rectified: 100, major: 1}, "59.00", "不合格", true},
		{"veto keeps a lower total", unitValues{lost: 5000, rectified: 100, major: 2}, "50.00", "不合格", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := assessUnits(totalsRuleSet(t), []unitValues{tt.unit}).Units[0]
			if sc.Total.String() != tt.total || sc.Grade != tt.grade || sc.Vetoed != tt.vetoed {
				t.Errorf("total %s grade %s vetoed %v; want %s %s %v", sc.Total, sc.Grade, sc.Vetoed, tt.total, tt.grade, tt.vetoed)
			}
			if tt.vetoed {
				want := fmt.Sprintf("发生重大产品质量安全事件%d起，实行一票否决，等次直接确定为不合格，总分最高计59分", tt.unit.major)
				if len(sc.Vetoes) != 1 || sc.Vetoes[0].Explanation != want || sc.Vetoes[0].Cap != 5900 || sc.Vetoes[0].Value != tt.unit.major {
					t.Errorf("vetoes %+v, want one with %q", sc.Vetoes, want)
				}
			} else if len(sc.Vetoes) != 0 {
				t.Errorf("vetoes %+v, want none", sc.Vetoes)
			}
		})
	}
}

// TestVetoForcesGrade checks that a veto's grade holds even when the capped
// total's band is better, and that the worst of several vetoes wins.
func TestVetoForcesGrade(t *testing.T) {
	rs := totalsRuleSet(t)
	rs.Vetoes = []zhengzhi.Veto{
		{ID: "V1", Title: "发生较大产品质量安全事件", Indicator: "larger_incidents", Above: 1, Cap: dec(t, "80"), Grade: "合格"},
		{ID: "V2", Title: "发生重大产品质量安全事件", Indicator: "major_incidents", Above: 0, Cap: dec(t, "85"), Grade: "良好"},
	}
	a := assessUnits(rs, []unitValues{
		{lost: 0, rectified: 100, larger: 2},           // 100 − 10 = 90, capped at 80, forced 合格
		{lost: 0, rectified: 100, larger: 2, major: 1}, // both: cap 80, worst grade 合格
		{lost: 0, rectified: 100, larger: 1},           // 95, not above 1: no veto
	})
	want := []struct {
		total, grade string
		vetoes       int
	}{{"80.00", "合格", 1}, {"80.00", "合格", 2}, {"95.00", "优秀", 0}}
	for i, w := range want {
		sc := a.Units[i]
		if sc.Total.String() != w.total || sc.Grade != w.grade || len(sc.Vetoes) != w.vetoes || sc.Vetoed != (w.vetoes > 0) {
			t.Errorf("unit %d: total %s grade %s vetoes %d; want %s %s %d", i, sc.Total, sc.Grade, len(sc.Vetoes), w.total, w.grade, w.vetoes)
		}
	}
	if got := a.Units[0].Vetoes[0].Explanation; got != "发生较大产品质量安全事件2起（超过1起），实行一票否决，等次直接确定为合格，总分最高计80分" {
		t.Errorf("explanation %s", got)
	}
}

func TestGates(t *testing.T) {
	rs := totalsRuleSet(t)
	rs.Gates = []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: dec(t, "0.6"), GradeAtMost: "合格"}}
	a := assessUnits(rs, []unitValues{
		{lost: 0, rectified: 82},    // A2 = 6.00 < 9: 91 → 优秀 lowered to 合格
		{lost: 0, rectified: 83},    // A2 = 6.50 < 9 still
		{lost: 0, rectified: 88},    // A2 = 9.00, exactly 60%: not gated
		{lost: 4000, rectified: 50}, // A2 = 0, total 45: 不合格 already, not lowered
	})
	want := []struct {
		total, grade string
		gated        bool
	}{{"91.00", "合格", true}, {"91.50", "合格", true}, {"94.00", "优秀", false}, {"45.00", "不合格", false}}
	for i, w := range want {
		sc := a.Units[i]
		if sc.Total.String() != w.total || sc.Grade != w.grade || sc.Gated != w.gated {
			t.Errorf("unit %d: total %s grade %s gated %v; want %s %s %v", i, sc.Total, sc.Grade, sc.Gated, w.total, w.grade, w.gated)
		}
	}
	if got := a.Units[0].GateExplanation; got != "关键指标“隐患整改率”得6分，低于该项分值的60%，等次最高为合格" {
		t.Errorf("gate explanation %s", got)
	}
}

func TestRanks(t *testing.T) {
	a := assessUnits(totalsRuleSet(t), []unitValues{
		{lost: 2000, rectified: 100}, // 80
		{lost: 1000, rectified: 100}, // 90
		{lost: 3000, rectified: 100}, // 70
		{lost: 2000, rectified: 100}, // 80
		{lost: 0, rectified: 100, major: 1},
	})
	want := []int{2, 1, 4, 2, 5} // 1, 2, 2, 4: the 70 comes fourth after the two 80s
	for i, w := range want {
		if a.Units[i].Rank != w {
			t.Errorf("unit %d (%s): rank %d, want %d", i, a.Units[i].Total, a.Units[i].Rank, w)
		}
	}
	if a.Units[0].Unit.Code != "990100" || a.Units[4].Unit.Code != "990500" {
		t.Errorf("units are not in the given order")
	}
}

// TestVetoRankLast ranks the units a rank: last veto hits after every unit
// it does not hit, among themselves by total with shared ranks for ties;
// without rank: last they rank by total like the rest.
func TestVetoRankLast(t *testing.T) {
	units := []unitValues{
		{lost: 4200, rectified: 100},           // 58
		{lost: 0, rectified: 100, major: 1},    // vetoed: 59
		{lost: 5000, rectified: 100},           // 50
		{lost: 4500, rectified: 100, major: 1}, // vetoed: 55
		{lost: 4500, rectified: 100, major: 2}, // vetoed: 55, tied with the one above
		{lost: 1000, rectified: 100},           // 90
		{lost: 5000, rectified: 100},           // 50, tied
	}
	tests := []struct {
		name string
		rank string
		want []int
	}{
		{"rank last", zhengzhi.VetoRankLast, []int{2, 5, 3, 6, 6, 1, 3}},
		{"by total", "", []int{3, 2, 6, 4, 4, 1, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := totalsRuleSet(t)
			rs.Vetoes[0].Rank = tt.rank
			a := assessUnits(rs, units)
			for i, w := range tt.want {
				if got := a.Units[i].Rank; got != w {
					t.Errorf("unit %d (%s, vetoed %v): rank %d, want %d", i, a.Units[i].Total, a.Units[i].Vetoed, got, w)
				}
			}
		})
	}
	// A veto without rank: last and one with it: only the second moves its units.
	rs := totalsRuleSet(t)
	rs.Vetoes = append(rs.Vetoes, zhengzhi.Veto{ID: "V2", Title: "发生较大产品质量安全事件", Indicator: "larger_incidents",
		Above: 1, Cap: dec(t, "80"), Grade: "合格", Rank: zhengzhi.VetoRankLast})
	a := assessUnits(rs, []unitValues{
		{lost: 0, rectified: 100, larger: 2}, // V2: 80, last
		{lost: 3000, rectified: 100},         // 70
		{lost: 0, rectified: 100, major: 1},  // V1 only: 59, by total
	})
	for i, w := range []int{3, 1, 2} {
		if got := a.Units[i].Rank; got != w {
			t.Errorf("two vetoes, unit %d: rank %d, want %d", i, got, w)
		}
	}
}

func TestGradesByRank(t *testing.T) {
	rs := totalsRuleSet(t)
	rs.Grades = nil
	rs.GradesByRank = []zhengzhi.RankGrade{{Top: 2, Name: "A"}, {Top: 6, Name: "B"}, {Name: "C"}}
	rs.Vetoes[0].Grade = "C"
	rs.Gates = []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: dec(t, "0.6"), GradeAtMost: "B"}}
	a := assessUnits(rs, []unitValues{
		{lost: 1000, rectified: 100},        // 90, rank 1: A
		{lost: 0, rectified: 100, major: 1}, // vetoed: 59, rank 6 would be B, the veto forces C
		{lost: 2000, rectified: 100},        // 80, rank 3: B
		{lost: 2000, rectified: 100},        // 80, rank 3: B
		{lost: 0, rectified: 80},            // A2 = 5 < 9: 90, rank 1 shared, A gated to B
		{lost: 5000, rectified: 100},        // 50, rank 7: C
		{lost: 3000, rectified: 100},        // 70, rank 5: B
	})
	want := []struct {
		rank  int
		grade string
	}{{1, "A"}, {6, "C"}, {3, "B"}, {3, "B"}, {1, "B"}, {7, "C"}, {5, "B"}}
	for i, w := range want {
		sc := a.Units[i]
		if sc.Rank != w.rank || sc.Grade != w.grade {
			t.Errorf("unit %d (%s): rank %d grade %s; want %d %s", i, sc.Total, sc.Rank, sc.Grade, w.rank, w.grade)
		}
	}
}

func TestWindowEnd(t *testing.T) {
	rs := &zhengzhi.RuleSet{Window: zhengzhi.Window{
		Start: zhengzhi.NewDate(2026, 8, 1), End: zhengzhi.NewDate(2026, 12, 31)}}
	if got, err := rs.WindowEnd(asOf); err != nil || got != asOf {
		t.Errorf("WindowEnd(%s) = %s, %v", asOf, got, err)
	}
	late := zhengzhi.NewDate(2027, 1, 15)
	if got, err := rs.WindowEnd(late); err != nil || got != rs.Window.End {
		t.Errorf("WindowEnd(%s) = %s, %v, want the window's end", late, got, err)
	}
	for _, early := range []zhengzhi.Date{zhengzhi.NewDate(2026, 7, 31), zhengzhi.NewDate(1, 1, 1)} {
		if got, err := rs.WindowEnd(early); err == nil {
			t.Errorf("WindowEnd(%s) = %s, want a refusal: the window has not started", early, got)
		}
	}
}
