package zhengzhi_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/demotest"
)

// provinceValues are indicator values shaped like the province-scale data:
// every county of the demo registry with some 1,500–3,500 producing
// enterprises and as many hazards, its rates set by a diligence of its own
// (so that units fall in every grade), and every city the sum of its
// counties. A few units have larger or major incidents.
func provinceValues(reg *zhengzhi.Registry) zhengzhi.Values {
	r := rand.New(rand.NewPCG(2026, 1124))
	values := zhengzhi.Values{}
	for _, city := range reg.Units(zhengzhi.LevelCity) {
		cityVals := map[string]zhengzhi.Value{}
		counties := reg.Counties(city.Code)
		for _, county := range counties {
			diligence := 0.55 + 0.45*r.Float64()
			rate := func(d int, floor float64) zhengzhi.Value {
				share := min(1, floor+(1-floor)*diligence+0.05*r.Float64())
				return ratio(int64(share*float64(d)), int64(d))
			}
			flag := func() zhengzhi.Value {
				if r.Float64() < diligence {
					return count(1)
				}
				return count(0)
			}
			hazards := 1000 + r.IntN(2500)
			signals := 100 + r.IntN(400)
			v := map[string]zhengzhi.Value{
				"screening_coverage":            rate(1500+r.IntN(2000), 0.4),
				"hazard_rectification_rate":     rate(hazards, 0.8),
				"hazard_closure_rate":           rate(hazards, 0.5),
				"overdue_major_hazards":         count(int64(r.IntN(4))),
				"refusal_enforcement_rate":      rate(10+r.IntN(50), 0.4),
				"sampling_completion":           ratio(int64(min(10, 4+r.IntN(8))), 10),
				"failed_sample_trace_rate":      rate(5+r.IntN(25), 0.5),
				"nonconforming_followup_rate":   rate(50+r.IntN(250), 0.85),
				"repeat_offender_followup_rate": rate(20+r.IntN(60), 0.4),
				"dormant_tracking_rate":         rate(100+r.IntN(300), 0.5),
				"risk_signal_assessment_rate":   rate(signals, 0.7),
				"risk_signal_timely_rate":       rate(signals, 0.5),
				"risk_point_zeroing_rate":       rate(300+r.IntN(700), 0.85),
				"analysis_meeting_held":         flag(),
				"emergency_plan_in_place":       flag(),
				"self_inspection_coverage":      ratio(flag().Numerator, 1),
				"supervision_coverage":          ratio(flag().Numerator, 1),
				"submission_timeliness":         ratio(int64(2+r.IntN(3)), 4),
				"experience_adopted":            count(int64(r.IntN(3))),
			}
			if r.IntN(10) == 0 {
				v["larger_incidents"] = count(1)
			}
			if r.IntN(50) == 0 {
				v["major_incidents"] = count(1)
			}
			values[county.Code] = v
			for name, x := range v {
				sum := cityVals[name]
				sum.Numerator += x.Numerator
				sum.Denominator += x.Denominator
				cityVals[name] = sum
			}
		}
		// The city's own flags, submissions and sampling against its own
		// target; its coverage of its counties is their sum.
		cityVals["analysis_meeting_held"] = count(int64(r.IntN(4) / 3))
		cityVals["emergency_plan_in_place"] = count(int64(r.IntN(4) / 3))
		cityVals["sampling_completion"] = ratio(int64(15+r.IntN(16)), 30)
		cityVals["submission_timeliness"] = ratio(int64(2+r.IntN(3)), 4)
		values[city.Code] = cityVals
	}
	return values
}

// BenchmarkNextGrade scores every unit of the four 2026 rule sets at province
// scale and works out every unit's path and margin, timing the two apart in
// the same loop so that both see the same machine: assess-ms is the scoring,
// paths-ms the paths, paths/assess their ratio. (The assess step itself is
// mostly the indicator SQL, which dwarfs both.)
func BenchmarkNextGrade(b *testing.B) {
	reg := demotest.Registry(b)
	values := provinceValues(reg)
	type set struct {
		rs    *zhengzhi.RuleSet
		units []zhengzhi.Unit
	}
	var sets []set
	for _, f := range ruleSetFiles {
		sets = append(sets, set{demotest.RuleSet(b, f.file), reg.Units(f.level)})
	}
	outcomes, actions := map[zhengzhi.Blocked]int{}, int64(0)
	for _, s := range sets {
		for _, n := range zhengzhi.NextGrades(zhengzhi.Assess(s.rs, s.units, values, asOf), values) {
			outcomes[n.Blocked]++
			actions += n.Actions
		}
	}
	b.Logf("paths by outcome %v, %d actions in all", outcomes, actions)
	var scoring, paths time.Duration
	assessed := make([]*zhengzhi.Assessment, len(sets))
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for k, s := range sets {
			assessed[k] = zhengzhi.Assess(s.rs, s.units, values, asOf)
		}
		scored := time.Now()
		for _, a := range assessed {
			zhengzhi.NextGrades(a, values)
		}
		paths += time.Since(scored)
		scoring += scored.Sub(start)
	}
	b.ReportMetric(float64(scoring)/1e6/float64(b.N), "assess-ms")
	b.ReportMetric(float64(paths)/1e6/float64(b.N), "paths-ms")
	b.ReportMetric(float64(paths)/float64(scoring), "paths/assess")
}
