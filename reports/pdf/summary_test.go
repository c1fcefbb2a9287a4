package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// TestSummaryIsAnOfficialDocument renders the 通报 of the four 2026 rule
// sets: the issuer's head, the title, the addressees, the headings, every
// level's results, the annex list, the issuer's short name and the date,
// then an annex per ranking — cities and counties — after a body of at most
// six pages. Two renders are byte-identical.
func TestSummaryIsAnOfficialDocument(t *testing.T) {
	reg := demotest.Registry(t)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
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
	county := s.Assessments[2].Rows[len(s.Assessments[2].Rows)-1]
	wantText(t, text, "东川省市场监督管理局", s.Title, "各设区市市场监督管理局：", "一、考核结果", "（一）设区市", "（二）县（市、区）",
		"二、一票否决和扣分情况", "三、约谈", "四、值得关注的情况", "附件：1.", "东川省市场监管局", "2026年11月30日",
		"实行一票否决，等次直接确定为不合格，排名列末位", "附件1", "附件4", s.Assessments[0].Rows[0].Name,
		county.Name, county.City, s.CalledIn[0].Unit, "— 1 —", reports.DemoMark, "统计截止：2026年11月30日")
	for _, never := range []string{"target-responsibility", "数据截至", "5.00分"} {
		if strings.Contains(text, never) {
			t.Errorf("the 通报 says %q", never)
		}
	}
	pages := strings.Split(text, "\f")
	body := 0
	for body < len(pages) && !strings.Contains(pages[body], "附件1\n") {
		body++
	}
	if body > 6 || body == len(pages) {
		t.Errorf("the body takes %d pages, want at most 6 before 附件1", body)
	}
}

// TestSummaryPageNumbersAlternate: "— N —" lies 7 mm below the text block,
// one character in from its right edge on odd pages and from its left edge
// on even ones (GB/T 9704 §7.5).
func TestSummaryPageNumbersAlternate(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	reg := demotest.Registry(t)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if _, err := renderer(t).Summary(&doc, s); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "summary.pdf")
	os.WriteFile(path, doc.Bytes(), 0o644)
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	const pt = 72 / 25.4
	em := 14 * 25.4 / 72 // the page number's 4号 character, mm
	number := regexp.MustCompile(`^\d+$`)
	for n, page := range strings.Split(string(out), "<page ")[1:] {
		var found bool
		for _, m := range wordBox.FindAllStringSubmatch(page, -1) {
			y0, _ := strconv.ParseFloat(m[2], 64)
			if !number.MatchString(m[5]) || m[5] != strconv.Itoa(n+1) || y0 < (37+225)*pt {
				continue
			}
			found = true
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			if below := y0/pt - (37 + 225); below < 6 || below > 10 {
				t.Errorf("page %d: the number's top is %.1f mm below the text block, want about 7", n+1, below)
			}
			// The number sits between its dashes: "— N —" is about 3 characters wide.
			if (n+1)%2 == 1 && (x1/pt < 28+156-em-3*em || x1/pt > 28+156-em) {
				t.Errorf("odd page %d: the number ends at %.1f mm, want one character in from the right edge (%.1f)", n+1, x1/pt, 28+156-em)
			}
			if (n+1)%2 == 0 && (x0/pt < 28+em || x0/pt > 28+em+3*em) {
				t.Errorf("even page %d: the number starts at %.1f mm, want one character in from the left edge (%.1f)", n+1, x0/pt, 28+em)
			}
		}
		if !found {
			t.Errorf("page %d has no page number below its text block", n+1)
		}
	}
}
