package pdf_test

import (
	"bytes"
	"strings"
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
	text := pdfText(t, a.Bytes())
	wantText(t, text, "阶段进展情况报告", "截至11月30日", "（一）隐患排查行动", "（六）督查",
		"逾期未整改重大隐患（5处）", p.Overdue[0].Enterprise, "红黄区域未完成后处理的不合格企业（5家）",
		"临江市", "数据被拒收", "省本级", reports.DemoMark, "第 1 页 共",
		"统计截止：2026年11月30日", "详见“四、需督办事项”部分", "四、需督办事项",
		"全省", "较上期", "与2026年10月31日相比", "报省局立项监测", "逾期天数",
		"再完成2项以内工作即可提升等次的设区市", p.Lifts[0].Unit, p.Lifts[0].Work)
	for _, never := range []string{"数据截至", "详见附表", "文末", "报省局监测"} {
		if strings.Contains(text, never) {
			t.Errorf("the progress report says %q", never)
		}
	}
	// The meetings' totals row counts the units that held theirs, as the
	// workbook's COUNTIF does, instead of printing one unit's 否.
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "合计" && (f[1] == "否" || f[1] == "是") {
			t.Errorf("a totals row says %s under a yes/no column: %q", f[1], line)
		}
	}
}
