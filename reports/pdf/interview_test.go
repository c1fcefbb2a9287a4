package pdf_test

import (
	"bytes"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// TestInterviewNotices: every unit the 通报 calls in gets a 约谈通知
// addressed to its bureau, saying its total, grade and rank in each
// assessment it is called in for and the items where it lost most, with
// blanks for time and place unless given; the title breaks after the bureau.
func TestInterviewNotices(t *testing.T) {
	reg := demotest.Registry(t)
	in := reportstest.SummaryInput(t, reg)
	s, err := reports.BuildSummary(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	notices := reports.BuildInterviewNotices(s, reg, in.Current, reports.DocumentSettings{InterviewPlace: "省局三楼会议室"})
	if len(notices) != len(s.CalledIn) || len(notices) == 0 {
		t.Fatalf("%d notices for %d units called in", len(notices), len(s.CalledIn))
	}
	for i, n := range notices {
		if n.Unit.Name != s.CalledIn[i].Unit || len(n.Reasons) == 0 || len(n.Losses) == 0 || len(n.Losses) > 3 {
			t.Errorf("notice %d: %+v", i, n)
		}
	}
	n := notices[0]
	var doc bytes.Buffer
	if _, err := renderer(t).InterviewNotice(&doc, n); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, doc.Bytes())), "")
	for _, want := range []string{n.Addressee + "：", "约谈时间：＿＿＿", "约谈地点：省局三楼会议室", n.Reasons[0], n.Losses[0], n.Issuer, n.Date} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	if !strings.Contains(pdfText(t, doc.Bytes()), "关于约谈"+n.Unit.Name+"市场监督管理局\n") {
		t.Errorf("the title does not break after the bureau's name")
	}
}

// TestInterviewNoticeRecord: a city's and a county's 约谈通知 carry the
// 通报's 版记 — 抄送, 印发机关 and 印发日期 — at the foot of an even last
// page, with the 通报's 印发日期.
func TestInterviewNoticeRecord(t *testing.T) {
	reg := demotest.Registry(t)
	in := reportstest.SummaryInput(t, reg)
	s, err := reports.BuildSummary(reportstest.Meta(reg), in)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[zhengzhi.Level]bool{}
	for _, n := range reports.BuildInterviewNotices(s, reg, in.Current, reports.DocumentSettings{}) {
		if levels[n.Unit.Level] {
			continue
		}
		levels[n.Unit.Level] = true
		if n.CC != s.Issuer.CC || n.Printer != s.Issuer.Printer() || n.PrintedOn != s.PrintedOn || n.CC == "" {
			t.Errorf("%s: 版记 %q %q %q, want the 通报's", n.Unit.Name, n.CC, n.Printer, n.PrintedOn)
		}
		var doc bytes.Buffer
		if _, err := renderer(t).InterviewNotice(&doc, n); err != nil {
			t.Fatal(err)
		}
		pages := pdfLines(t, doc.Bytes())
		if len(pages)%2 == 1 {
			t.Errorf("%s: %d pages; the 版记 must stand on an even last page", n.Unit.Name, len(pages))
		}
		var cc, printer, printed bool
		for _, l := range pages[len(pages)-1] {
			cc = cc || strings.HasPrefix(l.text, "抄送：")
			printer = printer || strings.Contains(l.text, n.Printer)
			if strings.Contains(l.text, n.PrintedOn+"印发") {
				printed = true
				if l.y1 < 262-8 || l.y1 > 262 {
					t.Errorf("%s: the 印发 line ends at %.1f mm, want the block's foot (262)", n.Unit.Name, l.y1)
				}
			}
		}
		if !cc || !printer || !printed {
			t.Errorf("%s: the last page lacks the 抄送 (%v), the 印发机关 (%v) or the 印发日期 (%v)", n.Unit.Name, cc, printer, printed)
		}
	}
	if !levels[zhengzhi.LevelCity] || !levels[zhengzhi.LevelCounty] {
		t.Errorf("notices of %v only, want a city's and a county's", levels)
	}
}
