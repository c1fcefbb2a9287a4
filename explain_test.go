package zhengzhi_test

import (
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
)

// TestExplanationsAddUp scores the shipped rule sets over a sweep of
// values — every ratio n/d up to d = 60, larger denominators around the
// rounding edges, counts 0 to 12 — and re-derives every explanation's
// arithmetic from its own text (demotest.CheckExplanation): the printed
// percentage from its numerator and denominator, the shortfall, and the
// points from the rule's numbers.
func TestExplanationsAddUp(t *testing.T) {
	type pair struct{ n, d int64 }
	var ratios []pair
	for d := int64(1); d <= 60; d++ {
		for n := int64(0); n <= d; n++ {
			ratios = append(ratios, pair{n, d})
		}
	}
	for _, d := range []int64{130, 397, 400, 497, 800, 1000, 3001, 9999, 10000, 123457} {
		for _, n := range []int64{d / 2, d * 3 / 4, d * 9 / 10, d - 3, d - 2, d - 1, d} {
			ratios = append(ratios, pair{n, d})
		}
	}
	for _, f := range ruleSetFiles {
		rs := demotest.RuleSet(t, f.file)
		checked := 0
		for i, r := range ratios {
			vals := map[string]zhengzhi.Value{}
			for _, in := range zhengzhi.Indicators {
				switch in.Kind {
				case zhengzhi.Ratio:
					vals[in.Name] = zhengzhi.Value{Numerator: r.n, Denominator: r.d}
				case zhengzhi.Flag:
					vals[in.Name] = zhengzhi.Value{Numerator: int64(i % 2)}
				default:
					vals[in.Name] = zhengzhi.Value{Numerator: int64(i % 13)}
				}
			}
			a := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990100"}}, zhengzhi.Values{"990100": vals}, zhengzhi.NewDate(2026, 11, 30))
			sc := a.Units[0]
			for _, is := range sc.Items {
				if err := demotest.CheckExplanation(is.Points, is.Score, is.Explanation); err != nil {
					t.Fatalf("%s %s at %d/%d: %q: %v", rs.ID, is.ID, r.n, r.d, is.Explanation, err)
				}
				checked++
			}
			for _, as := range sc.Adjustments {
				if err := demotest.CheckAdjustment(as.Score, as.Explanation); err != nil {
					t.Fatalf("%s %s at %d: %q: %v", rs.ID, as.ID, as.Value, as.Explanation, err)
				}
			}
		}
		if checked == 0 {
			t.Fatalf("%s: no explanation checked", rs.ID)
		}
	}
}

// TestAnUnroundedLossIsPrintedUnrounded: 399/400 is 0.25 points short, half
// a point each: 0.125 points, which the score rounds (14.875 is 14.88) and
// the explanation therefore prints as it is.
func TestAnUnroundedLossIsPrintedUnrounded(t *testing.T) {
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	vals := map[string]zhengzhi.Value{"hazard_rectification_rate": {Numerator: 399, Denominator: 400}}
	sc := zhengzhi.Assess(rs, []zhengzhi.Unit{{Code: "990100"}}, zhengzhi.Values{"990100": vals}, zhengzhi.NewDate(2026, 11, 30)).Units[0]
	is := sc.Items[1]
	want := "隐患整改率99.75%（399/400），低于100%共0.25个百分点，每低1个百分点扣0.5分，扣0.125分"
	if is.ID != "A2" || is.Score.String() != "14.88" || is.Explanation != want {
		t.Fatalf("%s scores %s: %q, want 14.88: %q", is.ID, is.Score, is.Explanation, want)
	}
}
