package reports_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// loadRuleSets reads every 2026 rule set of the templates.
func loadRuleSets(t *testing.T) []*zhengzhi.RuleSet {
	t.Helper()
	paths, _ := filepath.Glob("../templates/rules/2026/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no 2026 rule sets")
	}
	var out []*zhengzhi.RuleSet
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := zhengzhi.ParseRuleSet(p, text)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rs)
	}
	return out
}

// TestScoringRulesNameEveryItem: the 评分细则 of each 2026 rule set names
// every item with its points, its rule in words and an example the scoring
// worked out, every adjustment and veto (with 列末位 where set), the grades
// and every reporting deadline.
func TestScoringRulesNameEveryItem(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	for _, rs := range loadRuleSets(t) {
		sr := reports.BuildScoringRules(meta, rs)
		if !strings.HasPrefix(sr.Title, "2026年度") || !strings.HasSuffix(sr.Title, "评分细则") || !strings.Contains(sr.Title, "考核") {
			t.Errorf("%s: title %q", rs.ID, sr.Title)
		}
		if len(sr.Items) != len(rs.Items) {
			t.Fatalf("%s: %d items, want %d", rs.ID, len(sr.Items), len(rs.Items))
		}
		for i, it := range rs.Items {
			got := sr.Items[i]
			if got.Title != it.Title || got.Points != it.Points.String() || got.Rule == "" || got.Source == "" ||
				!strings.HasPrefix(got.Example, "例：") || !strings.Contains(got.Rule, it.Points.String()) && it.Rule.Type != zhengzhi.RuleTiers {
				t.Errorf("%s item %s: %+v", rs.ID, it.ID, got)
			}
			if strings.Contains(got.Rule+got.Example, it.ID) {
				t.Errorf("%s item %s: the text carries the internal id: %+v", rs.ID, it.ID, got)
			}
		}
		if len(sr.Adjustments) != len(rs.Adjustments) || len(sr.Vetoes) != len(rs.Vetoes) || len(sr.Deadlines) != len(rs.Reporting) {
			t.Errorf("%s: %d adjustments, %d vetoes, %d deadlines", rs.ID, len(sr.Adjustments), len(sr.Vetoes), len(sr.Deadlines))
		}
		for i, v := range rs.Vetoes {
			if v.RanksLast() != strings.Contains(sr.Vetoes[i], "列末位") {
				t.Errorf("%s veto %s: %q", rs.ID, v.ID, sr.Vetoes[i])
			}
		}
		if testing.Verbose() {
			t.Logf("%+v", sr)
		}
		if len(sr.Grades) == 0 {
			t.Errorf("%s: no grades", rs.ID)
		}
	}
}
