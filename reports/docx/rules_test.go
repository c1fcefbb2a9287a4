package docx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/reportstest"
)

// TestScoringRulesWordMatchesPDF writes the 评分细则 of a 2026 rule set,
// which succeeds its 2025 one, as a Word document twice (the same bytes),
// converts it with LibreOffice and compares its text with the PDF's: the
// same text character for character (white space and page numbers aside),
// from the title through every item and the annex of changes to its last row.
func TestScoringRulesWordMatchesPDF(t *testing.T) {
	t.Parallel()
	soffice := needTools(t)
	reg := demotest.Registry(t)
	s := reports.BuildScoringRules(reportstest.Meta(reg), demotest.RuleSet(t, "target-responsibility-city.yaml"))
	if s.Changes == nil || len(s.Changes.Rows) == 0 {
		t.Fatal("the 2026 rule set has no annex of changes to compare")
	}
	var a, b bytes.Buffer
	if err := docx.ScoringRules(&a, s, docx.DefaultFontNames); err != nil {
		t.Fatal(err)
	}
	docx.ScoringRules(&b, s, docx.DefaultFontNames)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the Word document differ")
	}
	fromWord := wordText(t, soffice, a.Bytes())
	var p bytes.Buffer
	if _, err := pdfRenderer(t).ScoringRules(&p, s); err != nil {
		t.Fatal(err)
	}
	direct := pdfFileText(t, p.Bytes())
	if got, want := strings.ReplaceAll(fromWord, reports.DemoMark, ""), strings.ReplaceAll(direct, reports.DemoMark, ""); got != want {
		t.Errorf("the Word document's text differs from the PDF's:\nword: %s\npdf:  %s", got, want)
	}
	last := s.Changes.Rows[len(s.Changes.Rows)-1]
	for _, want := range []string{"附件：" + reports.RulesChangesTitle, "附件" + reports.RulesChangesTitle + s.Changes.Intro,
		last.Subject + last.Change + last.Detail} {
		if !strings.Contains(fromWord, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the Word document lacks %q", want)
		}
	}
}

// pdfFileText is a PDF's text as text returns it.
func pdfFileText(t *testing.T, doc []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "direct.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return text(t, path)
}
