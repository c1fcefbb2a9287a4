package docx_test

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/pdf"
	"zhengzhi/reports/reportstest"
	"zhengzhi/templates"
)

// TestSummaryWordMatchesPDF writes the 通报 as a Word document twice (the
// same bytes), converts it with LibreOffice and compares its text with the
// PDF's: the body, from the mark to the 附注, is the same text character for
// character (white space and page numbers aside), and every line of every
// annex table is there.
func TestSummaryWordMatchesPDF(t *testing.T) {
	t.Parallel()
	soffice := needTools(t)
	reg := demotest.Registry(t)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := docx.Summary(&a, s, docx.DefaultFontNames); err != nil {
		t.Fatal(err)
	}
	docx.Summary(&b, s, docx.DefaultFontNames)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the Word document differ")
	}
	fromWord := wordText(t, soffice, a.Bytes())
	var p bytes.Buffer
	if _, err := pdfRenderer(t).Summary(&p, s); err != nil {
		t.Fatal(err)
	}
	direct := pdfFileText(t, p.Bytes())

	body := func(all string) string {
		all = strings.ReplaceAll(all, reports.DemoMark, "")
		start := strings.Index(all, s.Mark)
		end := strings.Index(all, "附件1"+s.Assessments[0].AnnexTitle())
		if start < 0 || end < 0 {
			t.Fatalf("no mark or no 附件1 in %q", all)
		}
		return all[start:end]
	}
	if got, want := body(fromWord), body(direct); got != want {
		t.Errorf("the Word document's body differs from the PDF's:\nword: %s\npdf:  %s", got, want)
	}
	for _, an := range s.Assessments {
		for _, r := range an.Rows {
			line := r.Name + r.City + r.Total.String()
			if !strings.Contains(fromWord, line) {
				t.Errorf("the Word document's annex %s lacks %q", an.AnnexTitle(), line)
			}
		}
	}
	for _, want := range []string{"抄送：" + s.Issuer.CC, s.PrintedOn + "印发", "—2—"} {
		if !strings.Contains(fromWord, want) {
			t.Errorf("the Word document lacks %q", want)
		}
	}
}

// pdfRenderer renders PDFs in the default font set.
func pdfRenderer(t *testing.T) *pdf.Renderer {
	t.Helper()
	files, err := pdf.ReadFontFiles(templates.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := pdf.LoadFonts(files)
	if err != nil {
		t.Fatal(err)
	}
	return pdf.NewRenderer(fonts)
}

// pageNumber matches a page number line "— 12 —".
var pageNumber = regexp.MustCompile(`(?m)^\s*—\s*\d+\s*—\s*$`)

// text is a PDF's text with page numbers' lines kept as "—N—" and all white space out.
func text(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := pageNumber.ReplaceAllStringFunc(string(out), func(m string) string { return "" })
	if strings.Contains(string(out), "— 2 —") || strings.Contains(string(out), "—2—") {
		s += "—2—"
	}
	return strings.Join(strings.Fields(s), "")
}
