package pdf_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi/internal/demotest"
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
		t.Skipf("report fonts not installed: %v", err)
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
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
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
	wantText(t, text, "考核评分表", sc.RuleSetTitle, sc.Unit.Name, "数据截至：2026-11-30",
		"序号", "考核项目", "扣分说明", sc.Items[1].Basis, sc.Total.String(), sc.Grade, sc.RankText(),
		reports.DemoMark, "临江市数据被拒收", "第 1 页 共")
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
