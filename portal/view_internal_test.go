package portal

import (
	"testing"

	"zhengzhi/publish"
)

// TestEveryKindHasAChineseName: a reader never sees a manifest kind's code
// (yearend_docx) as a heading or in a file's name.
func TestEveryKindHasAChineseName(t *testing.T) {
	for _, k := range append(publish.Kinds, publish.KindDrawJSON, publish.KindDrawSheet, publish.KindDrawPDF, publish.KindDrawCommitment) {
		if kindLabel(k) == k {
			t.Errorf("kind %s has no Chinese name", k)
		}
	}
}

// TestDrawTitles: a published draw file is downloaded under its month and
// what it is — the record or the seed commitment posted before the draw.
func TestDrawTitles(t *testing.T) {
	for _, c := range []struct {
		f    publish.File
		want string
	}{
		{publish.File{Path: "2026-12.pdf", Kind: publish.KindDrawPDF, Month: "2026-12"}, "2026-12随机抽查结果.pdf"},
		{publish.File{Path: "2026-12-commitment.txt", Kind: publish.KindDrawCommitment, Month: "2026-12"}, "2026-12随机种子承诺.txt"},
	} {
		if got := drawTitle(c.f); got != c.want {
			t.Errorf("%s: %q, want %q", c.f.Path, got, c.want)
		}
	}
}

// TestFileNameKeepsItsDate: a download name's date and extension are kept
// on one line, the rest escaped as text.
func TestFileNameKeepsItsDate(t *testing.T) {
	for name, want := range map[string]string{
		"东川市-考核评分表-平安市考核-2026-11-24.pdf":     `东川市-考核评分表-平安市考核-<span class="nowrap">2026-11-24.pdf</span>`,
		"东川省-年度考核结果通报（Word）-2026-11-24.docx": `东川省-年度考核结果通报（Word）-<span class="nowrap">2026-11-24.docx</span>`,
		"a<b>-2026-12随机抽查结果.pdf":             `a&lt;b&gt;-2026-12随机抽查结果.pdf`,
	} {
		if got := string(fileName(name)); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}
