// Package upload is 填报: a bureau without a campaign database reports
// through a workbook. Template writes the unit's workbook — one sheet per
// contract table it reports, prefilled with the rows the warehouse holds for
// it — and Submit reads a filled one back with the contract's own row checks
// and either previews what it would change or stores it as the unit's
// current statement (a full statement of its rows), which the next ingest
// pulls like a bureau database (see ingest's upload source).
//
// A workbook is read by this package's own streaming reader (read.go), not
// through excelize, so that formulas, merged cells and the uncompressed size
// are seen in the one pass that reads the values.
package upload

import (
	"strings"

	"zhengzhi"
	"zhengzhi/contract"
)

// TemplateVersion names the layout of the workbook: a workbook of another
// version is refused whole, since its columns may mean other things.
const TemplateVersion = "zhengzhi-填报-1"

// Sheet names of the template besides the tables' (their Chinese titles).
const (
	instructionsSheet = "填报说明"
	listsSheet        = "名录"
	metaSheet         = "模板信息"
)

// firstDataRow is the first row of data on a table's sheet: row 1 holds the
// Chinese headers, row 2 (hidden) the contract's column names.
const firstDataRow = 3

// TablesOf lists the contract tables a unit reports, in load order: every
// table, but a county has no supervision visits (督查 is its city's work,
// done to it).
func TablesOf(reg *zhengzhi.Registry, unit string) []*contract.Table {
	u, _ := reg.Unit(unit)
	var out []*contract.Table
	for _, t := range contract.Tables() {
		if u.Level == zhengzhi.LevelCounty && t.Name == "supervision_visits" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// sheetColumns are the columns of a table the clerk fills: all but
// updated_at and deleted, which the statement sets (a row is withdrawn by
// taking it out of the workbook).
func sheetColumns(t *contract.Table) []contract.Column {
	return t.Columns[:len(t.Columns)-2]
}

// Refusal is a workbook refused whole: nothing of it is stored. Reason is
// for the clerk, in Chinese.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: sprintf(format, args...)}
}

// A workbook shows an enumerated column by its Chinese labels — the
// drop-down offers 一般隐患, not general — and reading it back turns a label
// into the contract's value; the value itself is still read as written, so
// that a workbook filled by a program that writes the contract's values
// reads alike.

// enumLabels are an enumeration's labels in its order: what a drop-down offers.
func enumLabels(e zhengzhi.Enum) []string {
	out := make([]string, len(e.Values))
	for i, v := range e.Values {
		out[i] = e.Label(v)
	}
	return out
}

// enumValue is the contract's value a cell of an enumerated column stands
// for: the value whose label it is, or the text as written.
func enumValue(e zhengzhi.Enum, text string) string {
	for _, v := range e.Values {
		if e.Labels[v] == strings.TrimSpace(text) {
			return v
		}
	}
	return text
}
