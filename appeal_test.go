package zhengzhi_test

import (
	"errors"
	"testing"

	"zhengzhi"
)

// appealRuleSet is a small rule set: a ratio, a count and a veto that ranks
// a unit last, graded by score bands.
const appealRuleSet = `
id: appeal-test-2026
title: 复核测试
level: city
window: {start: 2026-01-01, end: 2026-12-31}
appeal_score: true
items:
  - {id: A1, title: 隐患排查覆盖率, points: 50, indicator: screening_coverage, rule: {type: linear, zero_at: 0.5, full_at: 1.0}}
  - {id: A4, title: 逾期未整改重大隐患, points: 50, indicator: overdue_major_hazards, rule: {type: count_deduct, per_count: 10}}
vetoes:
  - {id: V1, title: 发生重大产品质量安全事件, indicator: major_incidents, above: 0, cap: 59, grade: 不合格, rank: last}
grades:
  - {min: 90, name: 优秀}
  - {min: 75, name: 良好}
  - {min: 60, name: 合格}
  - {min: 0, name: 不合格}
`

func appealFixture(t *testing.T) (*zhengzhi.RuleSet, *zhengzhi.Assessment, zhengzhi.Values) {
	t.Helper()
	rs, err := zhengzhi.ParseRuleSet("appeal-test.yaml", []byte(appealRuleSet))
	if err != nil {
		t.Fatal(err)
	}
	units := []zhengzhi.Unit{
		{Code: "990100", Name: "东川市", Level: zhengzhi.LevelCity},
		{Code: "990200", Name: "临江市", Level: zhengzhi.LevelCity},
		{Code: "990300", Name: "青石市", Level: zhengzhi.LevelCity},
	}
	values := zhengzhi.Values{
		// 80% coverage is 30 of 50; no overdue: 80 良好.
		"990100": {"screening_coverage": {Numerator: 80, Denominator: 100}},
		// 70% is 20; one overdue costs 10: 60 合格.
		"990200": {"screening_coverage": {Numerator: 70, Denominator: 100}, "overdue_major_hazards": {Numerator: 1}},
		// Full marks but a major incident: capped at 59, ranked last.
		"990300": {"screening_coverage": {Numerator: 100, Denominator: 100}, "major_incidents": {Numerator: 1}},
	}
	return rs, zhengzhi.Assess(rs, units, values, zhengzhi.NewDate(2026, 11, 30)), values
}

func accepted(unit, item string, v *zhengzhi.Value, s *zhengzhi.Score) zhengzhi.Appeal {
	return zhengzhi.Appeal{Unit: unit, Item: item, State: zhengzhi.AppealAccepted,
		Ruling: &zhengzhi.Ruling{Value: v, Score: s, Reason: "核实"}}
}

func TestApplyRulingsRescores(t *testing.T) {
	rs, frozen, values := appealFixture(t)
	card := func(a *zhengzhi.Assessment, code string) zhengzhi.Scorecard {
		for _, c := range a.Units {
			if c.Unit.Code == code {
				return c
			}
		}
		t.Fatalf("no %s", code)
		return zhengzhi.Scorecard{}
	}
	if c := card(frozen, "990200"); c.Total != 6000 || c.Grade != "合格" || c.Rank != 2 {
		t.Fatalf("frozen 临江市: %s %s rank %d", c.Total, c.Grade, c.Rank)
	}
	final, finalValues := zhengzhi.ApplyRulings(rs, frozen, values, []zhengzhi.Appeal{
		// 临江市's overdue hazard was rectified in time: 0, not 1.
		accepted("990200", "A4", &zhengzhi.Value{Numerator: 0}, nil),
		// A rejected appeal changes nothing.
		{Unit: "990100", Item: "A1", State: zhengzhi.AppealRejected, Ruling: &zhengzhi.Ruling{Reason: "无据"}},
	})
	c := card(final, "990200")
	if c.Total != 7000 || c.Grade != "合格" {
		t.Errorf("final 临江市: %s %s, want 70.00 合格", c.Total, c.Grade)
	}
	if finalValues["990200"]["overdue_major_hazards"].Numerator != 0 || values["990200"]["overdue_major_hazards"].Numerator != 1 {
		t.Error("the final values must carry the ruling and the frozen ones stay as they were")
	}
	if card(frozen, "990200").Total != 6000 {
		t.Error("the frozen result changed")
	}

	// A ratio raised to 90% lifts 临江市 from 合格 to 良好 and above 东川市.
	final, _ = zhengzhi.ApplyRulings(rs, frozen, values, []zhengzhi.Appeal{
		accepted("990200", "A4", &zhengzhi.Value{Numerator: 0}, nil),
		accepted("990200", "A1", &zhengzhi.Value{Numerator: 95, Denominator: 100}, nil),
	})
	c = card(final, "990200")
	if c.Total != 9500 || c.Grade != "优秀" || c.Rank != 1 || card(final, "990100").Rank != 2 {
		t.Errorf("final 临江市: %s %s rank %d; 东川市 rank %d", c.Total, c.Grade, c.Rank, card(final, "990100").Rank)
	}
}

func TestApplyRulingsKeepsAVeto(t *testing.T) {
	rs, frozen, values := appealFixture(t)
	// A veto's indicator is no item, so no appeal moves it: a corrected item
	// of a vetoed unit is scored again and the cap and rank last still hold.
	final, _ := zhengzhi.ApplyRulings(rs, frozen, values, []zhengzhi.Appeal{
		accepted("990300", "A4", &zhengzhi.Value{Numerator: 2}, nil),
	})
	for _, c := range final.Units {
		if c.Unit.Code == "990300" && (!c.Vetoed || c.Total != 5900 || c.Rank != 3) {
			t.Errorf("青石市: vetoed %v total %s rank %d, want the cap 59 and rank last", c.Vetoed, c.Total, c.Rank)
		}
	}
}

func TestApplyRulingsScore(t *testing.T) {
	rs, frozen, values := appealFixture(t)
	s := zhengzhi.Score(4500)
	final, _ := zhengzhi.ApplyRulings(rs, frozen, values, []zhengzhi.Appeal{accepted("990100", "A1", nil, &s)})
	c := final.Units[0]
	if c.Items[0].Score != 4500 || c.Total != 9500 || c.Grade != "优秀" {
		t.Errorf("东川市 with A1 ruled 45: item %s total %s %s", c.Items[0].Score, c.Total, c.Grade)
	}
	if c.Items[0].Value != (zhengzhi.Value{Numerator: 80, Denominator: 100}) {
		t.Errorf("a ruled score keeps the value: %+v", c.Items[0].Value)
	}
}

func TestCheckValue(t *testing.T) {
	for _, tc := range []struct {
		kind zhengzhi.Kind
		v    zhengzhi.Value
		ok   bool
	}{
		{zhengzhi.Ratio, zhengzhi.Value{Numerator: 5, Denominator: 5}, true},
		{zhengzhi.Ratio, zhengzhi.Value{Numerator: 6, Denominator: 5}, false},
		{zhengzhi.Ratio, zhengzhi.Value{Numerator: -1, Denominator: 5}, false},
		{zhengzhi.Count, zhengzhi.Value{Numerator: 3}, true},
		{zhengzhi.Count, zhengzhi.Value{Numerator: -3}, false},
		{zhengzhi.Count, zhengzhi.Value{Numerator: 1, Denominator: 2}, false},
		{zhengzhi.Flag, zhengzhi.Value{Numerator: 1}, true},
		{zhengzhi.Flag, zhengzhi.Value{Numerator: 2}, false},
	} {
		err := zhengzhi.CheckValue(tc.kind, tc.v)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, zhengzhi.ErrImpossibleValue)) {
			t.Errorf("%s %+v: %v", tc.kind, tc.v, err)
		}
	}
}

func TestPeriodStateOn(t *testing.T) {
	p := zhengzhi.Period{State: zhengzhi.PeriodPublic, Deadline: zhengzhi.NewDate(2026, 1, 7)}
	if p.StateOn(zhengzhi.NewDate(2026, 1, 7)) != zhengzhi.PeriodPublic || p.StateOn(zhengzhi.NewDate(2026, 1, 8)) != zhengzhi.PeriodReview {
		t.Error("公示 turns 复核 the day after its deadline")
	}
}
