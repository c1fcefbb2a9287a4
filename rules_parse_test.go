package zhengzhi_test

import (
	"errors"
	"strings"
	"testing"

	"zhengzhi"
)

// validRuleSet is a small rule set touching every part of the format; each
// validation case below breaks one thing in it. Line numbers matter.
const validRuleSet = `id: test-2026
title: 测试考核
level: city
window: {start: 2026-08-01, end: 2026-12-31}
targets:
  sampling_batches: {default: 30, "990100": 50}
reporting:
  - {kind: progress, period: 2026-09, due: 2026-10-05}
items:
  - id: A1
    title: 隐患排查覆盖率
    points: 40
    indicator: screening_coverage
    rule: {type: linear, zero_at: 0.5, full_at: 1.0}
  - id: A2
    title: 隐患整改率
    points: 30
    indicator: hazard_rectification_rate
    rule: {type: deduct, target: 1.0, per: 0.01, deduct: 0.5}
  - id: A3
    title: 逾期未整改重大隐患
    points: 10
    indicator: overdue_major_hazards
    rule: {type: count_deduct, per_count: 2}
  - id: A4
    title: 召开安全隐患分析大会
    points: 10
    indicator: analysis_meeting_held
    rule: {type: boolean}
  - id: A5
    title: 风险信息二次研判率
    points: 5
    indicator: risk_signal_assessment_rate
    rule:
      type: tiers
      tiers:
        - {min: 1.0, score: 5}
        - {min: 0.9, score: 4}
  - id: A6
    title: 专项监督抽查完成率
    points: 5
    indicator: sampling_completion
    rule: {type: linear, zero_at: 0, full_at: 1, when_empty: zero}
adjustments:
  - {id: B1, title: 典型经验被省局采用, indicator: experience_adopted, per: 1, max: 3}
vetoes:
  - {id: V1, title: 发生重大产品质量安全事件, indicator: major_incidents, above: 0, cap: 59, grade: 不合格}
gates:
  - {items: [A2], min_share: 0.6, grade_at_most: 合格}
grades:
  - {min: 90, name: 优秀}
  - {min: 60, name: 合格}
  - {min: 0, name: 不合格}
`

const testPath = "templates/rules/2026/x.yaml"

func TestParseRuleSetValid(t *testing.T) {
	rs, err := zhengzhi.ParseRuleSet(testPath, []byte(validRuleSet))
	if err != nil {
		t.Fatal(err)
	}
	if rs.ID != "test-2026" || rs.Level != zhengzhi.LevelCity || rs.Path != testPath || len(rs.Items) != 6 {
		t.Errorf("parsed %q level %q path %q with %d items", rs.ID, rs.Level, rs.Path, len(rs.Items))
	}
	if len(rs.Hash) != 64 {
		t.Errorf("hash %q is not a hex sha256", rs.Hash)
	}
	if !rs.Items[0].CanImprove() {
		t.Errorf("item A1 is not improvable by default")
	}
	// An item no work changes is fine once it says so.
	fixed := strings.Replace(validRuleSet, "    indicator: overdue_major_hazards\n", "    indicator: larger_incidents\n    improvable: false\n", 1)
	if fixedRS, err := zhengzhi.ParseRuleSet(testPath, []byte(fixed)); err != nil {
		t.Fatal(err)
	} else if fixedRS.Items[2].CanImprove() {
		t.Errorf("item A3 says improvable: false but CanImprove")
	}
	if got := rs.Targets["sampling_batches"]; got.For("990100") != 50 || got.For("990200") != 30 {
		t.Errorf("targets: 990100 %d, 990200 %d; want 50, 30", got.For("990100"), got.For("990200"))
	}
	want := "screening_coverage hazard_rectification_rate overdue_major_hazards analysis_meeting_held " +
		"risk_signal_assessment_rate sampling_completion experience_adopted major_incidents"
	if got := strings.Join(rs.UsedIndicators(), " "); got != want {
		t.Errorf("UsedIndicators = %s\nwant %s", got, want)
	}
}

// problem is one expected problem: its line and a part of its message.
type problem struct {
	line int
	msg  string
}

func TestParseRuleSetProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []problem
	}{
		{"id that would become a path", "id: test-2026", "id: ../../../../tmp/x",
			[]problem{{1, `id "../../../../tmp/x": use lower-case letters, digits and '-' only (at most 64), e.g. safe-city-2026`}}},
		{"unknown indicator", "indicator: screening_coverage", "indicator: screening_coverag",
			[]problem{{13, `item A1: unknown indicator "screening_coverag"`}}},
		{"missing indicator", "    indicator: screening_coverage\n", "",
			[]problem{{10, "item A1: missing indicator"}}},
		{"boolean needs a flag", "indicator: analysis_meeting_held", "indicator: screening_coverage",
			[]problem{{29, "item A4: a boolean rule needs a flag indicator; screening_coverage is a ratio"}}},
		{"count_deduct needs a count", "indicator: overdue_major_hazards", "indicator: hazard_closure_rate",
			[]problem{{24, "item A3: a count_deduct rule needs a count indicator; hazard_closure_rate is a ratio"}}},
		{"linear needs a ratio or count", "indicator: screening_coverage", "indicator: emergency_plan_in_place",
			[]problem{{14, "item A1: a linear rule needs a ratio or count indicator; emergency_plan_in_place is a flag"}}},
		{"unknown rule type", "type: count_deduct", "type: count_deduction",
			[]problem{{24, `item A3: unknown rule type "count_deduction"`}}},
		{"missing rule type", "rule: {type: boolean}", "rule: {}",
			[]problem{{29, "item A4: missing rule type"}}},
		{"linear full_at not above zero_at", "zero_at: 0.5, full_at: 1.0", "zero_at: 0.5, full_at: 0.5",
			[]problem{{14, "item A1: linear rule: full_at 0.5 must be above zero_at 0.5"}}},
		{"linear needs full_at", "zero_at: 0.5, full_at: 1.0", "zero_at: 0.5",
			[]problem{{14, "item A1: a linear rule needs full_at"}}},
		{"ratio threshold as percent", "zero_at: 0.5, full_at: 1.0", "zero_at: 0.5, full_at: 100",
			[]problem{{14, "item A1: full_at is a share of the ratio from 0 to 1 (write 0.9 for 90%), not 100"}}},
		{"deduct per zero", "per: 0.01", "per: 0",
			[]problem{{19, "item A2: deduct rule: per must be positive, not 0"}}},
		{"deduct needs deduct", "per: 0.01, deduct: 0.5}", "per: 0.01}",
			[]problem{{19, "item A2: a deduct rule needs deduct"}}},
		{"deduct negative", "deduct: 0.5}", "deduct: -0.5}",
			[]problem{{19, "item A2: deduct rule: deduct must be positive, not -0.5"}}},
		{"parameter of another rule type", "rule: {type: boolean}", "rule: {type: boolean, per: 1}",
			[]problem{{29, "item A4: parameter per does not apply to a boolean rule"}}},
		{"count_deduct per_count negative", "per_count: 2", "per_count: -1",
			[]problem{{24, "item A3: count_deduct rule: per_count must be positive, not -1"}}},
		{"points not 100", "points: 40", "points: 35",
			[]problem{{9, "items: points add up to 95, not 100"}}},
		{"points zero", "points: 10\n    indicator: analysis", "points: 0\n    indicator: analysis",
			[]problem{{9, "items: points add up to 90, not 100"}, {27, "item A4: points must be positive, not 0"}}},
		{"duplicate item id", "id: A2", "id: A1",
			[]problem{{15, "item A1: id A1 is used twice (first on line 10)"}, {49, `gate 1: unknown item "A2"`}}},
		{"id shared by an adjustment", "id: B1", "id: A3",
			[]problem{{45, "adjustment A3: id A3 is used twice (first on line 20)"}}},
		{"tiers not descending", "{min: 0.9, score: 4}", "{min: 1.0, score: 4}",
			[]problem{{38, "item A5: tiers rule: tier 2 (min 1) is not below the tier before (min 1); list tiers highest min first"}}},
		{"tier score above points", "{min: 1.0, score: 5}", "{min: 1.0, score: 6}",
			[]problem{{37, "item A5: tiers rule: tier 1 score 6 is outside 0…5, the item's points"}}},
		{"tier scores rising", "{min: 1.0, score: 5}", "{min: 1.0, score: 3}",
			[]problem{{38, "item A5: tiers rule: tier 2 scores 4, more than the tier above it (3)"}}},
		{"improvable item no work changes", "indicator: overdue_major_hazards", "indicator: larger_incidents",
			[]problem{{23, "item A3: no work of a unit changes larger_incidents (较大产品质量安全事件数); say improvable: false"}}},
		{"improvable item work lowers", "indicator: overdue_major_hazards", "indicator: monitoring_projects",
			[]problem{{23, "item A3: more monitoring_projects lowers its count_deduct score; say improvable: false"}}},
		{"improvable item a veto reads", "indicator: major_incidents", "indicator: overdue_major_hazards",
			[]problem{{23, "item A3: an adjustment or a veto reads overdue_major_hazards too, and work never changes those; say improvable: false"}}},
		{"items on one indicator disagree", "    indicator: hazard_rectification_rate\n", "    indicator: screening_coverage\n    improvable: false\n",
			[]problem{{13, "item A1: item A2 reads screening_coverage too and says improvable: false; items reading one indicator move together"}}},
		{"improvable not a boolean", "    indicator: hazard_rectification_rate\n", "    indicator: hazard_rectification_rate\n    improvable: later\n",
			[]problem{{19, "cannot unmarshal !!str `later` into bool"}}},
		{"empty tiers", "tiers:\n        - {min: 1.0, score: 5}\n        - {min: 0.9, score: 4}", "tiers: []",
			[]problem{{36, "item A5: tiers rule: the tier list is empty"}}},
		{"when_empty unknown", "when_empty: zero", "when_empty: none",
			[]problem{{43, `item A6: when_empty must be full or zero, not "none"`}}},
		{"when_empty on a count", "per_count: 2}", "per_count: 2, when_empty: full}",
			[]problem{{24, "item A3: when_empty applies only to ratio indicators; overdue_major_hazards is a count"}}},
		{"grade bands not descending", "{min: 60, name: 合格}", "{min: 95, name: 合格}",
			[]problem{{52, "grades: band 合格 (min 95) is not below the band before (min 90)"}}},
		{"grade bands with a gap at the bottom", "{min: 0, name: 不合格}", "{min: 30, name: 不合格}",
			[]problem{{53, "grades: the last band 不合格 starts at 30: it must start at min 0"}}},
		{"grade named twice", "{min: 60, name: 合格}", "{min: 60, name: 优秀}",
			[]problem{{52, "grades: 优秀 is listed twice"}, {49, `gate 1: grade "合格" is not one of the grades`}}},
		{"grades and grades_by_rank", "grades:\n", "grades_by_rank:\n  - {top: 3, name: A}\n  - {name: B}\ngrades:\n",
			[]problem{{50, "grades and grades_by_rank are both given"}}},
		{"neither grades nor grades_by_rank", "grades:\n  - {min: 90, name: 优秀}\n  - {min: 60, name: 合格}\n  - {min: 0, name: 不合格}\n", "",
			[]problem{{0, "no grades: give grades (score bands) or grades_by_rank"},
				{47, `veto V1: grade "不合格" is not one of the grades ()`},
				{49, `gate 1: grade "合格" is not one of the grades ()`}}},
		{"grades_by_rank tops not ascending",
			"grades:\n  - {min: 90, name: 优秀}\n  - {min: 60, name: 合格}\n  - {min: 0, name: 不合格}\n",
			"grades_by_rank:\n  - {top: 5, name: 优秀}\n  - {top: 3, name: 合格}\n  - {name: 不合格}\n",
			[]problem{{52, "grades_by_rank: grade 合格 (top 3) must reach further than the grade before (top 5)"}}},
		{"grades_by_rank last with top",
			"grades:\n  - {min: 90, name: 优秀}\n  - {min: 60, name: 合格}\n  - {min: 0, name: 不合格}\n",
			"grades_by_rank:\n  - {top: 3, name: 优秀}\n  - {top: 6, name: 合格}\n  - {top: 9, name: 不合格}\n",
			[]problem{{53, "grades_by_rank: the last grade 不合格 must have no top"}}},
		{"gate unknown item", "items: [A2]", "items: [A9]",
			[]problem{{49, `gate 1: unknown item "A9"`}}},
		{"gate unknown grade", "grade_at_most: 合格", "grade_at_most: 良好",
			[]problem{{49, `gate 1: grade "良好" is not one of the grades (优秀, 合格, 不合格)`}}},
		{"gate min_share above 1", "min_share: 0.6", "min_share: 60",
			[]problem{{49, "gate 1: min_share is a share of the item's points above 0 and at most 1, not 60"}}},
		{"veto grade unknown", "grade: 不合格}", "grade: 不及格}",
			[]problem{{47, `veto V1: grade "不及格" is not one of the grades (优秀, 合格, 不合格)`}}},
		{"veto rank neither last nor left out", "grade: 不合格}", "grade: 不合格, rank: first}",
			[]problem{{47, `veto V1: rank "first": write rank: last to rank the units it hits last (列末位), or leave it out to rank them by total`}}},
		{"veto on a ratio", "indicator: major_incidents", "indicator: hazard_closure_rate",
			[]problem{{47, "veto V1: a veto needs a count or flag indicator; hazard_closure_rate is a ratio"}}},
		{"adjustment on a ratio", "indicator: experience_adopted", "indicator: screening_coverage",
			[]problem{{45, "adjustment B1: per × value needs a count or flag indicator; screening_coverage is a ratio"},
				{13, "item A1: an adjustment or a veto reads screening_coverage too"}}},
		{"adjustment without max", "max: 3", "max: 0",
			[]problem{{45, "adjustment B1: max must be a positive number of points, not 0"}}},
		{"unknown top-level key", "level: city\n", "level: city\nowner: 省局\n",
			[]problem{{4, `unknown key "owner" in RuleSet`}}},
		{"unknown item key", "    points: 40\n", "    points: 40\n    weight: 2\n",
			[]problem{{13, `unknown key "weight" in Item`}}},
		{"unknown rule key", "per_count: 2}", "per_count: 2, per_item: 1}",
			[]problem{{24, `unknown key "per_item" in Rule`}}},
		{"level not city or county", "level: city", "level: town",
			[]problem{{3, `level must be city or county, not "town"`}}},
		{"window end before start", "end: 2026-12-31", "end: 2026-07-31",
			[]problem{{4, "window: end 2026-07-31 is before start 2026-08-01"}}},
		{"window without start", "start: 2026-08-01, ", "",
			[]problem{{4, "window: missing start date"}}},
		{"window date not a date", "start: 2026-08-01", "start: 2026-13-01",
			[]problem{{4, `start: "2026-13-01" is not a date (YYYY-MM-DD)`}}},
		{"unknown window key", "start: 2026-08-01", "begin: 2026-08-01",
			[]problem{{4, `unknown key "begin" in Window`}, {4, "window: missing start date"}}},
		{"reporting due not a date", "due: 2026-10-05", "due: soon",
			[]problem{{8, `due: "soon" is not a date (YYYY-MM-DD)`}}},
		{"target for a bad unit code", `"990100": 50`, `"99010": 50`,
			[]problem{{6, `targets.sampling_batches: "99010" is not a 6-digit unit code`}}},
		{"sampling_completion without a target", "targets:\n  sampling_batches: {default: 30, \"990100\": 50}\n", "",
			[]problem{{40, "item A6: sampling_completion needs targets.sampling_batches"}}},
		{"reporting kind unknown", "kind: progress", "kind: monthly",
			[]problem{{8, `reporting: kind "monthly" is not one of plan, progress, experience, major_issue, summary`}}},
		{"not a decimal", "points: 40", "points: forty",
			[]problem{{12, `"forty" is not a decimal number`}}},
		{"YAML syntax", "title: 测试考核", "title: 测试: 考核",
			[]problem{{2, "mapping values are not allowed in this context"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(validRuleSet, tt.old) {
				t.Fatalf("the valid rule set has no %q", tt.old)
			}
			text := strings.Replace(validRuleSet, tt.old, tt.new, 1)
			_, err := zhengzhi.ParseRuleSet(testPath, []byte(text))
			var rerr *zhengzhi.RuleSetError
			if !errors.As(err, &rerr) {
				t.Fatalf("err = %v, want a *RuleSetError", err)
			}
			if len(rerr.Problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%v", len(rerr.Problems), len(tt.want), err)
			}
			for _, w := range tt.want {
				if !hasProblem(rerr.Problems, w) {
					t.Errorf("no problem on line %d containing %q in:\n%v", w.line, w.msg, err)
				}
			}
		})
	}
}

func hasProblem(problems []zhengzhi.RuleSetProblem, w problem) bool {
	for _, p := range problems {
		if p.Line == w.line && strings.Contains(p.Message, w.msg) {
			return true
		}
	}
	return false
}

// TestParseRuleSetCollectsAll checks that every problem is reported, sorted by
// line, each as "path:line: message".
func TestParseRuleSetCollectsAll(t *testing.T) {
	text := strings.NewReplacer(
		"level: city", "level: town",
		"indicator: screening_coverage", "indicator: failed_sample_trace",
		"grade: 不合格}", "grade: 不及格}",
	).Replace(validRuleSet)
	_, err := zhengzhi.ParseRuleSet(testPath, []byte(text))
	if err == nil {
		t.Fatal("no error")
	}
	want := testPath + `:3: level must be city or county, not "town"` + "\n" +
		testPath + `:13: item A1: unknown indicator "failed_sample_trace"` + "\n" +
		testPath + `:47: veto V1: grade "不及格" is not one of the grades (优秀, 合格, 不合格)`
	if err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestParseRuleSetEmpty(t *testing.T) {
	_, err := zhengzhi.ParseRuleSet(testPath, []byte("# nothing yet\n"))
	if err == nil || err.Error() != testPath+": the file is empty" {
		t.Errorf("err = %v, want the file is empty", err)
	}
}

// TestRuleSetFollow: a rule set succeeds last year's of its level, named
// from its own folder; another level, another year or itself is refused at
// the line of succeeds.
func TestRuleSetFollow(t *testing.T) {
	text := strings.Replace(validRuleSet, "level: city\n", "level: city\nsucceeds: ../2025/x.yaml\n", 1)
	rs, err := zhengzhi.ParseRuleSet(testPath, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.PreviousPath(); got != "templates/rules/2025/x.yaml" {
		t.Errorf("PreviousPath %q", got)
	}
	year := func(y string, more ...string) *zhengzhi.RuleSet {
		r := strings.NewReplacer(append([]string{"id: test-2026", "id: test-" + y, "2026-", y + "-"}, more...)...)
		prev, err := zhengzhi.ParseRuleSet("templates/rules/2025/x.yaml", []byte(r.Replace(validRuleSet)))
		if err != nil {
			t.Fatal(err)
		}
		return prev
	}
	for name, c := range map[string]struct {
		prev *zhengzhi.RuleSet
		want string
	}{
		"another level": {year("2025", "level: city", "level: county", "grade: 不合格}", "grade: 不合格}"), "test-2025 assesses the county level, this rule set the city level"},
		"another year":  {year("2024"), "test-2024 is of 2024, not of the year before this rule set's 2026"},
		"itself":        {rs, "that is this rule set's own id test-2026"},
	} {
		err := rs.Follow(c.prev)
		if err == nil || !strings.Contains(err.Error(), testPath+":4: succeeds ../2025/x.yaml: "+c.want) {
			t.Errorf("%s: %v, want …%s", name, err, c.want)
		}
		if rs.Previous != nil {
			t.Errorf("%s: linked though refused", name)
		}
	}
	prev := year("2025")
	if err := rs.Follow(prev); err != nil || rs.Previous != prev {
		t.Errorf("last year's rule set of the level: %v", err)
	}
}
