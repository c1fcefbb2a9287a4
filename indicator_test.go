package zhengzhi_test

import (
	"testing"

	"zhengzhi"
)

// TestCompleteFillsTheDenominatorsTheQueryDoesNotCount works the three
// denominators that come from outside the rows by hand: counties asked
// (an abolished county left out), reporting due by D, and a target that caps
// its numerator.
func TestCompleteFillsTheDenominatorsTheQueryDoesNotCount(t *testing.T) {
	reg, err := zhengzhi.ParseRegistry([]byte(`
province: {code: "990000", name: 东川省}
cities:
  - code: "990200"
    name: 临江市
    counties:
      - {code: "990202", name: 鹤盛区}
      - {code: "990221", name: 远山县}
      - {code: "990299", name: 旧城县, abolished: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	d := zhengzhi.NewDate(2026, 10, 31)
	rs := &zhengzhi.RuleSet{
		Targets: map[string]zhengzhi.Target{"sampling_batches": {Default: 3, ByUnit: map[string]int64{"990202": 5}}},
		Reporting: []zhengzhi.Reporting{
			{Kind: "progress", Period: "2026-08", Due: zhengzhi.NewDate(2026, 9, 5)},
			{Kind: "progress", Period: "2026-09", Due: zhengzhi.NewDate(2026, 10, 31)},
			{Kind: "progress", Period: "2026-10", Due: zhengzhi.NewDate(2026, 11, 5)}, // not due by D
		},
	}
	city, _ := reg.Unit("990200")
	county, _ := reg.Unit("990221")
	gone, _ := reg.Unit("990299")
	heSheng, _ := reg.Unit("990202")
	in := func(name string) zhengzhi.Indicator {
		in, ok := zhengzhi.LookupIndicator(name)
		if !ok {
			t.Fatalf("no indicator %s", name)
		}
		return in
	}
	v := func(n, d int64) zhengzhi.Value { return zhengzhi.Value{Numerator: n, Denominator: d} }
	for _, c := range []struct {
		indicator string
		unit      zhengzhi.Unit
		counted   zhengzhi.Value
		want      zhengzhi.Value
	}{
		{"supervision_coverage", city, v(1, 0), v(1, 2)},
		{"self_inspection_coverage", county, v(1, 0), v(1, 1)},
		{"self_inspection_coverage", gone, v(0, 0), v(0, 0)},
		{"submission_timeliness", county, v(1, 0), v(1, 2)},
		{"sampling_completion", county, v(7, 0), v(3, 3)},       // capped at the default target
		{"sampling_completion", heSheng, v(4, 0), v(4, 5)},      // under its own target
		{"hazard_rectification_rate", county, v(2, 9), v(2, 9)}, // counted from rows: as it is
	} {
		if got := in(c.indicator).Complete(c.counted, c.unit, reg, rs, d); got != c.want {
			t.Errorf("%s of %s: %d/%d, want %d/%d", c.indicator, c.unit.Code, got.Numerator, got.Denominator, c.want.Numerator, c.want.Denominator)
		}
	}
}

// TestIndicatorRecordsAreComplete checks each record has the words its kind
// is printed with and a denominator its kind can have.
func TestIndicatorRecordsAreComplete(t *testing.T) {
	for _, in := range zhengzhi.Indicators {
		switch in.Kind {
		case zhengzhi.Ratio:
			if in.Of == "" {
				t.Errorf("%s: a ratio needs Of, its denominator in words", in.Name)
			}
		case zhengzhi.Count:
			if in.Counted == "" || in.Measure == "" {
				t.Errorf("%s: a count needs Counted and Measure", in.Name)
			}
		case zhengzhi.Flag:
			if in.Yes == "" || in.No == "" {
				t.Errorf("%s: a flag needs Yes and No", in.Name)
			}
		default:
			t.Errorf("%s: unknown kind %q", in.Name, in.Kind)
		}
		if in.Denominator != zhengzhi.FromRows && in.Kind != zhengzhi.Ratio {
			t.Errorf("%s: only a ratio has a denominator from outside the rows", in.Name)
		}
		if in.Denominator == zhengzhi.FromTarget {
			if target, ok := zhengzhi.LookupIndicator(in.Target); !ok || target.Kind != zhengzhi.Count {
				t.Errorf("%s: target %q is not a count indicator (targets are named after one)", in.Name, in.Target)
			}
		}
	}
}
