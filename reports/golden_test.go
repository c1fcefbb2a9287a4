package reports_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares a model's JSON with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, model any) {
	t.Helper()
	got, err := json.MarshalIndent(model, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the model; run with -update after checking the change:\n%s", path, got)
	}
}

func TestScorecardsGolden(t *testing.T) {
	reg := demotest.Registry(t)
	a, values := reportstest.Assessment(t, reg, "target-responsibility-city.yaml", "2026-11")
	cards := reports.BuildScorecards(reportstest.Meta(reg), a, values)
	if len(cards) != 12 {
		t.Fatalf("%d scorecards, want one per city", len(cards))
	}
	golden(t, "scorecards.json", cards[:2])
}

func TestProgressGolden(t *testing.T) {
	reg := demotest.Registry(t)
	p, err := reports.BuildProgress(reportstest.Meta(reg), reportstest.ProgressInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "progress.json", p)
}

func TestSummaryGolden(t *testing.T) {
	reg := demotest.Registry(t)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.json", s)
}

func TestPercentRoundsHalfUpWithItsBasis(t *testing.T) {
	for _, c := range []struct {
		v    zhengzhi.Value
		want string
	}{
		{zhengzhi.Value{Numerator: 123, Denominator: 130}, "94.6%"},
		{zhengzhi.Value{Numerator: 1, Denominator: 8}, "12.5%"},
		{zhengzhi.Value{Numerator: 1, Denominator: 16}, "6.3%"}, // 6.25 rounds up
		{zhengzhi.Value{Numerator: 0, Denominator: 0}, "—"},
	} {
		if got := reports.Percent(c.v); got != c.want {
			t.Errorf("Percent(%v) = %s, want %s", c.v, got, c.want)
		}
	}
	// The scorecard's 指标情况 column: two decimals on every ratio, whole or not.
	for v, want := range map[zhengzhi.Value]string{{Numerator: 123, Denominator: 130}: "123/130（94.62%）",
		{Numerator: 345, Denominator: 345}: "345/345（100.00%）", {Numerator: 168, Denominator: 194}: "168/194（86.60%）"} {
		if got := reports.Basis(zhengzhi.Ratio, v); got != want {
			t.Errorf("Basis(%v) = %s, want %s", v, got, want)
		}
	}
}

func TestPeerAverageLeavesTheUnitOut(t *testing.T) {
	item := func(score zhengzhi.Score) []zhengzhi.ItemScore {
		return []zhengzhi.ItemScore{{ID: "A1", Points: 1000, Score: score, Kind: zhengzhi.Count}}
	}
	a := &zhengzhi.Assessment{Units: []zhengzhi.Scorecard{
		{Unit: zhengzhi.Unit{Code: "990100"}, Items: item(1000), Rank: 1},
		{Unit: zhengzhi.Unit{Code: "990200"}, Items: item(500), Rank: 2},
		{Unit: zhengzhi.Unit{Code: "990300"}, Items: item(0), Rank: 3},
	}}
	cards := reports.BuildScorecards(reports.Meta{}, a, nil)
	if got := cards[0].Items[0]; got.Attainment != 100 || got.PeerAverage != 25 {
		t.Fatalf("attainment %v, peer average %v; want 100 and 25", got.Attainment, got.PeerAverage)
	}
	if cards[2].RankText() != "第3名/共3个" {
		t.Fatalf("rank text %s", cards[2].RankText())
	}
}

// TestSummaryCallsInTheVetoedAndTheBottomThree: every vetoed unit and the
// last three ranks of a ranking are called in (a tie at the cut whole), not
// every unit of the lowest grade.
func TestSummaryCallsInTheVetoedAndTheBottomThree(t *testing.T) {
	reg := demotest.Registry(t)
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	var units []zhengzhi.Scorecard
	for i, c := range reg.Units(zhengzhi.LevelCity)[:7] {
		units = append(units, zhengzhi.Scorecard{Unit: c, Total: zhengzhi.Score(5900 - 100*i), Grade: "不合格", Rank: i + 1})
	}
	units[5].Rank, units[5].Total = 5, units[4].Total // a tie for fifth place: both stay in the bottom three
	units[6].Vetoed, units[6].Rank = true, 7
	units[0].Vetoed, units[0].Rank = true, 7 // vetoed, ranked last with the other
	units[1].Rank, units[2].Rank, units[3].Rank, units[4].Rank, units[5].Rank = 1, 2, 3, 4, 4
	in := reports.SummaryInput{Registry: reg, Current: []*zhengzhi.Assessment{{RuleSet: rs, Units: units}}}
	s, err := reports.BuildSummary(reports.Meta{}, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.CalledIn {
		got = append(got, c.Unit+"："+strings.Join(c.Reasons, "；"))
	}
	want := []string{"松涛市：市局目标责任制考核排名第4位（共7个）", "清河市：市局目标责任制考核排名第4位（共7个）",
		"东川市：市局目标责任制考核被一票否决", "金沙市：市局目标责任制考核被一票否决"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("called in\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSummaryNeedsItsIssuer: without the registry's authority, short name
// and addressees there is no 通报, and the error says which keys to add.
func TestSummaryNeedsItsIssuer(t *testing.T) {
	reg, err := zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省, authority: 省市场监督管理局}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = reports.BuildSummary(reports.Meta{}, reports.SummaryInput{Registry: reg})
	if err == nil || !strings.Contains(err.Error(), "short, addressees") {
		t.Fatalf("a registry without the issuer's keys: %v", err)
	}
}

func TestBuildProgressReportsATemplateMistake(t *testing.T) {
	reg := demotest.Registry(t)
	in := reportstest.ProgressInput(t, reg)
	in.Narrative = "截至{{.NoSuchFact}}"
	if _, err := reports.BuildProgress(reportstest.Meta(reg), in); err == nil {
		t.Fatal("a template naming an unknown fact was accepted")
	}
}

// TestProgressChaseListsAreCapped keeps the printed chase lists readable at
// any scale while the totals count every row.
func TestProgressChaseListsAreCapped(t *testing.T) {
	reg := demotest.Registry(t)
	overdue := make([]reports.OverdueHazard, reports.ChaseListLimit+23)
	p, err := reports.BuildProgress(reportstest.Meta(reg), reports.ProgressInput{Registry: reg,
		Overdue: overdue, Narrative: reportstest.Narrative(t, "progress.tmpl")})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Overdue) != reports.ChaseListLimit || p.OverdueTotal != len(overdue) || p.PendingTotal != 0 {
		t.Errorf("printed %d of %d overdue hazards, want %d of %d", len(p.Overdue), p.OverdueTotal, reports.ChaseListLimit, len(overdue))
	}
	if p.Facts.OverdueListed != len(overdue) {
		t.Errorf("the narrative counts %d overdue hazards, want all %d", p.Facts.OverdueListed, len(overdue))
	}
}

// TestPendingFollowupsMostUrgentFirst: the chase list runs red-alert areas
// first, then the longest overdue — days since the correction or the
// re-inspection fell due, the longer past, with that due date — not in
// county order, so the printed first hundred are the most urgent.
func TestPendingFollowupsMostUrgentFirst(t *testing.T) {
	reg := demotest.Registry(t)
	asOf := zhengzhi.NewDate(2026, 11, 24)
	zones := map[string]zhengzhi.Zone{"990102": zhengzhi.ZoneYellow, "990103": zhengzhi.ZoneYellow, "990302": zhengzhi.ZoneRed}
	order := func(days int) zhengzhi.Date { return asOf.AddDays(-days) }
	records := []zhengzhi.FollowupRecord{
		{Bureau: "990100", ID: "a", County: "990102", FailCount: 3, OrderedOn: order(50)},                                                 // not overdue
		{Bureau: "990100", ID: "b", County: "990102", FailCount: 1, OrderedOn: order(100), CorrectionOverdue: true, RecheckOverdue: true}, // 40 days
		{Bureau: "990100", ID: "c", County: "990103", FailCount: 2, OrderedOn: order(70), CorrectionOverdue: true},                        // 10 days
		{Bureau: "990300", ID: "d", County: "990302", FailCount: 1, OrderedOn: order(65), CorrectionOverdue: true},                        // red, 5 days
		{Bureau: "990100", ID: "e", County: "990103", FailCount: 1, OrderedOn: order(80), RecheckOverdue: true},                           // re-inspection, 5 days
	}
	got := reports.PendingFollowups(reg, zones, asOf, records)
	var ids []string
	for _, p := range got {
		ids = append(ids, fmt.Sprintf("%s:%d:%s", p.ID, p.DaysOverdue, p.Due))
	}
	if want := "d:5:2026-11-19 b:40:2026-10-15 c:10:2026-11-14 e:5:2026-11-19 a:0:"; strings.Join(ids, " ") != want {
		t.Fatalf("order %s, want %s", strings.Join(ids, " "), want)
	}
}

// TestBuildProgressDatesAndRatesTheTrend: the model carries what the PDF
// prints without working it out: the previous period as a date, and each
// trend point's provincial rates, its cities' ratios summed. A previous
// period that is not a date is refused.
func TestBuildProgressDatesAndRatesTheTrend(t *testing.T) {
	reg := demotest.Registry(t)
	in := reportstest.ProgressInput(t, reg)
	p, err := reports.BuildProgress(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	if p.PreviousDate != zhengzhi.NewDate(2026, 10, 31) {
		t.Errorf("previous period %v, want 2026-10-31", p.PreviousDate)
	}
	last := p.Trend[len(p.Trend)-1]
	if last.AsOf != p.AsOf || last.RectificationRate != reports.Rate(p.Province.Rectification) || last.ZeroingRate != reports.Rate(p.Province.Zeroing) {
		t.Errorf("the report's own trend point %s rates %v, %v; want %s at the province's %v, %v", last.AsOf,
			last.RectificationRate, last.ZeroingRate, p.AsOf, reports.Rate(p.Province.Rectification), reports.Rate(p.Province.Zeroing))
	}
	for _, tp := range p.Trend {
		if tp.RectificationRate <= 0 || tp.RectificationRate > 100 || tp.ZeroingRate <= 0 || tp.ZeroingRate > 100 {
			t.Errorf("trend point %s rates %v, %v", tp.AsOf, tp.RectificationRate, tp.ZeroingRate)
		}
	}
	in.Trend[len(in.Trend)-1].AsOf = "10月31日"
	if _, err := reports.BuildProgress(reportstest.Meta(reg), in); err == nil {
		t.Error("a previous period that is not a date was accepted")
	}
}

// TestSummaryCountsTheAssessedCounties: the 通报's opening says as many
// counties as its county assessments scored — the abolished county, still in
// the registry, is not counted.
func TestSummaryCountsTheAssessedCounties(t *testing.T) {
	reg := demotest.Registry(t)
	rs := demotest.RuleSet(t, "target-responsibility-county.yaml")
	var units []zhengzhi.Scorecard
	all := reg.Units(zhengzhi.LevelCounty)
	for _, c := range all {
		if !c.Abolished {
			units = append(units, zhengzhi.Scorecard{Unit: c, Total: 8000, Grade: "良好", Rank: 1})
		}
	}
	if len(units) == len(all) {
		t.Fatal("the demo registry has no abolished county")
	}
	s, err := reports.BuildSummary(reports.Meta{}, reports.SummaryInput{Registry: reg, Narrative: reportstest.Narrative(t, "summary.tmpl"), Current: []*zhengzhi.Assessment{{RuleSet: rs, Units: units}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d个县", len(units)); !strings.Contains(s.Opening, want) {
		t.Errorf("opening %q, want %q", s.Opening, want)
	}
}

// TestBuildProgressNamesTheConfiguredCampaignAndLabelsTheTrend: the title
// names the campaign the config gives (documents.campaign), the default
// without one; the trend's dates read as month and day within one year and
// with the year when the periods cross one.
func TestBuildProgressNamesTheConfiguredCampaignAndLabelsTheTrend(t *testing.T) {
	reg := demotest.Registry(t)
	in := reportstest.ProgressInput(t, reg)
	p, err := reports.BuildProgress(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	if want := reg.Province.Name + reports.DefaultCampaign + "阶段进展情况报告"; p.Title != want {
		t.Errorf("title %q, want %q", p.Title, want)
	}
	var labels []string
	for _, tp := range p.Trend {
		labels = append(labels, tp.Label)
	}
	if got := strings.Join(labels, " "); got != "9月30日 10月31日 11月30日" {
		t.Errorf("trend labels %s", got)
	}
	in.Campaign = "电动自行车质量安全专项整治"
	in.Trend[0].AsOf = "2025-12-31"
	p, err = reports.BuildProgress(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	if want := reg.Province.Name + "电动自行车质量安全专项整治阶段进展情况报告"; p.Title != want {
		t.Errorf("title %q, want %q", p.Title, want)
	}
	if got := p.Trend[0].Label + " " + p.Trend[2].Label; got != "2025年12月31日 2026年11月30日" {
		t.Errorf("trend labels across a year %s", got)
	}
}
