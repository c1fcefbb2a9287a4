package excel

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
)

// cellKind is how a table column's cells are written and formatted.
type cellKind int

const (
	textCell   cellKind = iota // left-aligned text, wrapped
	centerCell                 // centred text (yes/no, codes)
	countCell                  // whole number, thousands separated
	rateCell                   // a formula: numerator column / denominator column, as a percentage
	scoreCell                  // points with two decimals
	dateCell                   // a date (zhengzhi.Date), written as a date number, shown yyyy-mm-dd
)

// totalRule is what the totals row puts under a column.
type totalRule int

const (
	totalSum     totalRule = iota // SUM of the column (counts); rates divide the summed parts
	totalNone                     // left empty
	totalYes                      // COUNTIF of "是" (how many units did it)
	totalAverage                  // AVERAGE (scores, added in hundredths)
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
	// Ref makes every cell of the column, the totals row's too, a reference
	// to the same row's cell of another table's column: a figure is counted
	// on one sheet and shown elsewhere by reference, never copied.
	Ref *colRef
	// RowFormula, when set, makes each data row's cell a formula over the
	// row's own cells, with the value it gives — a total added up from the
	// items and adjustments beside it; i counts the data rows, row is the
	// sheet's row.
	RowFormula func(i, row int) excelize.Cell
}

// colRef names a column of another table of the same workbook with the
// same rows — or, with through after col, the sum of the row's cells from
// col through it.
type colRef struct {
	table        *table
	col, through int
}

// table is a sheet of the normal (non-ledger) kind: a merged title, info
// lines, a two-level header, data rows, a totals row and, for a statistical
// table, the signature line.
type table struct {
	Sheet string
	Title string
	// TitleLead is the start of the title a line break may follow when the
	// title does not fit one line: the workbook's or the rule set's title,
	// before the sheet's.
	TitleLead  string
	Lines      []string // 填报单位/制表日期, the data-pull line
	Columns    []column
	Rows       [][]any // one value per column; rate and reference columns take nil
	TotalLabel string  // the totals row's label; "" = no totals row
	// KeyColumns are the leading columns that name a row (the unit, its
	// city, its rank), frozen on screen; 0 means the first column alone.
	KeyColumns int
	// Notes are lines under the table (how to re-check it), a row apart.
	Notes []string
	// Signed ends the table with the signature line of a statistical table
	// (单位负责人、审核人、填表人、联系电话), filled in by hand.
	Signed bool
	// Chart, when set, plots rate columns under the table, on the same page.
	Chart *rateChart

	laid [][]excelize.Cell // the data rows and the totals row, computed once
}

// signature is the line a statistical table ends with, for filling in by
// hand; a narrow table takes it on two lines.
var signature = [2]string{"单位负责人：　　　　　　　审核人：　　　　　　　", "填表人：　　　　　　　联系电话："}

// signatureLine is the signature as it fits a table width units wide.
func signatureLine(width float64) (string, float64) {
	if one := signature[0] + signature[1]; textWidth(one) <= width {
		return one, 24
	}
	return signature[0] + "\n" + signature[1], 40
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = excelize.MaxRowHeight

// placement says where a table's parts go.
type placement struct {
	headerTop, firstData, lastData, totalRow, noteRow, signRow, lastRow int
	columns                                                             int
	lastCol                                                             string
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

// place lays out the table's rows: title, lines, two header rows, the data,
// the totals row and, each a row apart, the notes and the signature line.
func (t *table) place() placement {
	ncol := len(t.Columns)
	p := placement{headerTop: len(t.Lines) + 2, columns: ncol, lastCol: colName(ncol)}
	p.firstData = p.headerTop + 2
	p.lastData = p.firstData + len(t.Rows) - 1
	p.lastRow = p.lastData
	if t.TotalLabel != "" {
		p.totalRow = p.lastData + 1
		p.lastRow = p.totalRow
	}
	if len(t.Notes) > 0 {
		p.noteRow = p.lastRow + 2
		p.lastRow = p.noteRow + len(t.Notes) - 1
	}
	if t.Signed {
		p.signRow = p.lastRow + 2
		p.lastRow = p.signRow
	}
	return p
}

// keyColumns is how many leading columns name a row.
func (t *table) keyColumns() int { return max(t.KeyColumns, 1) }

// lay computes, once, every cell under the header: the data rows, then the
// totals row. A formula cell carries the value it gives (its cached value),
// so that mail and phone previews and readers that do not calculate show the
// figures, not blanks.
func (t *table) lay() [][]excelize.Cell {
	if t.laid != nil {
		return t.laid
	}
	p := t.place()
	n := len(t.Rows)
	if t.TotalLabel != "" {
		n++
	}
	out := make([][]excelize.Cell, n)
	for i := range out {
		out[i] = make([]excelize.Cell, len(t.Columns))
		for c, col := range t.Columns {
			switch {
			case col.Ref != nil:
				out[i][c] = col.Ref.cell(i)
			case col.RowFormula != nil && i < len(t.Rows):
				out[i][c] = col.RowFormula(i, p.firstData+i)
			case i == len(t.Rows):
				out[i][c] = t.total(c, p, out[:len(t.Rows)])
			case c < len(t.Rows[i]):
				out[i][c].Value = cellValue(t.Rows[i][c])
			}
		}
		// Rates divide the row's own counts, the totals row's its sums.
		row := p.firstData + i
		for c, col := range t.Columns {
			if col.Kind == rateCell && col.Ref == nil {
				out[i][c] = excelize.Cell{Formula: rateFormula(col, row), Value: ratio(out[i][col.Num].Value, out[i][col.Den].Value)}
			}
		}
	}
	t.laid = out
	return out
}

// cell is the reference to row i's cell of the referenced column (or the
// sum of its cells), with its value.
func (r *colRef) cell(i int) excelize.Cell {
	o := r.table
	row, quoted := o.place().firstData+i, "'"+o.Sheet+"'!"
	if r.through > r.col {
		sum := new(big.Rat)
		for c := r.col; c <= r.through; c++ {
			if x, ok := o.exactPoints(i, c); ok {
				sum.Add(sum, x)
			}
		}
		v, _ := sum.Float64()
		return excelize.Cell{Formula: "SUM(" + quoted + cell(r.col+1, row) + ":" + cell(r.through+1, row) + ")", Value: v}
	}
	v := o.lay()[i][r.col].Value
	if v == nil {
		v = int64(0) // a reference to an empty cell gives 0
	}
	return excelize.Cell{Formula: quoted + cell(r.col+1, row), Value: v}
}

// cellValue is a model value as the cell holds it: a date as its date number.
func cellValue(v any) any {
	if d, ok := v.(zhengzhi.Date); ok {
		if d.IsZero() {
			return nil
		}
		return dateNumber(d)
	}
	return v
}

// excelEpoch is day 0 of the spreadsheet's date numbers (1900 date system).
var excelEpoch = zhengzhi.NewDate(1899, 12, 30)

// dateNumber is a date as the spreadsheet counts it: days since 1899-12-30.
func dateNumber(d zhengzhi.Date) int64 { return int64(d.DaysSince(excelEpoch)) }

// total is the totals row's cell of column c.
func (t *table) total(c int, p placement, data [][]excelize.Cell) excelize.Cell {
	col := t.Columns[c]
	span := cell(c+1, p.firstData) + ":" + cell(c+1, p.lastData)
	switch {
	case c == 0:
		return excelize.Cell{Value: t.TotalLabel}
	case len(data) == 0 || col.Kind == rateCell:
	case col.Total == totalSum:
		return excelize.Cell{Formula: "SUM(" + span + ")", Value: columnSum(data, c)}
	case col.Total == totalYes:
		yes := int64(0)
		for _, r := range data {
			if r[c].Value == "是" {
				yes++
			}
		}
		return excelize.Cell{Formula: `COUNTIF(` + span + `,"是")`, Value: yes}
	case col.Total == totalAverage:
		cells := make([]excelize.Cell, len(data))
		for i, r := range data {
			cells[i] = r[c]
		}
		if sum, n := points(cells); n > 0 {
			// One division of whole hundredths: the nearest number to
			// the true average, 72.69 rather than 72.68999999999999.
			return excelize.Cell{Formula: "AVERAGE(" + span + ")", Value: float64(sum) / float64(100*n)}
		}
	}
	return excelize.Cell{}
}

// columnSum adds a column's numbers as SUM does: whole numbers stay whole.
func columnSum(data [][]excelize.Cell, c int) any {
	var whole int64
	var frac float64
	fractional := false
	for _, r := range data {
		switch x := r[c].Value.(type) {
		case int64:
			whole += x
		case int:
			whole += int64(x)
		case float64:
			frac += x
			fractional = true
		}
	}
	if fractional {
		return float64(whole) + frac
	}
	return whole
}

// exactPoints is the exact value of row i's cell of a score column: a data
// cell's hundredths, or the totals row's average of them. Added up
// exactly, scores give the decimal a reader adds up (83.44, never a binary
// 83.43999999999999), an average of them the number nearest its true value.
func (t *table) exactPoints(i, c int) (*big.Rat, bool) {
	laid := t.lay()
	if i < len(t.Rows) {
		v, ok := number(laid[i][c].Value)
		return big.NewRat(int64(math.Round(v*100)), 100), ok
	}
	column := make([]excelize.Cell, len(t.Rows))
	for r := range t.Rows {
		column[r] = laid[r][c]
	}
	sum, n := points(column)
	if t.Columns[c].Total != totalAverage || n == 0 {
		return nil, false
	}
	return big.NewRat(int64(sum), int64(100*n)), true
}

// points adds the scores of cells as they hold them — at most two decimals
// each — in whole hundredths, so that the sum is the decimal a reader adds
// up (83.44), never a binary 83.43999999999999; n is how many cells hold a
// number.
func points(cells []excelize.Cell) (sum zhengzhi.Score, n int) {
	for _, x := range cells {
		if v, ok := number(x.Value); ok {
			sum += zhengzhi.Score(math.Round(v * 100))
			n++
		}
	}
	return sum, n
}

// number is a cell value as a number, when it is one.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// ratio is what rateFormula gives: "" when there is nothing to divide by.
func ratio(num, den any) any {
	d, _ := number(den)
	if d == 0 {
		return ""
	}
	n, _ := number(num)
	return n / d
}

// rateFormula divides a rate column's numerator cell by its denominator cell
// on the same row, leaving the cell empty when there is nothing to divide by.
func rateFormula(col column, row int) string {
	num, den := cell(col.Num+1, row), cell(col.Den+1, row)
	return fmt.Sprintf(`IF(%s=0,"",%s/%s)`, den, num, den)
}

// line is a full-width line above or below a table, merged across its columns.
type line struct {
	text   string
	style  int
	height float64
}

// writeLines streams lines from row first on, each merged across ncol
// columns with every cell of the merged range styled.
func writeLines(sw *excelize.StreamWriter, first, ncol int, lines []line) error {
	for i, l := range lines {
		row := first + i
		cells := make([]any, ncol)
		cells[0] = excelize.Cell{StyleID: l.style, Value: l.text}
		for c := 1; c < ncol; c++ {
			cells[c] = excelize.Cell{StyleID: l.style}
		}
		if err := sw.SetRow(cell(1, row), cells, excelize.RowOpts{Height: min(l.height, maxRowHeight)}); err != nil {
			return err
		}
		if ncol > 1 {
			if err := sw.MergeCell(cell(1, row), cell(ncol, row)); err != nil {
				return err
			}
		}
	}
	return nil
}

// wrappedHeight is the height of a line of text wrapped in width column
// units, at pitch points a line.
func wrappedHeight(text string, width, pitch, least float64) float64 {
	return math.Max(least, pitch*lineCount(text, width))
}

// writeTable streams a table onto a new sheet, with print setup: A4, fit to
// one page wide (and tall, for a short table), the header rows repeated on
// every page, frozen header and key columns.
// Everything excelize writes ahead of the rows — sheet properties, the
// dimension, column widths, panes — is set before the first row.
func (b *book) writeTable(t *table) error {
	f, s, st := b.f, t.Sheet, b.st
	p, laid := t.place(), t.lay()
	ncol := len(t.Columns)
	widths := b.columnWidths(t)
	width := 0.0
	for _, w := range widths {
		width += w
	}
	fail := func(err error) error { return fmt.Errorf("sheet %s: %w", s, err) }
	if err := b.sheet(s); err != nil {
		return fail(err)
	}

	// Every row's height first: the print setup, written ahead of the
	// rows, depends on how tall the table is.
	// The title is set in 16 pt against the body's 10 pt: over a narrow
	// table it is broken in two and set smaller instead of running off the
	// page or wrapping into three lines.
	title := layTitle(t.Title, t.TitleLead, widths)
	titleStyle, err := b.titleStyle(title.size)
	if err != nil {
		return fail(err)
	}
	head := []line{{title.text, titleStyle, title.height}}
	for _, l := range t.Lines {
		l = packLine(l, widths)
		head = append(head, line{l, st.info, infoHeight(l, widths)})
	}
	top := p.headerTop
	hdr := b.tableHeader(t, top, widths)
	// Long text (reasons, raw rows) wraps inside its column; the row grows
	// to show it, up to the tallest row Excel allows, since readers do not
	// refit styled rows on opening.
	heights := make([]float64, len(t.Rows))
	for i := range t.Rows {
		if lines := wrappedLines(t, i, widths); lines > 1 {
			heights[i] = min(14*lines, maxRowHeight)
		}
	}
	var notes []line
	for _, n := range t.Notes {
		notes = append(notes, line{n, st.info, wrappedHeight(n, width/1.05, 15, 15)})
	}
	sign, signHeight := signatureLine(width)
	tall := hdr.heights[0] + hdr.heights[1] + float64(p.lastRow-p.firstData+1-len(t.Rows)-len(t.Notes))*defaultRowHeight
	for _, l := range append(head, notes...) {
		tall += l.height
	}
	for _, h := range heights {
		tall += max(h, defaultRowHeight)
	}
	if t.Signed {
		tall += signHeight - defaultRowHeight
	}

	// A chart goes a row under the table, on the same page: the sheet
	// prints on one page, fitted to it however tall.
	area, oneTall := p.lastRow, onePageTall(width, tall)
	var chart chartSize
	if t.Chart != nil {
		chart = sizeChart(width, ncol)
		area, oneTall = p.lastRow+1+chart.rows, true
	}
	if err := f.SetSheetDimension(s, "A1:"+cell(ncol, p.lastRow)); err != nil {
		return fail(err)
	}
	if err := b.printSetup(s, page{titleRows: fmt.Sprintf("$%d:$%d", top, top+1), area: fmt.Sprintf("$A$1:$%s$%d", p.lastCol, area),
		width: width, oneTall: oneTall}); err != nil {
		return fail(err)
	}
	sw, err := f.NewStreamWriter(s)
	if err != nil {
		return fail(err)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fail(err)
		}
	}
	key := t.keyColumns()
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: key, YSplit: p.firstData - 1,
		TopLeftCell: cell(key+1, p.firstData), ActivePane: "bottomRight"}); err != nil {
		return fail(err)
	}

	if err := writeLines(sw, 1, ncol, head); err != nil {
		return fail(err)
	}
	if err := hdr.write(sw); err != nil {
		return fail(err)
	}
	for i := range t.Rows {
		cells := make([]any, ncol)
		for c, col := range t.Columns {
			x := laid[i][c]
			x.StyleID = b.bodyStyle(col.Kind, false)
			cells[c] = x
		}
		if err := sw.SetRow(cell(1, p.firstData+i), cells, excelize.RowOpts{Height: heights[i]}); err != nil {
			return fail(err)
		}
	}
	if t.TotalLabel != "" {
		cells := make([]any, ncol)
		for c, col := range t.Columns {
			x := laid[len(t.Rows)][c]
			x.StyleID = b.bodyStyle(col.Kind, true)
			if c == 0 || col.Total == totalYes {
				x.StyleID = st.totalText
			}
			cells[c] = x
		}
		if err := sw.SetRow(cell(1, p.totalRow), cells); err != nil {
			return fail(err)
		}
	}
	if len(notes) > 0 {
		if err := writeLines(sw, p.noteRow, ncol, notes); err != nil {
			return fail(err)
		}
	}
	if t.Signed {
		if err := writeLines(sw, p.signRow, ncol, []line{{sign, st.info, signHeight}}); err != nil {
			return fail(err)
		}
	}
	if t.Chart != nil {
		if err := b.addChart(t, cell(1, p.lastRow+2), p, hdr, *t.Chart, chart); err != nil {
			return fail(fmt.Errorf("chart: %w", err))
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

// defaultRowHeight is the height of a row given none, in points.
const defaultRowHeight = 14

// tableHeader is a table's two header rows as they are streamed.
type tableHeader struct {
	top          int
	upper, lower []any
	merges       [][2]string
	heights      [2]float64
}

// tableHeader lays out the two header rows: a grouped column's group title
// merged over its columns above its own title, an ungrouped column's title
// merged down both rows. The rows grow for titles that wrap.
func (b *book) tableHeader(t *table, top int, widths []float64) tableHeader {
	ncol := len(t.Columns)
	h := tableHeader{top: top, upper: make([]any, ncol), lower: make([]any, ncol)}
	upperLines, lowerLines := 1.0, 1.0
	header := func(v string) excelize.Cell { return excelize.Cell{StyleID: b.st.header, Value: v} }
	for c := 0; c < ncol; {
		col := t.Columns[c]
		if col.Group == "" {
			title := headerText(col.Title, widths[c])
			h.upper[c], h.lower[c] = header(title), excelize.Cell{StyleID: b.st.header}
			h.merges = append(h.merges, [2]string{cell(c+1, top), cell(c+1, top+1)})
			lowerLines = math.Max(lowerLines, lineCount(title, widths[c])-1)
			c++
			continue
		}
		end, span := c, widths[c]
		for end+1 < ncol && t.Columns[end+1].Group == col.Group {
			end++
			span += widths[end]
		}
		h.upper[c] = header(col.Group)
		for k := c + 1; k <= end; k++ {
			h.upper[k] = excelize.Cell{StyleID: b.st.header}
		}
		if end > c {
			h.merges = append(h.merges, [2]string{cell(c+1, top), cell(end+1, top)})
		}
		upperLines = math.Max(upperLines, lineCount(col.Group, span))
		for k := c; k <= end; k++ {
			title := headerText(t.Columns[k].Title, widths[k])
			h.lower[k] = header(title)
			lowerLines = math.Max(lowerLines, lineCount(title, widths[k]))
		}
		c = end + 1
	}
	h.heights = [2]float64{math.Max(28, 14*upperLines+4), math.Max(30, 14*lowerLines+4)}
	return h
}

// write streams the header rows and merges their ranges.
func (h tableHeader) write(sw *excelize.StreamWriter) error {
	if err := sw.SetRow(cell(1, h.top), h.upper, excelize.RowOpts{Height: h.heights[0]}); err != nil {
		return err
	}
	if err := sw.SetRow(cell(1, h.top+1), h.lower, excelize.RowOpts{Height: h.heights[1]}); err != nil {
		return err
	}
	for _, m := range h.merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// lineCount is how many lines a text takes wrapped in a column of width
// units: each of its own lines wraps on its own.
func lineCount(text string, width float64) float64 {
	n := 0.0
	for l := range strings.SplitSeq(text, "\n") {
		n += math.Max(1, math.Ceil(textWidth(l)/math.Max(width-1, 1)))
	}
	return n
}

// wrappedLines is how many lines the tallest wrapped text of data row i takes.
func wrappedLines(t *table, i int, widths []float64) float64 {
	lines := 1.0
	for c, v := range t.Rows[i] {
		if text, ok := v.(string); ok && c < len(widths) && t.Columns[c].Kind == textCell {
			lines = math.Max(lines, lineCount(text, widths[c]))
		}
	}
	return lines
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
	case k == dateCell:
		return st.date
	case k == centerCell:
		return st.center
	}
	return st.text
}
