package excel

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
)

// LedgerOptions tune how a ledger is streamed.
type LedgerOptions struct {
	// MaxRows is the most rows one sheet holds, its header rows included;
	// 0 means Excel's limit of 1,048,576. Beyond it the ledger continues on
	// a new sheet (台账(2), …) with the same header.
	MaxRows int
	// TmpDir holds the streamed sheets' XML and the zip spool while the
	// workbook is written (hundreds of MB for a province-wide ledger); "" is
	// the system's temporary folder.
	TmpDir string
}

// ledgerColumn is one column of a ledger: its header and a fixed width (a
// streamed sheet's widths are set before its rows are seen).
type ledgerColumn struct {
	title string
	width float64
}

// ledgerKind describes one kind of ledger: its title, columns and how a row
// fills its cells.
type ledgerKind[Row any] struct {
	title   string // after the scope's name: 重点工业产品质量安全隐患台账
	sheet   string // 隐患台账
	columns []ledgerColumn
	// fill writes row number n's values into the row's cells; nil leaves a
	// cell empty.
	fill func(n int64, r *Row, cells *ledgerCells)
}

// ledgerCells are a ledger row's cells, reused from row to row so that a
// million rows cost no more than one: the values, and the date-styled cells
// a date column's value points to.
type ledgerCells struct {
	values []any
	dates  []excelize.Cell // by column, styled as dates
}

// HazardLedgerCells makes in f the date style the hazard ledger's date cells
// carry, and returns the ledger's column count and the function that fills
// row number n's cell values exactly as the report writes them (the slice is
// reused from row to row): ` + "`zhengzhi bench`" + `'s bare baseline writes these
// same cells through a plain StreamWriter.
func HazardLedgerCells(f *excelize.File) (int, func(n int64, r *reports.HazardLedgerRow) []any, error) {
	dateFmt := dateFormat
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return 0, nil, err
	}
	columns := len(hazardLedger.columns)
	cells := newLedgerCells(columns, dateStyle)
	return columns, func(n int64, r *reports.HazardLedgerRow) []any {
		clear(cells.values)
		hazardLedger.fill(n, r, cells)
		return cells.values
	}, nil
}

func newLedgerCells(columns, dateStyle int) *ledgerCells {
	c := &ledgerCells{values: make([]any, columns), dates: make([]excelize.Cell, columns)}
	for i := range c.dates {
		c.dates[i].StyleID = dateStyle
	}
	return c
}

// text sets column i to a text; an empty one leaves the cell empty.
func (c *ledgerCells) text(i int, s string) {
	if s != "" {
		c.values[i] = s
	}
}

// date sets column i to a date, a date number shown yyyy-mm-dd that sorts
// and filters as a date; no date leaves the cell empty.
func (c *ledgerCells) date(i int, d zhengzhi.Date) {
	if d.IsZero() {
		return
	}
	c.dates[i].Value = dateNumber(d)
	c.values[i] = &c.dates[i]
}

// days sets column i to a number of days overdue; 0 (not overdue) leaves
// the cell empty.
func (c *ledgerCells) days(i int, n int) {
	if n != 0 {
		c.values[i] = n
	}
}

// headerRows are the title, the 填报单位 line, the data-pull line and the
// column header above every sheet's data.
const headerRows = 4

// writeLedger streams a ledger into a workbook: rows go straight from the
// iterator to excelize's StreamWriter, a new sheet starts before a sheet
// would pass opts.MaxRows, and memory stays flat however many rows come.
func writeLedger[Row any](w io.Writer, l reports.Ledger[Row], kind ledgerKind[Row], opts LedgerOptions) error {
	maxRows := opts.MaxRows
	if maxRows == 0 {
		maxRows = excelize.TotalRows
	}
	if maxRows <= headerRows || maxRows > excelize.TotalRows {
		return fmt.Errorf("%s: a sheet must hold between %d and %d rows, not %d", kind.sheet, headerRows+1, excelize.TotalRows, maxRows)
	}
	perSheet := int64(maxRows - headerRows)
	title := reportTitle(l.Meta, l.Scope.Name+kind.title)
	b, err := newBook(l.Meta, title, opts.TmpDir)
	if err != nil {
		return err
	}
	lw := &ledgerWriter[Row]{book: b, kind: kind, ledger: l, title: title, perSheet: perSheet,
		cells: newLedgerCells(len(kind.columns), b.st.date)}
	var n int64
	for r, err := range l.Rows {
		if err != nil {
			b.f.Close()
			return fmt.Errorf("%s %s: %w", l.Scope.Name, kind.sheet, err)
		}
		if n%perSheet == 0 {
			if err := lw.nextSheet(n); err != nil {
				b.f.Close()
				return err
			}
		}
		n++
		clear(lw.cells.values)
		kind.fill(n, &r, lw.cells)
		if err := lw.sw.SetRow(lw.rowRef(n), lw.cells.values, excelize.RowOpts{StyleID: b.st.ledger}); err != nil {
			b.f.Close()
			return fmt.Errorf("%s row %d: %w", kind.sheet, n, err)
		}
	}
	if n == 0 {
		if err := lw.nextSheet(0); err != nil {
			b.f.Close()
			return err
		}
	}
	if err := lw.sw.Flush(); err != nil {
		b.f.Close()
		return fmt.Errorf("%s: %w", kind.sheet, err)
	}
	return b.write(w)
}

// ledgerWriter is the state of a ledger being streamed: the open sheet and
// the cells reused for every row.
type ledgerWriter[Row any] struct {
	*book
	kind     ledgerKind[Row]
	ledger   reports.Ledger[Row]
	title    string
	perSheet int64
	sheets   int
	first    int64 // number of the sheet's first data row in the whole ledger
	sw       *excelize.StreamWriter
	cells    *ledgerCells
}

// rowRef is the first cell of ledger row n on its sheet.
func (lw *ledgerWriter[Row]) rowRef(n int64) string {
	return cell(1, int(n-lw.first)+headerRows+1)
}

// nextSheet flushes the open sheet and starts the next one with the header
// and an autofilter on it, sized for the rows it will hold. Everything
// excelize writes ahead of the rows (dimension, fit-to-page, column widths,
// frozen panes) is set before the first row; the page setup and the filter
// are written on Flush.
func (lw *ledgerWriter[Row]) nextSheet(done int64) error {
	if lw.sw != nil {
		if err := lw.sw.Flush(); err != nil {
			return fmt.Errorf("%s: %w", lw.kind.sheet, err)
		}
	}
	lw.sheets++
	lw.first = done + 1
	name := lw.kind.sheet
	if lw.sheets > 1 {
		name = fmt.Sprintf("%s(%d)", lw.kind.sheet, lw.sheets)
	}
	fail := func(err error) error { return fmt.Errorf("%s sheet %s: %w", lw.ledger.Scope.Name, name, err) }
	if err := lw.sheet(name); err != nil {
		return fail(err)
	}
	rows := min(lw.perSheet, max(lw.ledger.Count-done, 0))
	ncol := len(lw.kind.columns)
	last := cell(ncol, int(rows)+headerRows)
	if err := lw.f.SetSheetDimension(name, "A1:"+last); err != nil {
		return fail(err)
	}
	width := 0.0
	for _, c := range lw.kind.columns {
		width += c.width
	}
	if err := lw.printSetup(name, page{titleRows: fmt.Sprintf("$%d:$%d", headerRows, headerRows), width: width}); err != nil {
		return fail(err)
	}
	sw, err := lw.f.NewStreamWriter(name)
	if err != nil {
		return fail(err)
	}
	lw.sw = sw
	// After the stream writer has written the sheet properties: AutoFilter
	// also marks the sheet as filtered (filterMode), which it is not.
	if err := lw.f.AutoFilter(name, cell(1, headerRows)+":"+last, nil); err != nil {
		return fail(err)
	}
	for i, c := range lw.kind.columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fail(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRows, TopLeftCell: cell(1, headerRows+1), ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	m := lw.ledger.Meta
	info := filedBy(lw.ledger.Scope.Name, lw.ledger.WindowStart, m) + fmt.Sprintf("　　共%d条", lw.ledger.Count)
	if lw.sheets > 1 {
		info += fmt.Sprintf("（本表自第%d条起，续第%d页）", lw.first, lw.sheets-1)
	}
	if err := writeLines(sw, 1, ncol, []line{{lw.title, lw.st.title, 30}, {info, lw.st.info, 18}, {m.Provenance(), lw.st.info, 30}}); err != nil {
		return fail(err)
	}
	header := make([]any, ncol)
	for i, c := range lw.kind.columns {
		header[i] = excelize.Cell{StyleID: lw.st.header, Value: headerText(c.title, c.width)}
	}
	if err := sw.SetRow(cell(1, headerRows), header, excelize.RowOpts{Height: 30}); err != nil {
		return fail(err)
	}
	return nil
}

// HazardLedger writes the hazard ledger (隐患台账) of a city or the province,
// streamed, with the days each hazard is overdue and not rectified.
func HazardLedger(w io.Writer, l reports.Ledger[reports.HazardLedgerRow], opts LedgerOptions) error {
	return writeLedger(w, l, hazardLedger, opts)
}

// FollowupLedger writes the non-conforming follow-up ledger (不合格企业后处理
// 台账), streamed, with the 60- and 75-day due dates and the days overdue.
func FollowupLedger(w io.Writer, l reports.Ledger[reports.FollowupLedgerRow], opts LedgerOptions) error {
	return writeLedger(w, l, followupLedger, opts)
}

// RiskPointLedger writes the risk point zeroing ledger (风险隐患点清零台账), streamed.
func RiskPointLedger(w io.Writer, l reports.Ledger[reports.RiskPointLedgerRow], opts LedgerOptions) error {
	return writeLedger(w, l, riskPointLedger, opts)
}
