package reports

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"zhengzhi"
)

// DataQuality is one bureau's data-quality report (数据质量问题清单): what its
// latest pull read and loaded per table, and every row set aside or loaded
// with a warning, with enough of the raw row for the clerk to fix it at the
// source.
type DataQuality struct {
	Meta   Meta
	Bureau zhengzhi.Unit
	Pull   QualityPull
	Tables []TableCounts
	Issues []DataIssue
}

// QualityPull is the bureau's latest pull; ID 0 means it was never pulled.
type QualityPull struct {
	ID         int64
	StartedAt  time.Time
	FinishedAt time.Time // zero while unfinished
	Outcome    string    // ok, refused, unreachable
	Error      string
}

// TableCounts is what one pull did with one contract table.
type TableCounts struct {
	Table    string
	Title    string // the table's Chinese name, 隐患台账
	Read     int64
	Loaded   int64
	Updated  int64
	Deleted  int64
	Rejected int64 // set aside (不予入库)
	Warnings int64
}

// DataIssue is one row set aside (Severity "reject") or loaded with a
// warning (Severity "warning").
type DataIssue struct {
	Table       string
	TableTitle  string
	RowID       string
	Severity    string
	Column      string
	ColumnTitle string // the column's Chinese name, 发现日期
	Value       string
	Reason      string
	Raw         string // the row's raw values as JSON
	// Enums are the enumerations of the table's enum columns, by column
	// name, so that enum values show with their Chinese labels.
	Enums map[string]zhengzhi.Enum
}

// Issue severities.
const (
	SeverityReject  = "reject"
	SeverityWarning = "warning"
)

// QualityContract is what a data-quality report needs of the bureau
// contract: the Chinese names of tables and columns, the tables' order, the
// enumerations of a table's enum columns and the columns that name a unit
// or an enterprise.
type QualityContract interface {
	TableTitle(table string) string
	ColumnTitle(table, column string) string
	// TableOrder sorts tables in the contract's order, unknown ones last by name.
	TableOrder(table string) string
	Enums(table string) map[string]zhengzhi.Enum
	UnitColumns(table string) []string
	// EnterpriseColumns are a table's references to an enterprise's id.
	EnterpriseColumns(table string) []string
	// ValueTitle is a stored value in Chinese (an enumeration's label), a
	// point in time on zone's wall clock.
	ValueTitle(table, column, value string, zone *time.Location) string
	// Plain is a stored reason with its columns and values named in Chinese alone.
	Plain(table, reason string) string
}

// QualitySource is what a bureau's data-quality report is built from, as
// stored: its latest pull and that pull's counts per table, and its open
// issues in the warehouse's order. Titles and enumerations are the builder's.
type QualitySource struct {
	Pull   QualityPull // ID 0: never pulled
	Tables []TableCounts
	Issues []DataIssue
}

// BuildDataQuality builds a bureau's data-quality report (数据质量问题清单):
// the counts per table in the contract's order with their Chinese names, and
// every open issue in table order with its table's and column's names and
// its table's enumerations. With scope a county of the bureau's city, only
// the issues whose row names that county (in one of its table's unit
// columns) are kept, as a county reads them; with scope the bureau, all.
// The workbook and the portal's page both read this one model.
func BuildDataQuality(meta Meta, bureau, scope zhengzhi.Unit, src QualitySource, c QualityContract) *DataQuality {
	q := &DataQuality{Meta: meta, Bureau: bureau, Pull: src.Pull}
	for _, t := range src.Tables {
		t.Title = c.TableTitle(t.Table)
		q.Tables = append(q.Tables, t)
	}
	slices.SortFunc(q.Tables, func(a, b TableCounts) int { return cmp.Compare(c.TableOrder(a.Table), c.TableOrder(b.Table)) })
	enums := map[string]map[string]zhengzhi.Enum{}
	for _, d := range src.Issues {
		if scope.Code != bureau.Code && !names(d, c.UnitColumns(d.Table), scope.Code) {
			continue
		}
		if _, ok := enums[d.Table]; !ok {
			enums[d.Table] = c.Enums(d.Table)
		}
		d.TableTitle, d.ColumnTitle, d.Enums = c.TableTitle(d.Table), c.ColumnTitle(d.Table, d.Column), enums[d.Table]
		q.Issues = append(q.Issues, d)
	}
	// The contract's table order, then row and column as the warehouse gave them.
	slices.SortStableFunc(q.Issues, func(a, b DataIssue) int { return cmp.Compare(c.TableOrder(a.Table), c.TableOrder(b.Table)) })
	return q
}

// names reports whether an issue's row names a unit in one of the columns.
func names(d DataIssue, columns []string, code string) bool {
	var raw map[string]any
	if json.Unmarshal([]byte(d.Raw), &raw) != nil {
		return false
	}
	for _, col := range columns {
		if v, ok := raw[col].(string); ok && v == code {
			return true
		}
	}
	return false
}
