package docx_test

import (
	"bytes"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/reportstest"
)

// TestInterviewNoticeWordMatchesPDF writes a city's and a county's 约谈通知
// as Word documents twice (the same bytes), converts them with LibreOffice
// and compares their text with the PDF's: the same text character for
// character (white space and page numbers aside), from the 版头 through the
// signature to the 版记's 抄送 and 印发 lines.
func TestInterviewNoticeWordMatchesPDF(t *testing.T) {
	t.Parallel()
	soffice := needTools(t)
	reg := demotest.Registry(t)
	in := reportstest.SummaryInput(t, reg)
	s, err := reports.BuildSummary(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[zhengzhi.Level]bool{}
	for _, n := range reports.BuildInterviewNotices(s, reg, in.Current, reports.DocumentSettings{InterviewTime: "2026年12月28日上午9:00"}) {
		if levels[n.Unit.Level] {
			continue
		}
		levels[n.Unit.Level] = true
		var a, b bytes.Buffer
		if err := docx.InterviewNotice(&a, n, docx.DefaultFontNames); err != nil {
			t.Fatal(err)
		}
		docx.InterviewNotice(&b, n, docx.DefaultFontNames)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two writes of the Word document differ", n.Unit.Name)
		}
		fromWord := wordText(t, soffice, a.Bytes())
		var p bytes.Buffer
		if _, err := pdfRenderer(t).InterviewNotice(&p, n); err != nil {
			t.Fatal(err)
		}
		direct := strings.ReplaceAll(pdfFileText(t, p.Bytes()), reports.DemoMark, "")
		if fromWord != direct {
			t.Errorf("%s: the Word document's text differs from the PDF's:\nword: %s\npdf:  %s", n.Unit.Name, fromWord, direct)
		}
		for _, want := range []string{n.Mark, n.Addressee + "：", "约谈时间：2026年12月28日上午9:00。", n.Issuer + n.Date,
			"抄送：" + n.CC, n.Printer + n.PrintedOn + "印发", "—2—"} {
			if !strings.Contains(fromWord, strings.Join(strings.Fields(want), "")) {
				t.Errorf("%s: the Word document lacks %q", n.Unit.Name, want)
			}
		}
	}
	if !levels[zhengzhi.LevelCity] || !levels[zhengzhi.LevelCounty] {
		t.Errorf("notices of %v only, want a city's and a county's", levels)
	}
}
