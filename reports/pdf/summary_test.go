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
	"zhengzhi/internal/needs"
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
	needs.Tool(t, "pdftotext")
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

// lineBox matches a line's box in `pdftotext -bbox-layout` output, with its words.
var lineBox = regexp.MustCompile(`(?s)<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>`)

// wordText matches a word's text inside a line of `pdftotext -bbox-layout`.
var wordText = regexp.MustCompile(`>([^<]*)</word>`)

type pdfLine struct {
	x0, y0, x1, y1 float64 // mm
	text           string
}

// pdfLines are the lines of each page of a PDF as poppler finds them, in mm.
func pdfLines(t *testing.T, doc []byte) [][]pdfLine {
	t.Helper()
	needs.Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(path, doc, 0o644)
	out, err := exec.Command("pdftotext", "-bbox-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	const mm = 25.4 / 72
	var pages [][]pdfLine
	for _, page := range strings.Split(string(out), "<page ")[1:] {
		var lines []pdfLine
		for _, m := range lineBox.FindAllStringSubmatch(page, -1) {
			var l pdfLine
			for i, p := range []*float64{&l.x0, &l.y0, &l.x1, &l.y1} {
				v, _ := strconv.ParseFloat(m[i+1], 64)
				*p = v * mm
			}
			for _, w := range wordText.FindAllStringSubmatch(m[5], -1) {
				l.text += w[1]
			}
			lines = append(lines, l)
		}
		pages = append(pages, lines)
	}
	return pages
}

// TestSummaryGeometry measures the 通报 against GB/T 9704-2012 from the PDF
// itself: the mark's top 35 mm below the block's top (72 mm from the
// page's), the 发文字号 two lines under it and the title two blank lines
// under the separator; on a page of body text 22 lines of 3号, full lines
// of 28 characters justified to the block's right edge (184 mm) within
// 0.5 mm; the page with the signature carries two lines of text; the 版记
// ends at the foot of an even page.
func TestSummaryGeometry(t *testing.T) {
	reg := demotest.Registry(t)
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if _, err := renderer(t).Summary(&doc, s); err != nil {
		t.Fatal(err)
	}
	pages := pdfLines(t, doc.Bytes())
	const blockTop, blockLeft, blockRight, blockFoot = 37.0, 28.0, 184.0, 262.0
	pitch := 225.0 / 22
	find := func(page []pdfLine, text string) (pdfLine, bool) {
		for _, l := range page {
			if strings.Contains(l.text, text) {
				return l, true
			}
		}
		return pdfLine{}, false
	}
	mark, ok := find(pages[0], s.Mark)
	if !ok {
		t.Fatalf("page 1 has no mark %q", s.Mark)
	}
	if mark.y0 < blockTop+35-1.5 || mark.y0 > blockTop+35+1 {
		t.Errorf("the mark's top is %.1f mm from the page's top, want %.1f", mark.y0, blockTop+35)
	}
	if centre := (mark.x0 + mark.x1) / 2; centre < 105-0.5 || centre > 106.5 {
		t.Errorf("the mark is centred at %.1f mm, want the block's centre 106", centre)
	}
	number, ok := find(pages[0], "东市监〔2026〕12号")
	if !ok {
		t.Fatal("page 1 has no 发文字号")
	}
	if gap := number.y0 - mark.y1; gap < 2*pitch-1.5 || gap > 2*pitch+3 {
		t.Errorf("the 发文字号 is %.1f mm under the mark, want two lines (%.1f)", gap, 2*pitch)
	}
	title, ok := find(pages[0], "关于2026年度")
	if !ok {
		t.Fatal("page 1 has no title")
	}
	// The separator is 4 mm under the 发文字号, the title two blank lines under it.
	if gap := title.y0 - (number.y1 + 4); gap < 2*pitch || gap > 2*pitch+pitch {
		t.Errorf("the title starts %.1f mm under the separator, want two blank lines (%.1f)", gap, 2*pitch)
	}
	var titleLines []pdfLine
	for _, l := range pages[0] {
		if l.y0 >= title.y0-0.1 && l.y0 < title.y0+2*pitch && l.y1-l.y0 > 8 {
			titleLines = append(titleLines, l)
		}
	}
	if len(titleLines) == 2 {
		upper, lower := titleLines[0].x1-titleLines[0].x0, titleLines[1].x1-titleLines[1].x0
		if lower < upper*0.6 || lower > upper {
			t.Errorf("the title's lines are %.0f over %.0f mm, want a trapezoid (the lower 60–100%% of the upper)", upper, lower)
		}
	}
	// Page 2 is all body text.
	var body []pdfLine
	for _, l := range pages[1] {
		if l.y0 >= blockTop-1 && l.y1 <= blockFoot+1 {
			body = append(body, l)
		}
	}
	if len(body) != 22 {
		t.Errorf("page 2 has %d lines of text, want 22", len(body))
	}
	full := 0
	for i, l := range body {
		if l.x0 > blockLeft+0.5 || i == len(body)-1 || body[i+1].x0 > blockLeft+5 || strings.HasSuffix(l.text, "。") {
			continue // a heading, a paragraph's last line or one followed by a new paragraph
		}
		full++
		if l.x1 < blockRight-0.5 || l.x1 > blockRight+0.5 {
			t.Errorf("page 2 line %d %q ends at %.2f mm, want the block's right edge %.0f ± 0.5", i+1, l.text, l.x1, blockRight)
		}
		if n := len([]rune(l.text)); cjkOnly(l.text) && n != 28 {
			t.Errorf("page 2 line %d %q has %d characters, want 28", i+1, l.text, n)
		}
	}
	if full < 10 {
		t.Errorf("page 2 has only %d full lines", full)
	}
	if n := len(body); n > 0 && (body[n-1].y1 < blockFoot-pitch || body[0].y0 > blockTop+pitch) {
		t.Errorf("page 2's lines run from %.1f to %.1f mm, want the block's top (37) to its foot (262)", body[0].y0, body[n-1].y1)
	}
	// The signature's page holds at least two lines of text above the annex list.
	for n, page := range pages {
		if _, ok := find(page, s.Date); !ok {
			continue
		}
		text := 0
		for _, l := range page {
			if strings.Contains(l.text, "附件：") {
				break
			}
			if l.y0 >= blockTop-1 && l.x0 < blockLeft+12 {
				text++
			}
		}
		if text < 2 {
			t.Errorf("the signature's page %d has %d lines of text above it, want at least 2", n+1, text)
		}
		break
	}
	last := pages[len(pages)-1]
	if len(pages)%2 == 1 {
		t.Errorf("the document has %d pages; the 版记 must stand on an even last page", len(pages))
	}
	printed, ok := find(last, s.PrintedOn+"印发")
	if !ok {
		t.Fatal("the last page has no 印发 line")
	}
	if printed.y1 < blockFoot-8 || printed.y1 > blockFoot {
		t.Errorf("the 印发 line ends at %.1f mm, want the block's foot (%.0f)", printed.y1, blockFoot)
	}
}

// cjkOnly reports whether a line has only Chinese characters and full-width marks.
func cjkOnly(s string) bool {
	for _, r := range s {
		if r < 0x2E80 {
			return false
		}
	}
	return true
}
