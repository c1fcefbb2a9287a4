package warehouse_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

// handScoredAssessment is an assessment as the scoring would produce it,
// written out by hand so that storage is tested apart from the arithmetic.
func handScoredAssessment(hash string, asOf zhengzhi.Date) *zhengzhi.Assessment {
	rs := &zhengzhi.RuleSet{ID: "target-responsibility-city-2026", Title: "2026年度目标责任制考核（市局）",
		Level: zhengzhi.LevelCity, Hash: hash}
	city := func(code, name string) zhengzhi.Unit {
		return zhengzhi.Unit{Code: code, Name: name, Level: zhengzhi.LevelCity, Parent: "990000"}
	}
	return &zhengzhi.Assessment{RuleSet: rs, AsOf: asOf, Units: []zhengzhi.Scorecard{
		{
			Unit: city("990100", "东川市"), Total: 8725, Grade: "良好", Rank: 2,
			Items: []zhengzhi.ItemScore{
				{ID: "A1", Title: "隐患排查覆盖率", Indicator: "screening_coverage", Points: 1000, Score: 950,
					Value: zhengzhi.Value{Numerator: 95, Denominator: 100}, Kind: zhengzhi.Ratio,
					Explanation: "覆盖率95.0%（95/100），按50%至100%线性计分，得9.50分"},
				{ID: "A4", Title: "逾期未整改重大隐患", Indicator: "overdue_major_hazards", Points: 1000, Score: 600,
					Value: zhengzhi.Value{Numerator: 2}, Kind: zhengzhi.Count, Explanation: "逾期未整改重大隐患2处，扣4.00分"},
			},
			Adjustments: []zhengzhi.AdjustmentScore{{ID: "B1", Title: "典型经验被省局采用", Value: 2, Score: 200, Explanation: "加2.00分"}},
		},
		{
			Unit: city("990200", "临江市"), Total: 5900, Grade: "不合格", Rank: 1, Vetoed: true, Gated: true,
			GateExplanation: "关键指标得分低于60%",
			Vetoes: []zhengzhi.VetoHit{{ID: "V1", Title: "发生重大产品质量安全事件", Value: 1, Cap: 5900, Grade: "不合格",
				Explanation: "发生重大产品质量安全事件1起，总分封顶59分，等次为不合格"}},
			Items: []zhengzhi.ItemScore{
				{ID: "A1", Title: "隐患排查覆盖率", Indicator: "screening_coverage", Points: 1000, Score: 1000,
					Kind: zhengzhi.Ratio, Empty: true, Explanation: "本期无在产企业（0/0），按满分计"},
				{ID: "A4", Title: "逾期未整改重大隐患", Indicator: "overdue_major_hazards", Points: 1000, Score: 1000,
					Kind: zhengzhi.Count, Explanation: "无逾期未整改重大隐患"},
			},
			Adjustments: []zhengzhi.AdjustmentScore{{ID: "B1", Title: "典型经验被省局采用", Explanation: "无"}},
		},
	}}
}

var handValues = zhengzhi.Values{
	"990100": {"screening_coverage": {Numerator: 95, Denominator: 100}, "overdue_major_hazards": {Numerator: 2}, "experience_adopted": {Numerator: 2}},
	"990200": {"screening_coverage": {}, "overdue_major_hazards": {}, "experience_adopted": {}, "major_incidents": {Numerator: 1}},
}

func TestStoredAssessmentRoundTripsOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		asOf := zhengzhi.NewDate(2026, 11, 30)
		a := handScoredAssessment("hash-1", asOf)
		before := time.Now().Add(-time.Second)
		id, err := w.SaveAssessment(ctx, a, "registry-1", handValues, []int64{3, 7})
		if err != nil {
			t.Fatal(err)
		}
		again, err := w.SaveAssessment(ctx, a, "registry-1", handValues, []int64{3, 7})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		if err := warehouse.DBForTest(w).SelectContext(ctx, &texts, warehouse.DBForTest(w).Rebind(`SELECT result FROM assessments WHERE id IN (?, ?) ORDER BY id`), id, again); err != nil {
			t.Fatal(err)
		}
		if len(texts) != 2 || texts[0] != texts[1] {
			t.Errorf("the same result stored twice gave different texts:\n%v", texts)
		}

		got, ok, err := w.StoredAssessment(ctx, a.RuleSet.ID, "hash-1", asOf)
		if err != nil || !ok {
			t.Fatalf("StoredAssessment = %v, %v", ok, err)
		}
		if got.ID != again {
			t.Errorf("StoredAssessment gave id %d, want the newest, %d", got.ID, again)
		}
		if got.RuleSetHash != "hash-1" || got.RegistryHash != "registry-1" || got.Level != zhengzhi.LevelCity || got.AsOf != asOf || !reflect.DeepEqual(got.Pulls, []int64{3, 7}) {
			t.Errorf("stored metadata = %+v", got)
		}
		if got.ComputedAt.Before(before) || got.ComputedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("computed_at %v is not the time of storing", got.ComputedAt)
		}
		if !reflect.DeepEqual(got.Assessment, a) {
			t.Errorf("assessment did not round-trip:\n got %+v\nwant %+v", got.Assessment, a)
		}
		if !reflect.DeepEqual(got.Values, handValues) {
			t.Errorf("values did not round-trip:\n got %v\nwant %v", got.Values, handValues)
		}
		if _, ok, err := w.StoredAssessment(ctx, a.RuleSet.ID, "hash-2", asOf); ok || err != nil {
			t.Errorf("another rule set content found a result: %v, %v", ok, err)
		}
		if _, ok, err := w.StoredAssessment(ctx, a.RuleSet.ID, "hash-1", asOf.AddDays(-1)); ok || err != nil {
			t.Errorf("another date found a result: %v, %v", ok, err)
		}
	})
}

func TestAssessmentHistoryOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		day := func(s string) zhengzhi.Date { d, _ := zhengzhi.ParseDate(s); return d }
		save := func(hash, asOf string) int64 {
			id, err := w.SaveAssessment(ctx, handScoredAssessment(hash, day(asOf)), "registry-1", handValues, nil)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		sep := save("h1", "2026-09-30")
		save("h1", "2026-10-31")
		oct := save("h2", "2026-10-31") // the file was edited and October scored again: the newest counts
		save("h2", "2026-11-30")        // not before the date asked
		other := handScoredAssessment("h1", day("2026-08-31"))
		other.RuleSet.ID = "safe-city-2026"
		if _, err := w.SaveAssessment(ctx, other, "registry-1", handValues, nil); err != nil {
			t.Fatal(err)
		}

		history, err := w.AssessmentHistory(ctx, "target-responsibility-city-2026", day("2026-11-30"))
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range history {
			ids = append(ids, h.ID)
		}
		if !reflect.DeepEqual(ids, []int64{sep, oct}) {
			t.Fatalf("history ids = %v, want September's and the newest October's %v", ids, []int64{sep, oct})
		}
		if history[1].RuleSetHash != "h2" || history[1].AsOf != day("2026-10-31") || len(history[1].Assessment.Units) != 2 {
			t.Errorf("October's result = %+v", history[1])
		}
		if history[0].Pulls == nil || len(history[0].Pulls) != 0 {
			t.Errorf("a result stored without pulls reads back %#v, want an empty list", history[0].Pulls)
		}
	})
}
