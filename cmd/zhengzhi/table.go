package main

import (
	"encoding/csv"
	"io"
	"strings"

	"zhengzhi/reports/cjk"
)

// table is a grid of cells printed with aligned columns on a terminal, where
// a Chinese character takes two columns (text/tabwriter counts it as one and
// misaligns every Chinese header).
type table struct {
	rows [][]string
	// right aligns the columns with these indexes to the right (numbers).
	right map[int]bool
}

// newTable starts a table with its header row.
func newTable(header ...string) *table {
	return &table{rows: [][]string{header}, right: map[int]bool{}}
}

// alignRight aligns the given columns to the right.
func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

// add appends a row.
func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the table, two spaces between columns.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cjk.Columns(cell))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		var line strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-cjk.Columns(cell))
			if t.right[i] {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
			line.WriteString("  ")
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// bom starts every CSV zhengzhi writes: Excel on a Chinese Windows desktop
// reads a CSV without it as GBK and garbles every Chinese cell.
const bom = "\uFEFF"

// writeCSV prints the table as CSV, header first, after a UTF-8 BOM.
func (t *table) writeCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(t.rows); err != nil {
		return err
	}
	return cw.Error()
}
