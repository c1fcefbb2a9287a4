package reports_test

import (
	"testing"

	"zhengzhi"
	"zhengzhi/reports"
)

func TestReviewOnScorecardsAndSummaryState(t *testing.T) {
	rs := &zhengzhi.RuleSet{ID: "r", Title: "市局考核", Short: "市局考核", Level: zhengzhi.LevelCity}
	card := func(code, name string) zhengzhi.Scorecard {
		return zhengzhi.Scorecard{Unit: zhengzhi.Unit{Code: code, Name: name, Level: zhengzhi.LevelCity},
			Items: []zhengzhi.ItemScore{{ID: "A4", Title: "逾期未整改重大隐患", Kind: zhengzhi.Count}}}
	}
	a := &zhengzhi.Assessment{RuleSet: rs, Units: []zhengzhi.Scorecard{card("990100", "东川市"), card("990600", "清河市")}}
	if a.StateMark() != "" || reports.BuildScorecards(reports.Meta{}, a, nil)[0].State != "" {
		t.Fatal("an open period has no state mark")
	}
	one := zhengzhi.Value{Numerator: 1}
	a.Review = &zhengzhi.Review{State: zhengzhi.PeriodPublic, Appeals: []zhengzhi.Appeal{
		{Unit: "990600", Item: "A4", Claim: "已整改", State: zhengzhi.AppealAccepted, Ruling: &zhengzhi.Ruling{Value: &one, Reason: "属实"}},
		{Unit: "990100", Item: "A4", Claim: "漏录", State: zhengzhi.AppealPending},
	}}
	cards := reports.BuildScorecards(reports.Meta{}, a, nil)
	if cards[0].State != "公示稿" || len(cards[0].Review) != 1 || cards[0].Review[0].Ruling != "待复核" {
		t.Errorf("东川市's card: %q %+v", cards[0].State, cards[0].Review)
	}
	if r := cards[1].Review; len(r) != 1 || r[0].Unit != "清河市" || r[0].Item != "A4 逾期未整改重大隐患" ||
		r[0].Ruling != "采纳（认定值1）" || r[0].Reason != "属实" {
		t.Errorf("清河市's review: %+v", r)
	}
	a.Review.State = zhengzhi.PeriodFinal
	if a.StateMark() != "最终结果" {
		t.Errorf("final: %q", a.StateMark())
	}
}
