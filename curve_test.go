package zhengzhi

import (
	"math/rand/v2"
	"testing"
)

// TestCurvesMatchScoring holds the curves to the scoring: for random rules,
// points and values (odd decimals and large denominators among them), a
// curve's score after c actions is scoreItem's on the moved value, first
// finds the least count reaching a score and last the greatest count below
// one.
func TestCurvesMatchScoring(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 24))
	decimal := func(lo, hi int64) Decimal { return Decimal(lo + r.Int64N(hi-lo+1)) }
	for n := range 400 {
		points := decimal(1, 40*decimalScale)
		it := Item{ID: "A1", Points: points}
		kind, fewer := Ratio, false
		switch r.IntN(6) {
		case 0, 1:
			it.Indicator = "screening_coverage"
			a := decimal(0, decimalScale-1)
			it.Rule = Rule{Type: RuleLinear, ZeroAt: a, FullAt: decimal(int64(a)+1, decimalScale)}
		case 2:
			it.Indicator = "hazard_rectification_rate"
			it.Rule = Rule{Type: RuleDeduct, Target: decimal(decimalScale/2, decimalScale), Per: decimal(1, decimalScale/5), Deduct: decimal(1, 3*decimalScale)}
		case 3:
			it.Indicator = "risk_signal_assessment_rate"
			hi := decimal(decimalScale/2, decimalScale)
			it.Rule = Rule{Type: RuleTiers, Tiers: []Tier{{Min: hi, Score: points}, {Min: hi / 2, Score: points / 3}}}
		case 4:
			it.Indicator, kind, fewer = "overdue_major_hazards", Count, true
			it.Rule = Rule{Type: RuleCountDeduct, PerCount: decimal(1, 5*decimalScale)}
		default:
			it.Indicator, kind = "monitoring_projects", Count
			it.Rule = Rule{Type: RuleLinear, ZeroAt: decimal(0, 2*decimalScale), FullAt: decimal(3*decimalScale, 40*decimalScale)}
		}
		den := int64(1 + r.IntN(5))
		if r.IntN(2) == 0 {
			den = 1 + r.Int64N(100000)
		}
		v := Value{Numerator: r.Int64N(den + 1), Denominator: den}
		if kind == Count {
			v = Value{Numerator: r.Int64N(60)}
		}
		dir := int64(1)
		if fewer {
			dir = -1
		}
		c, ok := lineOf(it).curve(kind, v, dir)
		if !ok {
			t.Fatalf("case %d: no curve for %+v", n, it)
		}
		score := func(k int64) int64 {
			w := v
			w.Numerator += dir * k
			return int64(scoreItem(it, w).Score)
		}
		lo, hi := -v.Numerator, v.Denominator-v.Numerator
		if kind == Count {
			lo, hi = -60, 60
			if fewer {
				lo, hi = -200, v.Numerator
			}
		}
		// Every count of a small range, and a sample of a large one.
		step := max(1, (hi-lo)/60)
		for k := lo; k <= hi; k += step {
			want := score(k)
			if got := c.at(k); got != want {
				t.Fatalf("case %d: %+v value %+v: at(%d) = %d, scoreItem %d", n, it.Rule, v, k, got, want)
			}
			if f, ok := c.first(want); !ok || f > k || f >= lo && score(f) < want || f > lo && score(f-1) >= want {
				t.Fatalf("case %d: %+v value %+v: first(%d) = %d, %v", n, it.Rule, v, want, f, ok)
			}
			if want > 0 {
				if l, ok := c.last(want - 1); !ok || l >= k || l >= lo && score(l) >= want || l+1 <= hi && l+1 < k && score(l+1) < want {
					t.Fatalf("case %d: %+v value %+v: last(%d) = %d, %v", n, it.Rule, v, want-1, l, ok)
				}
			}
		}
	}
}
