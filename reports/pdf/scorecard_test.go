package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/internal/needs"
	"zhengzhi/reports"
	"zhengzhi/reports/pdf"
	"zhengzhi/reports/reportstest"
	"zhengzhi/templates"
)

func renderer(t testing.TB) *pdf.Renderer {
	t.Helper()
	files, err := pdf.ReadFontFiles(templates.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := pdf.LoadFonts(files)
	if err != nil {
		needs.Missing(t, "the report fonts", err)
	}
	return pdf.NewRenderer(fonts)
}

func cityScorecards(t testing.TB) []reports.Scorecard {
	reg := demotest.Registry(t)
	a, values := reportstest.Assessment(t, reg, "target-responsibility-city.yaml", "2026-11")
	return reports.BuildScorecards(reportstest.Meta(reg), a, values)
}

// pdfText extracts a PDF's text with pdftotext, keeping the layout.
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	needs.Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	keep(t, doc)
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// keep saves a rendered document under $ZZ_PDF_DIR for looking at.
func keep(t *testing.T, doc []byte) {
	if dir := os.Getenv("ZZ_PDF_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".pdf"), doc, 0o644)
	}
}

func wantText(t *testing.T, text string, wants ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), "")
	for _, w := range wants {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
			t.Errorf("PDF text lacks %q:\n%s", w, text)
		}
	}
}

func TestScorecardShowsTitlesNumbersAndDemoMark(t *testing.T) {
	r := renderer(t)
	cards := cityScorecards(t)
	sc := cards[0]
	var buf bytes.Buffer
	if _, err := r.Scorecard(&buf, sc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	wantText(t, text, "考核评分表", sc.RuleSetTitle, sc.Unit.Name, "统计截止：2026年11月30日", "数据提取：2026年12月1日 00:00",
		"序号", "考核项目", "扣分说明", sc.Items[1].Basis, sc.Total.String(), sc.Grade, sc.RankText(),
		reports.DemoMark, "临江市数据被拒收", "第 1 页 共", "提升路径", sc.Path, sc.Margin)
	for _, never := range []string{sc.RuleSetID, "数据截至", "考核规则"} {
		if strings.Contains(text, never) {
			t.Errorf("the scorecard says %q", never)
		}
	}
}

func TestScorecardRendersAreByteIdentical(t *testing.T) {
	r := renderer(t)
	sc := cityScorecards(t)[3]
	var a, b bytes.Buffer
	if _, err := r.Scorecard(&a, sc); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Scorecard(&b, sc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renders of one scorecard differ")
	}
	if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20261201080000)")) {
		t.Fatal("creation date is not the run's time")
	}
}

func TestScorecardNameBeyondBasicPlaneRendersWithWarning(t *testing.T) {
	r := renderer(t)
	sc := cityScorecards(t)[0]
	sc.Unit.Name = "𠀾山市"
	var buf bytes.Buffer
	warnings, err := r.Scorecard(&buf, sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) == 0 || !strings.Contains(warnings[0].String(), "𠀾山市") {
		t.Fatalf("warnings = %v, want one naming 𠀾山市", warnings)
	}
	wantText(t, pdfText(t, buf.Bytes()), "□山市")
}

// pageText is the text of one page of a PDF.
func pageText(t *testing.T, doc []byte, page int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	n := strconv.Itoa(page)
	out, err := exec.Command("pdftotext", "-f", n, "-l", n, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestScorecardChartIsVectorOnPageOneAndTheCardEndsWithSignatures(t *testing.T) {
	r := renderer(t)
	sc := cityScorecards(t)[0]
	// The longest card the rule sets make: every item, both adjustments, a veto and a gate.
	sc.Vetoes = []zhengzhi.VetoHit{{ID: "V1", Title: "发生重大产品质量安全事件", Value: 1,
		Explanation: "发生重大产品质量安全事件1起，实行一票否决，等次直接确定为不合格，排名列末位，总分最高计59分"}}
	sc.Path = "本年度已被一票否决，等次不能提升"
	sc.Gated, sc.GateExplanation = true, "关键指标“隐患整改率”得5分，低于该项分值的60%，等次最高为合格"
	var buf bytes.Buffer
	if _, err := r.Scorecard(&buf, sc); err != nil {
		t.Fatal(err)
	}
	doc := buf.Bytes()
	if bytes.Contains(doc, []byte("/Subtype /Image")) {
		t.Fatal("the scorecard embeds an image; its chart should be drawn as paths")
	}
	text := pdfText(t, doc)
	pages := strings.Count(text, "\f")
	first := pageText(t, doc, 1)
	wantText(t, first, "各考核项目得分率", sc.Unit.Name, "同级平均", "0%", "100%")
	// Each item is named in the chart as well as in the table.
	for _, it := range sc.Items {
		if n := strings.Count(strings.Join(strings.Fields(first), ""), it.Title); n < 2 {
			t.Errorf("item %q appears %d times on page 1, want it in the table and the chart", it.Title, n)
		}
	}
	if n := strings.Count(strings.Join(strings.Fields(text), ""), "实行一票否决"); n != 1 {
		t.Errorf("the veto is stated %d times, want once", n)
	}
	last := pageText(t, doc, pages)
	wantText(t, last, "合计得分", "考核组（签字）", "被考核单位确认（签字、盖章）", "日期", "年", "月", "日",
		fmt.Sprintf("第 %d 页 共 %d 页", pages, pages))
}

// TestScorecardNumbersKeepOnePrecisionPerColumn renders the cards a city, a
// county, a vetoed unit and a unit whose grade a key item lowered receive,
// and reads them back: each ratio in 指标情况 has two decimals (never
// "100%" beside "96.97%"), 加减分 has two decimals and a sign only when
// something was added or taken, no internal item id (A2, B1, P1) appears, and
// the grade is called 等次, never 等级.
func TestScorecardNumbersKeepOnePrecisionPerColumn(t *testing.T) {
	r := renderer(t)
	reg := demotest.Registry(t)
	meta := reportstest.Meta(reg)
	city := cityScorecards(t)
	county, countyValues := reportstest.Assessment(t, reg, "safe-county.yaml", "2026-11")
	cards := map[string]reports.Scorecard{"city": city[0], "county": reports.BuildScorecards(meta, county, countyValues)[0]}
	for _, sc := range city {
		if len(sc.Vetoes) > 0 {
			cards["vetoed"] = sc
			break
		}
	}
	// A key item below 95% of its points caps the grade at 合格.
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	share, err := zhengzhi.ParseDecimal("0.95")
	if err != nil {
		t.Fatal(err)
	}
	rs.Gates = []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: share, GradeAtMost: "合格"}}
	values := reportstest.Values(reg.Units(rs.Level), "2026-11")
	for _, sc := range reports.BuildScorecards(meta, zhengzhi.Assess(rs, reg.Units(rs.Level), values, reportstest.AsOf), values) {
		if sc.Gated {
			cards["gated"] = sc
			break
		}
	}
	if len(cards) != 4 {
		t.Fatalf("cards %v: the fixtures lack a vetoed or a gated unit", slices.Sorted(maps.Keys(cards)))
	}
	basis := regexp.MustCompile(`\d+/\d+（([0-9.]+)%）`)
	twoDecimals := regexp.MustCompile(`^[+-]?\d+\.\d\d$`)
	// An adjustment's row: 序号, 项目, 数量, 加减分, 说明.
	adjustment := regexp.MustCompile(`^\s*\d+\s+\S+\s+\d+\s+(\S+)\s`)
	itemID := regexp.MustCompile(`(^|[^A-Za-z0-9])([A-Z]\d{1,2})([^0-9]|$)`)
	texts := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(cards)) {
		text := pdfText(t, bufOf(t, r, cards[name]))
		texts[name] = text
		flat := strings.Join(strings.Fields(text), "")
		ratios := basis.FindAllStringSubmatch(flat, -1)
		if len(ratios) == 0 {
			t.Errorf("%s: no ratio in 指标情况", name)
		}
		for _, m := range ratios {
			if !twoDecimals.MatchString(m[1]) {
				t.Errorf("%s: 指标情况 %s, want the percent with two decimals", name, m[0])
			}
		}
		_, adjustments, _ := strings.Cut(text, "加分与扣分项")
		adjustments, _, _ = strings.Cut(adjustments, "合计得分")
		seen := 0
		for _, line := range strings.Split(adjustments, "\n") {
			m := adjustment.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			seen++
			if !twoDecimals.MatchString(m[1]) || m[1] == "+0.00" || m[1] == "-0.00" {
				t.Errorf("%s: 加减分 %q in %q, want two decimals, signed unless zero", name, m[1], line)
			}
		}
		if seen != len(cards[name].Adjustments) {
			t.Errorf("%s: read %d adjustments, the card has %d", name, seen, len(cards[name].Adjustments))
		}
		if m := itemID.FindStringSubmatch(text); m != nil {
			t.Errorf("%s: the card names item %s by its id", name, m[2])
		}
		if strings.Contains(text, "等级") || !strings.Contains(text, "等次") {
			t.Errorf("%s: the grade is not called 等次 throughout", name)
		}
	}
	wantText(t, texts["gated"], "等次下调：关键指标“隐患整改率”得", "等次最高为合格")
}

// bufOf renders a scorecard.
func bufOf(t *testing.T, r *pdf.Renderer, sc reports.Scorecard) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := r.Scorecard(&buf, sc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func TestScorecardsInParallelMatchOneByOne(t *testing.T) {
	r := renderer(t)
	cards := cityScorecards(t)[:4]
	outs := make([]bytes.Buffer, len(cards))
	if _, err := r.Scorecards(context.Background(), cards, func(i int) (io.WriteCloser, error) {
		return nopCloser{&outs[i]}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, sc := range cards {
		var one bytes.Buffer
		if _, err := r.Scorecard(&one, sc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one.Bytes(), outs[i].Bytes()) {
			t.Fatalf("card %d differs when rendered in parallel", i)
		}
	}
}

func BenchmarkScorecard(b *testing.B) {
	r := renderer(b)
	sc := cityScorecards(b)[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Scorecard(io.Discard, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScorecards220 renders the province's 220 scorecards (12 cities
// and 100 counties, two rule sets each) on all cores.
func BenchmarkScorecards220(b *testing.B) {
	r := renderer(b)
	reg := demotest.Registry(b)
	meta := reportstest.Meta(reg)
	var cards []reports.Scorecard
	for _, rs := range []string{"target-responsibility-city.yaml", "safe-city.yaml", "target-responsibility-county.yaml", "safe-county.yaml"} {
		a, values := reportstest.Assessment(b, reg, rs, "2026-11")
		cards = append(cards, reports.BuildScorecards(meta, a, values)...)
	}
	b.ReportMetric(float64(len(cards)), "cards")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Scorecards(context.Background(), cards, func(int) (io.WriteCloser, error) {
			return nopCloser{io.Discard}, nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}
