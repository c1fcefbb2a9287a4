package bench

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
)

// bareBook is a written workbook's cell values, read back so that the raw
// baseline writes exactly the same cells.
type bareBook struct {
	name   string
	sheets []bareSheet
}

type bareSheet struct {
	name string
	rows [][]string
}

// readWorkbooks reads the cell values of workbooks (formulas as their cached
// value, which the reports leave empty: the reader recalculates on load).
func readWorkbooks(paths []string) ([]bareBook, error) {
	var out []bareBook
	for _, p := range paths {
		f, err := excelize.OpenFile(p)
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", filepath.Base(p), err)
		}
		b := bareBook{name: filepath.Base(p)}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("read back %s %s: %w", b.name, sheet, err)
			}
			b.sheets = append(b.sheets, bareSheet{name: sheet, rows: rows})
		}
		f.Close()
		out = append(out, b)
	}
	return out, nil
}

// cellCount is the number of cells of the workbooks.
func cellCount(books []bareBook) int {
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

// writeBareWorkbooks writes each workbook's cells with excelize's plain API
// into dir: the same sheets, rows and values, nothing else.
func writeBareWorkbooks(dir string, books []bareBook) error {
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

// hazardCells are the hazard ledger's columns as the report fills them:
// the same values, labels translated, in the same order.
var hazardCells = []func(n int64, r *reports.HazardLedgerRow) any{
	func(n int64, _ *reports.HazardLedgerRow) any { return n },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.CityName },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.CountyName },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.Enterprise },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.USCC },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.Categories.Label(r.Category) },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.ID },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.HazardSources.Label(r.Source) },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.FoundOn },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.Severities.Label(r.Severity) },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.Description },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.Deadline },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.HazardStatuses.Label(r.Status) },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.RectifiedOn },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.VerifiedOn },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.Enforcements.Label(r.Enforcement) },
	func(_ int64, r *reports.HazardLedgerRow) any { return zhengzhi.LicenseActions.Label(r.LicenseAction) },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.Overdue },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.DaysOverdue },
	func(_ int64, r *reports.HazardLedgerRow) any { return r.Bureau },
}

// bareLedger streams a ledger's rows into a bare workbook: the same cells the
// report writes, one SetRow per row, a new sheet at Excel's row limit as the
// report does, nothing else.
func bareLedger(path, tmpDir string, l reports.Ledger[reports.HazardLedgerRow]) error {
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cells := make([]any, len(hazardCells))
	var n int64
	row, sheets := 0, 1
	for r, err := range l.Rows {
		if err != nil {
			return err
		}
		n++
		for i, c := range hazardCells {
			cells[i] = c(n, &r)
		}
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
		if err := sw.SetRow(cell, cells); err != nil {
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
