package pdf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// TestScoringRulesPDFNamesEveryItem renders the 评分细则 of each 2026 rule
// set and finds in its text every item with its points, its rule in words
// and its example, every veto, and the total. Two renders are byte-identical.
func TestScoringRulesPDFNamesEveryItem(t *testing.T) {
	paths, _ := filepath.Glob("../../templates/rules/2026/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no 2026 rule sets")
	}
	meta := reportstest.Meta(demotest.Registry(t))
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := zhengzhi.ParseRuleSet(p, text)
		if err != nil {
			t.Fatal(err)
		}
		model := reports.BuildScoringRules(meta, rs)
		var a, b bytes.Buffer
		if _, err := renderer(t).ScoringRules(&a, model); err != nil {
			t.Fatal(err)
		}
		renderer(t).ScoringRules(&b, model)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two renders differ", rs.ID)
		}
		// Page furniture out, so a paragraph running over a page reads whole.
		all := folioLine.ReplaceAllString(strings.ReplaceAll(pdfText(t, a.Bytes()), reports.DemoMark, ""), "")
		all = strings.Join(strings.Fields(all), "")
		want := []string{strings.Join(strings.Fields(model.Title), ""), "合计" + model.Total}
		for i, it := range rs.Items {
			want = append(want, "（"+chineseNumberTest(i+1)+"）"+it.Title+"（"+it.Points.String()+"分）",
				"评分方法："+model.Items[i].Rule, model.Items[i].Example)
		}
		want = append(want, model.Vetoes...)
		for _, w := range want {
			if !strings.Contains(all, strings.Join(strings.Fields(w), "")) {
				t.Errorf("%s: the 评分细则 lacks %q", rs.ID, w)
			}
		}
	}
}

// folioLine matches a page number's line "— 2 —".
var folioLine = regexp.MustCompile(`(?m)^[ \t]*— \d+ —[ \t]*$`)

// chineseNumberTest writes 1–20 as the headings number them.
func chineseNumberTest(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n-10]
	}
	return d[n/10] + "十" + d[n%10]
}
