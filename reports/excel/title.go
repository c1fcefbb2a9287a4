package excel

import (
	"math"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// The sizes a table's title is set in, in points: 16 when it fits, never
// under 12 (the body is 10).
const (
	titleSize    = 16.0
	oneLineSize  = 14.0 // the smallest a title is set on one line before it is broken in two
	smallestSize = 12.0
)

// titleLayout is a table's title as its merged cell shows it.
type titleLayout struct {
	text   string  // the title, with a line break where it is broken in two
	size   float64 // the font size in points
	height float64 // the row's height in points
}

// layTitle lays a title out over a table whose columns are widths units
// wide (lead is the part of it a break may follow, see balancedBreak): on one line in 16 pt when it fits, or a little smaller (down to
// 14 pt); else broken in two at the bracket
// that balances the lines best ("东川省“六个一”行动进展情况统计表" over
// "（五、自查自纠）（演示数据）"), in the largest size the longer line fits,
// not under 12 pt. Only a title that does not fit two lines in 12 pt
// wraps further. A narrow table's title thus stays on one or two lines
// without widening the table.
func layTitle(title, lead string, widths []float64) titleLayout {
	room := tablePoints(widths) - 8 // the cell's margins
	lines := []string{title}
	if ems(title)*oneLineSize > room {
		lines = balancedBreak(title, lead)
	}
	longest := 0.0
	for _, l := range lines {
		longest = math.Max(longest, ems(l))
	}
	size := math.Min(titleSize, math.Max(smallestSize, math.Floor(room/longest)))
	n := 0.0
	for _, l := range lines {
		n += math.Max(1, math.Ceil(ems(l)*size/room))
	}
	// 30 points a line in 16 pt, proportionally less in a smaller size.
	return titleLayout{text: strings.Join(lines, "\n"), size: size, height: n * size * 15 / 8}
}

// tablePoints is the printed width of columns widths units wide, in points,
// as Excel sets them in the 宋体 default font: 8 pixels a unit and 5 of
// padding a column, at 96 pixels an inch. (LibreOffice sets them a little
// wider, so what fits Excel fits it too.)
func tablePoints(widths []float64) float64 {
	px := 0.0
	for _, w := range widths {
		px += w*8 + 5
	}
	return px * 72 / 96
}

// ems is a title's width in ems of its font: a Chinese character, full-width
// punctuation and the curly quotes (wide in a Chinese face) take one, other
// characters half of one.
func ems(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
			n++
		default:
			n += 0.5
		}
	}
	return n
}

// balancedBreak breaks a title in two after its lead (the rule set's title,
// the workbook's) or before one of the bracketed groups it ends with — the
// sheet's name, the demo mark: "（五、自查自纠）（演示数据）" — where the
// longer line is the shortest. A bracket inside the title's words
// (考核（市局）, 县（市、区）) is never a break; a title with neither stays
// whole.
func balancedBreak(title, lead string) []string {
	at := trailingGroups(title)
	if lead != "" && len(lead) < len(title) && strings.HasPrefix(title, lead) {
		at = append(at, len(lead))
	}
	best, bestWidth := []string{title}, math.Inf(1)
	for _, at := range at {
		a, b := title[:at], title[at:]
		if w := math.Max(ems(a), ems(b)); w < bestWidth {
			best, bestWidth = []string{a, b}, w
		}
	}
	return best
}

// trailingGroups are the byte offsets of the bracketed groups a title ends
// with, the last first; a group at the very start is not counted.
func trailingGroups(title string) []int {
	var at []int
	rest := title
	for strings.HasSuffix(rest, "）") {
		open := strings.LastIndex(rest, "（")
		if open <= 0 || strings.Contains(rest[open:len(rest)-len("）")], "）") {
			break
		}
		at = append(at, open)
		rest = rest[:open]
	}
	return at
}

// titleStyle is the title's style in a size: 黑体, centred, wrapped. The
// styles are made as they are first asked for, in the order the sheets are
// written, so the same workbook numbers them alike every time.
func (b *book) titleStyle(size float64) (int, error) {
	if size == titleSize {
		return b.st.title, nil
	}
	if id, ok := b.titles[size]; ok {
		return id, nil
	}
	id, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: headingFont, Size: size},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return 0, err
	}
	if b.titles == nil {
		b.titles = map[float64]int{}
	}
	b.titles[size] = id
	return id, nil
}

// infoSize is the size of the lines under a title, in points.
const infoSize = 10.0

// fieldGap is what parts a line under a title: "填报单位：…　　统计期间：…".
var fieldGap = regexp.MustCompile(`　+`)

// packLine breaks a line under a title that does not fit its table's width
// (columns widths units wide) between its fields, as many to a line as fit,
// so that a narrow table's lines read 填报单位 / 统计期间 / 制表日期 rather
// than wrap mid-date; a field too long for a line of its own still wraps.
func packLine(text string, widths []float64) string {
	room := tablePoints(widths) - 8
	if ems(text)*infoSize <= room {
		return text
	}
	gaps := fieldGap.FindAllStringIndex(text, -1)
	var out strings.Builder
	lineStart, at := 0, 0
	for _, g := range gaps {
		// The field before this gap, and the gap itself.
		next := text[at:g[0]]
		if at > lineStart && ems(text[lineStart:at]+next)*infoSize > room {
			out.WriteString(strings.TrimRight(text[lineStart:at], "　"))
			out.WriteByte('\n')
			lineStart = at
		}
		at = g[1]
	}
	if at > lineStart && ems(text[lineStart:])*infoSize > room {
		out.WriteString(strings.TrimRight(text[lineStart:at], "　"))
		out.WriteByte('\n')
		lineStart = at
	}
	out.WriteString(text[lineStart:])
	return out.String()
}

// infoHeight is the height of a line under a title as packLine breaks it:
// 15 points a printed line.
func infoHeight(text string, widths []float64) float64 {
	room := tablePoints(widths) - 8
	n := 0.0
	for l := range strings.SplitSeq(text, "\n") {
		n += math.Max(1, math.Ceil(ems(l)*infoSize/room))
	}
	return 15 * n
}
