package pdf_test

import (
	"bytes"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

func TestProgressReportShowsNarrativeActionsAndChaseList(t *testing.T) {
	reg := demotest.Registry(t)
	p, err := reports.BuildProgress(reportstest.Meta(reg), reportstest.ProgressInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if _, err := renderer(t).Progress(&a, p); err != nil {
		t.Fatal(err)
	}
	if _, err := renderer(t).Progress(&b, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renders of the progress report differ")
	}
	wantText(t, pdfText(t, a.Bytes()), "阶段进展情况报告", "截至11月30日", "（一）隐患排查行动", "（六）督查",
		"逾期未整改重大隐患（5处）", p.Overdue[0].Enterprise, "红黄区域未完成后处理的不合格企业（5家）",
		"临江市", "数据被拒收", "省本级", reports.DemoMark, "第 1 页 共")
}
