package notify_test

import (
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/notify"
)

// TestGenerationLinesSayGradeRankOutOfAndStanding: a published set's line
// for a unit names its total, its grade and its rank among the units
// assessed, and — once the period is past open — whether the result is the
// 公示稿 or the 最终结果.
func TestGenerationLinesSayGradeRankOutOfAndStanding(t *testing.T) {
	reg := demotest.Registry(t)
	rs := &zhengzhi.RuleSet{ID: "target-responsibility-city-2026", Short: "市局目标责任制考核"}
	a := &zhengzhi.Assessment{RuleSet: rs, Units: []zhengzhi.Scorecard{
		{Unit: zhengzhi.Unit{Code: "990100"}, Total: 4638, Grade: "不合格", Rank: 8},
		{Unit: zhengzhi.Unit{Code: "990200"}, Total: 7000, Grade: "合格", Rank: 1},
	}}
	line := func(a *zhengzhi.Assessment) string {
		ev := notify.GenerationEvent(notify.Generation{AsOf: zhengzhi.NewDate(2026, 11, 24), Results: []*zhengzhi.Assessment{a}}, reg, t0)
		return ev.Lines[0].Text
	}
	if got, want := line(a), "东川市 市局目标责任制考核 46.38分，不合格，第8名（共2个）"; got != want {
		t.Errorf("open period: %q, want %q", got, want)
	}
	a.Review = &zhengzhi.Review{State: zhengzhi.PeriodPublic}
	if got, want := line(a), "东川市 市局目标责任制考核（公示稿） 46.38分，不合格，第8名（共2个）"; got != want {
		t.Errorf("in 公示: %q, want %q", got, want)
	}
	a.Review.State = zhengzhi.PeriodFinal
	if got, want := line(a), "东川市 市局目标责任制考核（最终结果） 46.38分，不合格，第8名（共2个）"; got != want {
		t.Errorf("final: %q, want %q", got, want)
	}
}
