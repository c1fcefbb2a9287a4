package pdf_test

import (
	"bytes"
	"strings"
	"testing"

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
