package cjk

import (
	"strings"

	"golang.org/x/text/width"
)

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

// HeaderLines are a table header's lines when it must wrap, in a workbook
// or a PDF: a unit or note in brackets at its end goes on a line of its own
// (企业数 / （家）, 逾期未整改 / （处）) — never 逾期未整 / 改（处）. A
// header without one is a line alone.
func HeaderLines(title string) []string {
	if i := strings.LastIndex(title, "（"); i > 0 && strings.HasSuffix(title, "）") {
		return []string{title[:i], title[i:]}
	}
	return []string{title}
}
