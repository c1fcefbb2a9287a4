package excel

import "testing"

// TestOnePageTall fits a table of a few units to one page, and leaves a
// long list or a list of tall rows to run over as many pages as it needs.
func TestOnePageTall(t *testing.T) {
	for _, c := range []struct {
		name          string
		width, height float64
		want          bool
	}{
		{"13 cities on a wide sheet", 214, 28 + 30 + 45 + 15*14 + 3*14 + 24, true},
		{"a narrow sheet of 13 cities", 36, 90 + 60 + 60 + 16*14 + 40, true},
		{"180 items of a score detail", 140, 100 + 180*28, false},
		{"20 issues of 4 lines each", 200, 100 + 20*56 + 14, false},
	} {
		if got := onePageTall(c.width, c.height); got != c.want {
			t.Errorf("%s: one page tall %v, want %v", c.name, got, c.want)
		}
	}
}
