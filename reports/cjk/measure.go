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
