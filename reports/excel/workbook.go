// Package excel writes the report workbooks with excelize: the 'six ones'
// progress tables, the score detail, the streamed ledgers, the data-quality
// report and the draw. Every writer takes an io.Writer and gives the same
// bytes for the same model: document times come from Meta.GeneratedAt and the
// zip parts are written in name order without timestamps.
package excel

import (
	"fmt"
	"io"
	"time"

	"zhengzhi"

	"github.com/xuri/excelize/v2"

	"zhengzhi/reports"
)

// The typefaces named in the styles; LibreOffice on Linux substitutes a CJK
// face for them, Excel on a clerk's PC has them.
const (
	bodyFont    = "宋体"
	headingFont = "黑体"
)

// book is a workbook being written, with the styles every sheet shares.
type book struct {
	f      *excelize.File
	st     styles
	tmpDir string
	// header is the printed page header: the demo mark on every page of a
	// workbook built from synthetic data.
	header string
	// charts are the chart parts added, by part name, with the values their
	// series show, written into them as they are saved (chartCaches).
	charts map[string]chartCaches
	// titles are the title styles by font size (titleStyle).
	titles map[float64]int
}

// newBook starts a workbook whose document properties are set from the
// report's own times, so that two runs on the same data give the same bytes.
// Its formulas carry the values they give, for readers that do not
// calculate; a spreadsheet program still recalculates them on opening.
func newBook(meta reports.Meta, title, tmpDir string) (*book, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	stamp := meta.GeneratedAt.UTC().Format(time.RFC3339)
	if meta.GeneratedAt.IsZero() {
		stamp = meta.AsOf.Midnight(time.UTC).Format(time.RFC3339)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "zhengzhi", LastModifiedBy: "zhengzhi",
		Created: stamp, Modified: stamp, Language: "zh-CN",
	}); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	fullCalc := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &fullCalc}); err != nil {
		return nil, fmt.Errorf("calculation properties: %w", err)
	}
	if err := f.SetDefaultFont(bodyFont); err != nil {
		return nil, fmt.Errorf("default font: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	b := &book{f: f, st: st, tmpDir: tmpDir}
	if meta.Demo {
		b.header = "&L&\"黑体,常规\"" + reports.DemoMark
	}
	return b, nil
}

// sheet names the workbook's first sheet (excelize starts with "Sheet1") or
// adds a new one.
func (b *book) sheet(name string) error {
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// write saves the workbook through the name-ordered zip writer and releases
// its temporary files.
func (b *book) write(w io.Writer) error {
	defer b.f.Close()
	b.f.SetActiveSheet(0)
	rewrites := map[string]func([]byte) ([]byte, error){}
	for part, caches := range b.charts {
		rewrites[part] = caches.fill
	}
	b.f.SetZipWriter(func(out io.Writer) excelize.ZipWriter { return newSortedZip(out, b.tmpDir, rewrites) })
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// reportTitle is a workbook's title as printed: the demo mark comes first so
// that nobody mistakes synthetic numbers for real ones.
func reportTitle(meta reports.Meta, title string) string {
	if meta.Demo {
		return title + "（" + reports.DemoMark + "）"
	}
	return title
}

// tabulated is the date the table was made (制表日期).
func tabulated(meta reports.Meta) zhengzhi.Date {
	if meta.GeneratedAt.IsZero() {
		return meta.AsOf
	}
	return zhengzhi.DateOf(meta.GeneratedAt)
}

// filedBy is the line under a statistical table's title: the bureau that
// files it, the period it counts, from windowStart to the as-of date, and
// the date it was tabulated.
func filedBy(scope string, windowStart zhengzhi.Date, meta reports.Meta) string {
	return fmt.Sprintf("填报单位：%s市场监督管理局　　统计期间：%s至%s　　制表日期：%s",
		scope, windowStart.Chinese(), meta.AsOf.Chinese(), tabulated(meta).Chinese())
}
