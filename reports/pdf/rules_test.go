package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/internal/needs"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// TestScoringRulesPDFNamesEveryItem renders the 评分细则 of each 2026 rule
// set and finds in its text every item with its points, its rule in words
// and its example, every veto, and the total. Two renders are byte-identical.
func TestScoringRulesPDFNamesEveryItem(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	for _, name := range demotest.RuleSetNames {
		rs := demotest.RuleSet(t, name)
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

// TestScoringRulesPDFAnnexesChanges: the 评分细则 of a rule set that
// succeeds last year's lists the annex under its text and sets it on a page
// of its own — 附件, its title, the sentence citing last year's 评分细则 and
// every change, cell by cell; without last year's there is no annex.
func TestScoringRulesPDFAnnexesChanges(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	rs := demotest.RuleSet(t, "target-responsibility-county.yaml")
	model := reports.BuildScoringRules(meta, rs)
	var doc bytes.Buffer
	if _, err := renderer(t).ScoringRules(&doc, model); err != nil {
		t.Fatal(err)
	}
	all := rawText(t, doc.Bytes())
	want := []string{"附件：" + reports.RulesChangesTitle, "附件" + reports.RulesChangesTitle + model.Changes.Intro + "序号考核项目变化说明"}
	for _, r := range model.Changes.Rows {
		want = append(want, fmt.Sprint(r.No)+r.Subject+r.Change+r.Detail)
	}
	for _, w := range want {
		if !strings.Contains(all, strings.Join(strings.Fields(w), "")) {
			t.Errorf("the 评分细则 lacks %q", w)
		}
	}
	alone := *rs
	alone.Previous = nil
	doc.Reset()
	if _, err := renderer(t).ScoringRules(&doc, reports.BuildScoringRules(meta, &alone)); err != nil {
		t.Fatal(err)
	}
	if all := rawText(t, doc.Bytes()); strings.Contains(all, "附件") || strings.Contains(all, "上年度") {
		t.Errorf("an annex without last year's rule set:\n%s", all)
	}
}

// rawText is a PDF's text in the order it was set (a table cell's lines
// together), page numbers and the demo mark out, without white space.
func rawText(t *testing.T, doc []byte) string {
	t.Helper()
	needs.Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := folioLine.ReplaceAllString(strings.ReplaceAll(string(out), reports.DemoMark, ""), "")
	return strings.Join(strings.Fields(text), "")
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
