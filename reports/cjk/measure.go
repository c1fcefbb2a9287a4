package cjk

import "golang.org/x/image/math/fixed"

// pointMM is one typographic point in millimetres.
const pointMM = 25.4 / 72

func fixedOf(v float64) fixed.Int26_6 { return fixed.Int26_6(v * 64) }

// Width is the width of the text in millimetres at a font size in points.
// Runes the font lacks count as a full em, the width of their substitute.
func (f *Face) Width(text string, sizePt float64) float64 {
	return f.ems(text) * sizePt * pointMM
}

func (f *Face) runeEms(r rune) float64 {
	if a, ok := f.Advance(r); ok {
		return a
	}
	return 1
}

// Fit sets a text on one line no wider than widthMM: at sizePt, or smaller
// by half points down to minSize as it must, and at minSize cut short with
// an ellipsis when even that is too wide. It returns the text as set and its size.
func (f *Face) Fit(text string, sizePt, minSize, widthMM float64) (string, float64) {
	size := sizePt
	for ; size > minSize && f.Width(text, size) > widthMM; size -= 0.5 {
	}
	if f.Width(text, size) <= widthMM {
		return text, size
	}
	r := []rune(text)
	for len(r) > 0 && f.Width(string(r)+"…", size) > widthMM {
		r = r[:len(r)-1]
	}
	return string(r) + "…", size
}
