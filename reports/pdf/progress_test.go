package pdf_test

import (
	"bytes"
	"fmt"
	"regexp"
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
		"逾期未整改重大隐患（5处）", p.Overdue[0].Enterprise, "红黄区域逾期未完成后处理的不合格企业（5家）",
		"临江市", "数据被拒收", "省本级", reports.DemoMark, "第 1 页 共",
		"统计截止：2026年11月30日", "详见“四、需督办事项”部分", "四、需督办事项",
		"全省", "较上期", "与2026年10月31日相比", "报省局立项监测", "逾期天数",
		"再完成2项以内工作即可提升等次的设区市", p.Lifts[0].Unit, p.Lifts[0].Work)
	for _, never := range []string{"数据截至", "详见附表", "文末", "报省局监测"} {
		if strings.Contains(text, never) {
			t.Errorf("the progress report says %q", never)
		}
	}
	// The chase section's heading is on the page its first list starts on,
	// never alone at the foot of the page before.
	for n, page := range strings.Split(text, "\f") {
		for _, line := range strings.Split(page, "\n") {
			if strings.TrimSpace(line) == p.Facts.ChaseSection && !strings.Contains(page, "（一）逾期未整改重大隐患") {
				t.Errorf("page %d ends with the heading %s; its first list starts the next page", n+1, p.Facts.ChaseSection)
			}
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

// TestProgressReportSaysDatesAndCountsOneWay: the trend's axis names its
// periods in Chinese ("9月30日", never "2026-09-30"); the 督办 list of
// follow-ups shows the due date its days overdue count from; hazards and
// risk points are counted in 处 and enterprises in 家 throughout; and the
// grades of the units a little work lifts print their totals with two
// decimals, as every score column does.
func TestProgressReportSaysDatesAndCountsOneWay(t *testing.T) {
	reg := demotest.Registry(t)
	p, err := reports.BuildProgress(reportstest.Meta(reg), reportstest.ProgressInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := renderer(t).Progress(&buf, p); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	_, trend, _ := strings.Cut(text, "全省隐患整改率与清零率走势")
	trend, _, _ = strings.Cut(trend, "“六个一”行动进展情况")
	wantText(t, trend, "9月30日", "10月31日", "11月30日")
	for _, tp := range p.Trend {
		if strings.Contains(trend, tp.AsOf) {
			t.Errorf("the trend's axis says %s", tp.AsOf)
		}
	}
	f := p.Pending[0]
	wantText(t, text, "红黄区域逾期未完成后处理的不合格企业（5家）", "到期日期", "逾期天数自到期日期起算",
		fmt.Sprintf("%s %d %s %s %d %s", f.Zone, f.FailCount, f.OrderedOn, f.Due, f.DaysOverdue, f.FollowupStatus),
		fmt.Sprintf("风险隐患点%d处，已清零%d处", p.Facts.RiskPoints, p.Facts.Zeroed), "红黄区域逾期未完成后处理的不合格企业5家")
	flat := strings.Join(strings.Fields(text), "")
	for _, never := range []string{"项隐患", "项逾期", "项拒不整改", "个风险隐患点", "隐患点" + fmt.Sprint(p.Facts.RiskPoints) + "个", "家企业（个）"} {
		if strings.Contains(flat, never) {
			t.Errorf("the progress report counts with another measure word: %q", never)
		}
	}
	_, lifts, _ := strings.Cut(flat, "即可提升等次的设区市")
	grades := regexp.MustCompile(`(合格|达标|良好|优秀)（([0-9.]+)分）`).FindAllStringSubmatch(lifts, -1)
	if len(grades) != len(p.Lifts) {
		t.Fatalf("read %d grades in the lifts' table, want %d", len(grades), len(p.Lifts))
	}
	for _, g := range grades {
		if !regexp.MustCompile(`^\d+\.\d\d$`).MatchString(g[2]) {
			t.Errorf("现等次 %s, want the total with two decimals", g[0])
		}
	}
}
