// Package reportstest builds deterministic demo inputs for the report tests
// and benchmarks: the demo registry, synthetic indicator values, assessments
// scored with the shipped 2026 rule sets, and a Meta with one refused bureau.
package reportstest

import (
	"hash/fnv"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
)

// AsOf is the fixtures' as-of date.
var AsOf = zhengzhi.NewDate(2026, 11, 30)

// Generated is the fixtures' run time.
var Generated = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// Meta is a demo report's meta: every city and the province pulled at
// 08:00 the day after the as-of date, 临江市 (990200) refused.
func Meta(reg *zhengzhi.Registry) reports.Meta {
	m := reports.Meta{AsOf: AsOf, GeneratedAt: Generated, Demo: true, Province: reg.Province}
	pulled := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, u := range append([]zhengzhi.Unit{reg.Province}, reg.Units(zhengzhi.LevelCity)...) {
		p := reports.Pull{Unit: u.Code, Name: u.Name, Outcome: "ok", LastGood: pulled}
		if u.Code == "990200" {
			p.Outcome, p.LastGood, p.Error = "refused", pulled.Add(-24*time.Hour), "缺少表 risk_points"
		}
		m.Pulls = append(m.Pulls, p)
	}
	return m
}

// Values makes indicator values for every unit of a level, the same for the
// same seed: ratios mostly between 70% and 100%, a few overdue hazards, one
// unit with a major incident (a veto) and one with a larger incident.
func Values(units []zhengzhi.Unit, seed string) zhengzhi.Values {
	out := zhengzhi.Values{}
	for i, u := range units {
		vals := map[string]zhengzhi.Value{}
		for _, in := range zhengzhi.Indicators {
			h := hash(seed, u.Code, in.Name)
			switch in.Kind {
			case zhengzhi.Ratio:
				den := int64(20 + h%380)
				num := den * int64(85+hash(seed, in.Name, u.Code)%16) / 100
				vals[in.Name] = zhengzhi.Value{Numerator: num, Denominator: den}
			case zhengzhi.Flag:
				vals[in.Name] = zhengzhi.Value{Numerator: int64(min(1, h%5))}
			default:
				vals[in.Name] = zhengzhi.Value{Numerator: int64(h % 3)}
			}
		}
		vals["major_incidents"] = zhengzhi.Value{}
		vals["larger_incidents"] = zhengzhi.Value{}
		if i == len(units)-1 {
			vals["major_incidents"] = zhengzhi.Value{Numerator: 1}
		}
		if i == 2 {
			vals["larger_incidents"] = zhengzhi.Value{Numerator: 1}
		}
		out[u.Code] = vals
	}
	return out
}

func hash(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum32()
}

// Assessment scores the units of the rule set's level with Values(seed).
func Assessment(t testing.TB, reg *zhengzhi.Registry, ruleset, seed string) (*zhengzhi.Assessment, zhengzhi.Values) {
	t.Helper()
	rs := demotest.RuleSet(t, ruleset)
	units := reg.Units(rs.Level)
	values := Values(units, seed)
	return zhengzhi.Assess(rs, units, values, AsOf), values
}
