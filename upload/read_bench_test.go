package upload

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhengzhi/contract"
)

// benchRows is the size of the workbook the benchmarks read.
const benchRows = 50000

// benchWorkbook is a hazards sheet of benchRows rows laid out as the template
// lays it out (headers, hidden names, data from row 3), written once.
var benchWorkbook = func() func(b *testing.B) []byte {
	var book []byte
	return func(b *testing.B) []byte {
		if book != nil {
			return book
		}
		t, _ := contract.Lookup("hazards")
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetName("Sheet1", t.Title)
		sw, err := f.NewStreamWriter(t.Title)
		if err != nil {
			b.Fatal(err)
		}
		cols := sheetColumns(t)
		titles, names := make([]any, len(cols)), make([]any, len(cols))
		for i, c := range cols {
			titles[i], names[i] = c.Title, c.Name
		}
		sw.SetRow("A1", titles)
		sw.SetRow("A2", names)
		for r := 0; r < benchRows; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r+firstDataRow)
			if err := sw.SetRow(cell, []any{fmt.Sprintf("H-%06d", r), fmt.Sprintf("E-%04d", r%5000), "screening",
				46000 + r%200, "general", "隐患描述第" + fmt.Sprint(r) + "条", 46300, "rectified", 46100, nil, "none", "none"}); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if err := f.Write(&out); err != nil {
			b.Fatal(err)
		}
		book = out.Bytes()
		return book
	}
}()

// BenchmarkExcelizeRows is the yardstick: excelize's own row iterator
// reading every cell of the 50,000-row workbook.
func BenchmarkExcelizeRows(b *testing.B) {
	book := benchWorkbook(b)
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("隐患台账")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			cells, err := rows.Columns()
			if err != nil {
				b.Fatal(err)
			}
			n += len(cells)
		}
		rows.Close()
		f.Close()
		if n == 0 {
			b.Fatal("no cells")
		}
	}
}

// BenchmarkReadWorkbook reads the same workbook as an upload does — the
// streaming reader (formulas and merged cells watched) and the sheet's rows
// taken as text by the contract's columns, dates converted — and should
// stay within twice BenchmarkExcelizeRows.
func BenchmarkReadWorkbook(b *testing.B) {
	book := benchWorkbook(b)
	t, _ := contract.Lookup("hazards")
	b.ResetTimer()
	for b.Loop() {
		wb, err := readWorkbook(book, nil)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := sheetRows(t, wb.sheets[t.Title], "0123456789abcdef")
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != benchRows {
			b.Fatalf("read %d rows, want %d", len(rows), benchRows)
		}
	}
}
