package reports

import (
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
