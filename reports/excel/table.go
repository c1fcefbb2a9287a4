package excel

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// cellKind is how a table column's cells are written and formatted.
type cellKind int

const (
	textCell   cellKind = iota // left-aligned text
	centerCell                 // centred text (dates, yes/no)
	countCell                  // whole number, thousands separated
	rateCell                   // a formula: numerator column / denominator column, as a percentage
	scoreCell                  // points with two decimals
)

// totalRule is what the totals row puts under a column.
type totalRule int

const (
	totalSum     totalRule = iota // SUM of the column (counts); rates divide the summed parts
	totalNone                     // left empty
	totalYes                      // COUNTIF of "是" (how many units did it)
	totalAverage                  // AVERAGE (scores)
)

// column is one column of a table sheet. Consecutive columns with the same
// Group share a merged upper header; a column without a Group has its Title
// merged across both header rows.
type column struct {
	Group string
	Title string
	Kind  cellKind
	// Num and Den are the indexes of a rate column's numerator and
	// denominator columns in the same table.
	Num, Den int
	Total    totalRule
}

// table is a sheet of the normal (non-streamed) kind: a merged title, info
// lines, a two-level header, data rows and a totals row.
type table struct {
	Sheet      string
	Title      string
	Lines      []string // 填报单位/制表日期, the data-pull line
	Columns    []column
	Rows       [][]any // one value per column; rate columns are formulas and take nil
	TotalLabel string  // the totals row's label; "" = no totals row
}

// placement says where a written table's parts went, for charts and print areas.
type placement struct {
	headerTop, firstData, lastData, totalRow, lastRow int
	columns                                           int
	lastCol                                           string
	width                                             float64 // sum of column widths, in character units
}

// cell names a cell by 1-based column and row.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// writeTable lays a table onto a new sheet, with print setup: A4 landscape,
// fit to the page width, the header rows repeated on every page, frozen
// header and first column.
func (b *book) writeTable(t table) (placement, error) {
	f, s := b.f, t.Sheet
	if err := b.sheet(s); err != nil {
		return placement{}, fmt.Errorf("sheet %s: %w", s, err)
	}
	ncol := len(t.Columns)
	p := placement{headerTop: len(t.Lines) + 2, columns: ncol, lastCol: colName(ncol)}
	p.firstData = p.headerTop + 2
	p.lastData = p.firstData + len(t.Rows) - 1
	p.lastRow = p.lastData
	if t.TotalLabel != "" {
		p.totalRow = p.lastData + 1
		p.lastRow = p.totalRow
	}
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	merge := func(from, to string, style int, value any) {
		check(f.SetCellValue(s, from, value))
		if from != to {
			check(f.MergeCell(s, from, to))
		}
		check(f.SetCellStyle(s, from, to, style))
	}

	widths := b.columnWidths(t)
	for i, w := range widths {
		check(f.SetColWidth(s, colName(i+1), colName(i+1), w))
		p.width += w
	}
	merge(cell(1, 1), cell(ncol, 1), b.st.title, t.Title)
	// The title is set in 16 pt against the body's 10–11 pt: over a narrow
	// table it wraps instead of running off the page.
	check(f.SetRowHeight(s, 1, 30*math.Max(1, math.Ceil(textWidth(t.Title)*1.5/p.width))))
	for i, line := range t.Lines {
		row := i + 2
		merge(cell(1, row), cell(ncol, row), b.st.info, line)
		check(f.SetRowHeight(s, row, 15*math.Max(1, math.Ceil(textWidth(line)*1.05/p.width))))
	}

	top := p.headerTop
	for c := 0; c < ncol; {
		col := t.Columns[c]
		if col.Group == "" {
			merge(cell(c+1, top), cell(c+1, top+1), b.st.header, col.Title)
			c++
			continue
		}
		end := c
		for end+1 < ncol && t.Columns[end+1].Group == col.Group {
			end++
		}
		merge(cell(c+1, top), cell(end+1, top), b.st.header, col.Group)
		for k := c; k <= end; k++ {
			merge(cell(k+1, top+1), cell(k+1, top+1), b.st.header, t.Columns[k].Title)
		}
		c = end + 1
	}
	check(f.SetRowHeight(s, top, 28))
	check(f.SetRowHeight(s, top+1, 30))

	for i, values := range t.Rows {
		row := p.firstData + i
		// Long text (reasons, raw rows) wraps inside its column; the row
		// grows to show all of it, since readers do not refit merged or
		// styled rows on opening.
		if lines := wrappedLines(values, widths); lines > 1 {
			check(f.SetRowHeight(s, row, 14*lines))
		}
		for c, col := range t.Columns {
			ref := cell(c+1, row)
			if col.Kind == rateCell {
				check(f.SetCellFormula(s, ref, rateFormula(col, row)))
			} else if c < len(values) && values[c] != nil {
				check(f.SetCellValue(s, ref, values[c]))
			}
			check(f.SetCellStyle(s, ref, ref, b.bodyStyle(col.Kind, false)))
		}
	}
	if t.TotalLabel != "" {
		b.writeTotals(t, p, check)
	}

	check(f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: p.firstData - 1,
		TopLeftCell: cell(2, p.firstData), ActivePane: "bottomRight"}))
	check(b.printSetup(s, fmt.Sprintf("$%d:$%d", top, top+1), fmt.Sprintf("$A$1:$%s$%d", p.lastCol, p.lastRow)))
	if len(errs) > 0 {
		return p, fmt.Errorf("sheet %s: %w", s, errs[0])
	}
	return p, nil
}

// wrappedLines is how many lines the tallest text of a row takes in its column.
func wrappedLines(values []any, widths []float64) float64 {
	lines := 1.0
	for c, v := range values {
		if text, ok := v.(string); ok && c < len(widths) {
			lines = math.Max(lines, math.Ceil(textWidth(text)/(widths[c]-1)))
		}
	}
	return lines
}

// rateFormula divides a rate column's numerator cell by its denominator cell
// on the same row, leaving the cell empty when there is nothing to divide by.
func rateFormula(col column, row int) string {
	num, den := cell(col.Num+1, row), cell(col.Den+1, row)
	return fmt.Sprintf(`IF(%s=0,"",%s/%s)`, den, num, den)
}

func (b *book) writeTotals(t table, p placement, check func(error)) {
	f, s, row := b.f, t.Sheet, p.totalRow
	for c, col := range t.Columns {
		ref := cell(c+1, row)
		span := fmt.Sprintf("%s:%s", cell(c+1, p.firstData), cell(c+1, p.lastData))
		switch {
		case c == 0:
			check(f.SetCellValue(s, ref, t.TotalLabel))
		case col.Kind == rateCell:
			check(f.SetCellFormula(s, ref, rateFormula(col, row)))
		case len(t.Rows) == 0:
		case col.Total == totalSum:
			check(f.SetCellFormula(s, ref, "SUM("+span+")"))
		case col.Total == totalYes:
			check(f.SetCellFormula(s, ref, `COUNTIF(`+span+`,"是")`))
		case col.Total == totalAverage:
			check(f.SetCellFormula(s, ref, "AVERAGE("+span+")"))
		}
		style := b.bodyStyle(col.Kind, true)
		if c == 0 || col.Total == totalYes {
			style = b.st.totalText
		}
		check(f.SetCellStyle(s, ref, ref, style))
	}
}

func (b *book) bodyStyle(k cellKind, total bool) int {
	st := b.st
	switch {
	case k == countCell && total:
		return st.totalCount
	case k == countCell:
		return st.count
	case k == rateCell && total:
		return st.totalRate
	case k == rateCell:
		return st.rate
	case k == scoreCell && total:
		return st.totalScore
	case k == scoreCell:
		return st.score
	case total:
		return st.totalText
	case k == centerCell:
		return st.center
	}
	return st.text
}
