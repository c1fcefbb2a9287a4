// Package bare holds the bare engine's versions of the report steps, the
// baselines ` + "`zhengzhi bench`" + ` measures the reports against: the same cells
// or text written with excelize's and maroto's plain APIs, nothing else. It
// is the bench's alone; the reports never import it.
package bare

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"zhengzhi/reports"
	"zhengzhi/reports/excel"
)

// Book is a written workbook's cell values, read back so that the
// baseline writes exactly the same cells.
type Book struct {
	name   string
	sheets []sheetCells
}

type sheetCells struct {
	name string
	rows [][]string
}

// ReadCells reads the cell values of workbooks (formulas as their cached
// value).
func ReadCells(paths []string) ([]Book, error) {
	var out []Book
	for _, p := range paths {
		f, err := excelize.OpenFile(p)
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", filepath.Base(p), err)
		}
		b := Book{name: filepath.Base(p)}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("read back %s %s: %w", b.name, sheet, err)
			}
			b.sheets = append(b.sheets, sheetCells{name: sheet, rows: rows})
		}
		f.Close()
		out = append(out, b)
	}
	return out, nil
}

// CellCount is the number of cells of the workbooks.
func CellCount(books []Book) int {
	n := 0
	for _, b := range books {
		for _, s := range b.sheets {
			for _, r := range s.rows {
				n += len(r)
			}
		}
	}
	return n
}

// WriteBooks writes each workbook's cells with excelize's plain API
// into dir: the same sheets, rows and values, nothing else.
func WriteBooks(dir string, books []Book) error {
	for _, b := range books {
		f := excelize.NewFile()
		for i, s := range b.sheets {
			var err error
			if i == 0 {
				err = f.SetSheetName("Sheet1", s.name)
			} else {
				_, err = f.NewSheet(s.name)
			}
			if err != nil {
				f.Close()
				return fmt.Errorf("bare %s: %w", b.name, err)
			}
			for n, row := range s.rows {
				cell, _ := excelize.CoordinatesToCellName(1, n+1)
				if err := f.SetSheetRow(s.name, cell, &row); err != nil {
					f.Close()
					return fmt.Errorf("bare %s %s: %w", b.name, s.name, err)
				}
			}
		}
		err := f.SaveAs(filepath.Join(dir, b.name))
		f.Close()
		if err != nil {
			return fmt.Errorf("bare %s: %w", b.name, err)
		}
	}
	return nil
}

// HazardLedger streams a hazard ledger's rows into a bare workbook: the
// same cells the report writes (its own fill), one SetRow per row, a new
// sheet at Excel's row limit as the report does, nothing else. It returns the
// cells written per row.
func HazardLedger(path, tmpDir string, l reports.Ledger[reports.HazardLedgerRow]) (int, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return 0, err
	}
	columns, fill, err := excel.HazardLedgerCells(f)
	if err != nil {
		return 0, err
	}
	return columns, writeLedger(path, f, sw, l, fill)
}

func writeLedger(path string, f *excelize.File, sw *excelize.StreamWriter, l reports.Ledger[reports.HazardLedgerRow], fill func(int64, *reports.HazardLedgerRow) []any) error {
	var n int64
	row, sheets := 0, 1
	for r, err := range l.Rows {
		if err != nil {
			return err
		}
		n++
		values := fill(n, &r)
		if row == excelize.TotalRows {
			if err := sw.Flush(); err != nil {
				return err
			}
			sheets++
			name := fmt.Sprintf("Sheet%d", sheets)
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
			if sw, err = f.NewStreamWriter(name); err != nil {
				return err
			}
			row = 0
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, values); err != nil {
			return fmt.Errorf("bare ledger row %d: %w", n, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.WriteTo(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
