package cjk

import "golang.org/x/text/width"

// Columns is a text's width in the columns of a monospaced grid — a terminal,
// or Excel's column units: a wide or full-width character (汉字, 全角标点,
// U+20000 and above) takes two, every other one. The widths are Unicode's
// East Asian Width property, as golang.org/x/text/width reads it.
func Columns(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
