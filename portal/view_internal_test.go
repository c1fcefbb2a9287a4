package portal

import (
	"testing"

	"zhengzhi/publish"
)

// TestEveryKindHasAChineseName: a reader never sees a manifest kind's code
// (yearend_docx) as a heading or in a file's name.
func TestEveryKindHasAChineseName(t *testing.T) {
	for _, k := range append(publish.Kinds, publish.KindDrawJSON, publish.KindDrawSheet, publish.KindDrawPDF) {
		if kindLabel(k) == k {
			t.Errorf("kind %s has no Chinese name", k)
		}
	}
}
