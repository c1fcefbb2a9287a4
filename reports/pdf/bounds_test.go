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

// wordBox matches a word's box in `pdftotext -bbox` output.
var wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// withinTextBlock checks that every word of the PDF lies inside the page
// less its left and right margins (in mm): nothing runs off the text block.
func withinTextBlock(t *testing.T, doc []byte, leftMM, rightMM float64) {
	t.Helper()
	needs.Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(path, doc, 0o644)
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	const pt = 72 / 25.4
	minX, maxX := leftMM*pt-0.5, (210-rightMM)*pt+0.5
	words := wordBox.FindAllSubmatch(out, -1)
	if len(words) == 0 {
		t.Fatal("no words found in the PDF")
	}
	for _, m := range words {
		x0, _ := strconv.ParseFloat(string(m[1]), 64)
		x1, _ := strconv.ParseFloat(string(m[3]), 64)
		if x0 < minX || x1 > maxX {
			t.Errorf("%q spans x %.1f–%.1f pt, outside the text block %.1f–%.1f", m[5], x0, x1, minX, maxX)
		}
	}
}

func TestNothingRunsOffThePage(t *testing.T) {
	r := renderer(t)
	reg := demotest.Registry(t)
	meta := reportstest.Meta(reg)

	var sc bytes.Buffer
	card := cityScorecards(t)[0]
	card.Items[1].Explanation += "；另有说明：" + card.Items[1].Explanation + card.Items[1].Explanation
	if _, err := r.Scorecard(&sc, card); err != nil {
		t.Fatal(err)
	}
	withinTextBlock(t, sc.Bytes(), 15, 15)

	p, err := reports.BuildProgress(meta, reportstest.ProgressInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var pr bytes.Buffer
	if _, err := r.Progress(&pr, p); err != nil {
		t.Fatal(err)
	}
	withinTextBlock(t, pr.Bytes(), 15, 15)

	s, err := reports.BuildSummary(meta, reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var su bytes.Buffer
	if _, err := r.Summary(&su, s); err != nil {
		t.Fatal(err)
	}
	withinTextBlock(t, su.Bytes(), 28, 210-28-156)
}

func TestEveryPageCarriesTheDemoMark(t *testing.T) {
	reg := demotest.Registry(t)
	p, err := reports.BuildProgress(reportstest.Meta(reg), reportstest.ProgressInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	s, err := reports.BuildSummary(reportstest.Meta(reg), reportstest.SummaryInput(t, reg))
	if err != nil {
		t.Fatal(err)
	}
	var progress, summary bytes.Buffer
	if _, err := renderer(t).Progress(&progress, p); err != nil {
		t.Fatal(err)
	}
	if _, err := renderer(t).Summary(&summary, s); err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"progress": progress.Bytes(), "summary": summary.Bytes()} {
		text := pdfText(t, doc)
		pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
		for i, page := range pages {
			if strings.Count(page, reports.DemoMark) != 1 {
				t.Errorf("%s page %d: %d demo marks, want 1", name, i+1, strings.Count(page, reports.DemoMark))
			}
		}
		if len(pages) < 2 {
			t.Errorf("%s: %d pages", name, len(pages))
		}
	}
}
