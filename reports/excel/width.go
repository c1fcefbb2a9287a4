package excel

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"zhengzhi/reports/cjk"
)

// textWidth is a text's width in Excel column units: a CJK (or other
// full-width) character takes two, a Latin one one.
func textWidth(s string) float64 { return float64(cjk.Columns(s)) }

// columnWidth is the width a column needs for its widest text, with a little
// air, kept within what a printed page can hold.
func columnWidth(widest float64) float64 {
	w := widest + 2
	switch {
	case w < 6:
		return 6
	case w > 50:
		return 50
	}
	return w
}

// columnWidths sizes each column for its header and its widest value; a
// group header wider than its columns widens them evenly. Long header titles
// wrap onto two lines (a score's, naming its item, onto three) instead of
// widening the column.
func (b *book) columnWidths(t *table) []float64 {
	laid := t.lay()
	w := make([]float64, len(t.Columns))
	for c, col := range t.Columns {
		w[c] = math.Min(titleWidth(col.Title), 12)
		if col.Kind == scoreCell {
			w[c] = math.Min(titleWidth(col.Title), 8)
		}
		if col.Group == "" {
			w[c] = math.Min(textWidth(col.Title), 16)
		}
		if col.Kind == rateCell {
			w[c] = math.Max(w[c], 6)
		}
		if c == 0 && t.TotalLabel != "" {
			w[c] = math.Max(w[c], textWidth(t.TotalLabel))
		}
		for _, r := range laid {
			w[c] = math.Max(w[c], textWidth(displayText(col.Kind, r[c].Value)))
		}
	}
	for c := 0; c < len(t.Columns); {
		end := c
		for end+1 < len(t.Columns) && t.Columns[c].Group != "" && t.Columns[end+1].Group == t.Columns[c].Group {
			end++
		}
		// A long group title wraps onto two lines before it widens its columns.
		need, have := math.Min(textWidth(t.Columns[c].Group), float64(8*(end-c+1))), 0.0
		for k := c; k <= end; k++ {
			have += w[k]
		}
		if need > have {
			for k := c; k <= end; k++ {
				w[k] += (need - have) / float64(end-c+1)
			}
		}
		c = end + 1
	}
	for c := range w {
		w[c] = columnWidth(w[c])
	}
	return w
}

// titleWidth is the width of a title's widest line.
func titleWidth(title string) float64 {
	w := 0.0
	for _, l := range cjk.HeaderLines(title) {
		w = math.Max(w, textWidth(l))
	}
	return w
}

// headerText is a title as its header cell shows it in a column of width
// units: broken before its bracketed end when it does not fit on one line.
func headerText(title string, width float64) string {
	if textWidth(title) <= width-1 {
		return title
	}
	return strings.Join(cjk.HeaderLines(title), "\n")
}

// displayText is roughly how a cell's value shows, for sizing.
func displayText(k cellKind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		if k == dateCell {
			return dateFormat
		}
		return groupThousands(x)
	case int:
		return groupThousands(int64(x))
	case float64:
		if k == rateCell {
			return strconv.FormatFloat(x*100, 'f', 1, 64) + "%"
		}
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return fmt.Sprint(v)
}

// groupThousands prints a count as the #,##0 format shows it.
func groupThousands(x int64) string {
	s := strconv.FormatInt(x, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
