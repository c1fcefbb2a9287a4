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
