package zhengzhi_test

import (
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
)

// ruleSetFiles are the province's 2026 rule sets shipped in templates/.
var ruleSetFiles = []struct {
	file, id string
	level    zhengzhi.Level
	items    int
	fixed    string // the item no work can change any more (improvable: false)
}{
	{"target-responsibility-city.yaml", "target-responsibility-city-2026", zhengzhi.LevelCity, 15, "A15"},
	{"target-responsibility-county.yaml", "target-responsibility-county-2026", zhengzhi.LevelCounty, 15, "A15"},
	{"safe-city.yaml", "safe-city-2026", zhengzhi.LevelCity, 5, "S3"},
	{"safe-county.yaml", "safe-county-2026", zhengzhi.LevelCounty, 5, "S3"},
}

func TestRuleSets2026(t *testing.T) {
	start, end := zhengzhi.NewDate(2026, 8, 1), zhengzhi.NewDate(2026, 12, 31)
	for _, f := range ruleSetFiles {
		t.Run(f.id, func(t *testing.T) {
			rs := demotest.RuleSet(t, f.file)
			if rs.ID != f.id || rs.Level != f.level || len(rs.Items) != f.items {
				t.Errorf("id %s level %s items %d; want %s %s %d", rs.ID, rs.Level, len(rs.Items), f.id, f.level, f.items)
			}
			if rs.Window.Start != start || rs.Window.End != end {
				t.Errorf("window %s…%s", rs.Window.Start, rs.Window.End)
			}
			if len(rs.Vetoes) != 1 || rs.Vetoes[0].Cap != dec(t, "59") || !rs.Vetoes[0].RanksLast() {
				t.Errorf("vetoes %+v, want V1 capped at 59 and ranked last", rs.Vetoes)
			}
			// Last year's rule set of the kind, for the 评分细则's annex; it is not scored.
			if prev := rs.Previous; prev == nil || prev.ID != strings.Replace(f.id, "2026", "2025", 1) || prev.Level != f.level {
				t.Errorf("succeeds %q: %+v, want the 2025 rule set of the kind", rs.Succeeds, prev)
			}
			if rs.Short == "" || rs.ShortTitle() == rs.Title {
				t.Errorf("short title %q: the reports say the title once, then the short one", rs.Short)
			}
			for _, it := range rs.Items {
				if it.CanImprove() == (it.ID == f.fixed) {
					t.Errorf("item %s: improvable %v", it.ID, it.CanImprove())
				}
			}
		})
	}
	city := demotest.RuleSet(t, "target-responsibility-city.yaml")
	county := demotest.RuleSet(t, "target-responsibility-county.yaml")
	if got := city.Targets["sampling_batches"]; got.For("990100") != 50 || got.For("990300") != 30 {
		t.Errorf("city sampling targets: capital %d, other %d; want 50, 30", got.For("990100"), got.For("990300"))
	}
	if got := county.Targets["sampling_batches"].For("990102"); got != 10 {
		t.Errorf("county sampling target %d, want 10", got)
	}
	wantDue := []string{"progress 2026-08 2026-09-05", "progress 2026-09 2026-10-05", "progress 2026-10 2026-11-05",
		"progress 2026-11 2026-12-05", "summary 2026 2027-01-10"}
	for i, r := range city.Reporting {
		if got := r.Kind + " " + r.Period + " " + r.Due.String(); i >= len(wantDue) || got != wantDue[i] {
			t.Errorf("reporting %d: %s", i, got)
		}
	}
	if len(city.Reporting) != len(wantDue) {
		t.Errorf("%d reporting entries, want %d", len(city.Reporting), len(wantDue))
	}
}

// TestTargetResponsibilityCityScore scores one city by hand-checked arithmetic.
func TestTargetResponsibilityCityScore(t *testing.T) {
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	values := zhengzhi.Values{"990100": {
		"screening_coverage":          {Numerator: 41, Denominator: 50},   // A1 6.40
		"hazard_rectification_rate":   {Numerator: 123, Denominator: 130}, // A2 15 − 2.69 = 12.31
		"hazard_closure_rate":         {Numerator: 90, Denominator: 130},  // A3 1.92
		"overdue_major_hazards":       {Numerator: 2},                     // A4 6.00
		"refusal_enforcement_rate":    {Numerator: 3, Denominator: 4},     // A5 3.75
		"sampling_completion":         {Numerator: 40, Denominator: 50},   // A6 8.00
		"nonconforming_followup_rate": {Numerator: 19, Denominator: 20},   // A8 10 − 5 = 5.00 (A7 empty: 5.00)
		"dormant_tracking_rate":       {Numerator: 7, Denominator: 10},    // A9 2.00
		"risk_signal_assessment_rate": {Numerator: 23, Denominator: 25},   // A10 4.00
		"analysis_meeting_held":       {Numerator: 1},                     // A11 3.00
		"risk_point_zeroing_rate":     {Numerator: 98, Denominator: 100},  // A12 9.00
		"self_inspection_coverage":    {Numerator: 8, Denominator: 10},    // A13 2.40
		"supervision_coverage":        {Numerator: 5, Denominator: 10},    // A14 1.00
		"submission_timeliness":       {Numerator: 3, Denominator: 4},     // A15 1.50
		"experience_adopted":          {Numerator: 2},                     // B1 +2.00
	}}
	sc := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990100", Name: "东川市"}}, values, asOf).Units[0]
	want := []string{"6.40", "12.31", "1.92", "6.00", "3.75", "8.00", "5.00", "5.00", "2.00", "4.00", "3.00", "9.00", "2.40", "1.00", "1.50"}
	for i, is := range sc.Items {
		if is.Score.String() != want[i] {
			t.Errorf("%s: %s, want %s (%s)", is.ID, is.Score, want[i], is.Explanation)
		}
	}
	if sc.Total.String() != "73.28" || sc.Grade != "合格" || sc.Rank != 1 {
		t.Errorf("total %s grade %s rank %d; want 73.28 合格 1", sc.Total, sc.Grade, sc.Rank)
	}
}

func TestSafeCountyScore(t *testing.T) {
	rs := demotest.RuleSet(t, "safe-county.yaml")
	values := zhengzhi.Values{"990102": {
		"risk_point_zeroing_rate": {Numerator: 95, Denominator: 100}, // S1 30 − 5 = 25
		"overdue_major_hazards":   {Numerator: 1},                    // S2 25 − 5 = 20
		"risk_signal_timely_rate": {Numerator: 9, Denominator: 10},   // S3 15 × 0.3/0.4 = 11.25
		"larger_incidents":        {Numerator: 1},                    // S4 no plan: 0; S5 empty: 20; P1 −10
	}}
	sc := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990102"}}, values, asOf).Units[0]
	if sc.Total.String() != "66.25" || sc.Grade != "达标" {
		t.Errorf("total %s grade %s; want 66.25 达标", sc.Total, sc.Grade)
	}
}

// BenchmarkScoreCounties scores the demo province's 100 counties against the
// four 2026 rule sets.
func BenchmarkScoreCounties(b *testing.B) {
	reg := demotest.Registry(b)
	counties := reg.Units(zhengzhi.LevelCounty)
	var sets []*zhengzhi.RuleSet
	for _, f := range ruleSetFiles {
		sets = append(sets, demotest.RuleSet(b, f.file))
	}
	values := zhengzhi.Values{}
	for i, u := range counties {
		vals := map[string]zhengzhi.Value{}
		for j, in := range zhengzhi.Indicators {
			n := int64((i*7 + j*13) % 40)
			switch in.Kind {
			case zhengzhi.Ratio:
				vals[in.Name] = zhengzhi.Value{Numerator: n, Denominator: 40 + int64(i%3)}
			case zhengzhi.Flag:
				vals[in.Name] = zhengzhi.Value{Numerator: int64((i + j) % 2)}
			default:
				vals[in.Name] = zhengzhi.Value{Numerator: n % 4}
			}
		}
		values[u.Code] = vals
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, rs := range sets {
			zhengzhi.Assess(rs, counties, values, asOf)
		}
	}
}
