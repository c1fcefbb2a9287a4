package pdf_test

import (
	"bytes"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

func TestSummaryIsAnOfficialDocumentOfTwoToFourPages(t *testing.T) {
	reg := demotest.Registry(t)
	current, previous := reportstest.SummaryAssessments(t, reg)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.Narrative(t, "summary.tmpl"), current, previous)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if _, err := renderer(t).Summary(&a, s); err != nil {
		t.Fatal(err)
	}
	renderer(t).Summary(&b, s)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renders of the summary differ")
	}
	text := pdfText(t, a.Bytes())
	wantText(t, text, s.Title, "一、考核排名", "二、等级分布", "三、一票否决与扣分情况", "四、建议约谈单位",
		"五、值得关注的情况", s.Assessments[0].Rows[0].Name, s.CalledIn[0].Unit, "— 1 —", reports.DemoMark)
	if pages := bytes.Count([]byte(text), []byte("\f")); pages < 2 || pages > 4 {
		t.Fatalf("summary has %d pages, want 2 to 4", pages)
	}
}
