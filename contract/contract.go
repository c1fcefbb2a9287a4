// Package contract describes the bureau data contract (数据报送标准 v1): the
// twelve tables every bureau database holds, their columns and what a value
// of each column must look like, and checks one raw row against it. A row
// either comes out clean and typed, ready for the warehouse, or with the
// problems a clerk must fix at the source, each named in Chinese with its
// column and value.
package contract

import (
	"time"

	"zhengzhi"
)

// Kind is what a column holds and therefore how its value is read and checked.
type Kind int

// The column kinds of the contract.
const (
	// Text is free text; a required text must not be blank.
	Text Kind = iota + 1
	// UnitCode is a 6-digit unit code of the registry (province, city or county).
	UnitCode
	// CountyCode is a 6-digit code that must name a county of the registry.
	CountyCode
	// USCC is a unified social credit code (统一社会信用代码, GB 32100-2015).
	USCC
	// Enum is one of the values of a contract enumeration.
	Enum
	// Date is a calendar date that may lie in the future (a deadline).
	Date
	// EventDate is the date something happened: it may not lie after the pull's date.
	EventDate
	// Timestamp is a point in time (updated_at).
	Timestamp
	// Flag is 0 or 1.
	Flag
	// Int is a whole number not below the column's Min.
	Int
)

// Column is one column of a contract table.
type Column struct {
	Name     string
	Title    string // Chinese name a clerk knows the column by, e.g. 发现日期
	Kind     Kind
	Nullable bool
	// Enum lists the allowed values of an Enum column.
	Enum zhengzhi.Enum
	// MaxLen is the longest text, in characters, the warehouse can store (0 = unlimited).
	MaxLen int
	// Min is the smallest allowed value of an Int column.
	Min int64
	// Enterprise marks a reference to enterprises.id of the same bureau's data.
	Enterprise bool
	// Identifier marks a row id or a reference to one: compared exactly,
	// so it may not begin or end with white space.
	Identifier bool
}

// Label is how reasons name the column: its Chinese title with the column name, 发现日期(found_on).
func (c *Column) Label() string { return c.Title + "(" + c.Name + ")" }

// Table is one contract table. Columns start with id and end with
// updated_at and deleted, in the order rows are read and loaded.
type Table struct {
	Name    string
	Title   string
	Columns []Column
	rules   []rule
	index   map[string]int
}

// ColumnNames lists the table's column names in order.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// Index is the position of a column, or -1.
func (t *Table) Index(name string) int {
	if i, ok := t.index[name]; ok {
		return i
	}
	return -1
}

// Severity tells whether a problem keeps the row out of the warehouse.
type Severity string

// The severities of a problem.
const (
	// Reject keeps the row aside until the bureau fixes it.
	Reject Severity = "reject"
	// Warning loads the row but lists the doubtful value in the data-quality report.
	Warning Severity = "warning"
)

// Problem is one thing wrong with a row.
type Problem struct {
	Column   string
	Value    string // the raw value as read, "" for NULL
	Severity Severity
	Reason   string // Chinese, names the column and the value
}

// Scope is what a row is checked against besides its own values.
type Scope struct {
	Registry *zhengzhi.Registry
	// Bureau is the unit whose database the row comes from: the province
	// office may speak of any unit, a city bureau only of its city and counties.
	Bureau string
	// Today is the pull's date: event dates after it are rejected.
	Today zhengzhi.Date
	// Now is the pull's moment: an updated_at later than Now plus
	// FutureTolerance is rejected. Zero skips that check.
	Now time.Time
	// Zone is the bureau's wall clock: a timestamp written as text without a
	// zone is a time there. Nil is UTC.
	Zone *time.Location
	// Enterprise reports whether an enterprise id exists in the bureau's data;
	// nil means none does.
	Enterprise func(id string) bool
	// Ceded reports whether a county reports by itself (its own source), so
	// that this bureau's rows about it are set aside with CededReason; nil
	// means none does. CededEnterprise maps the ids of the bureau's
	// enterprises in such counties to their county.
	Ceded           func(county string) bool
	CededEnterprise map[string]string
}

// FutureTolerance is how far a row's updated_at may lie after the pull's
// moment and still be taken as the clocks of two machines disagreeing. A
// later one is a breach of the contract — the row is set aside — because a
// watermark moved there would hide every later change of the table.
const FutureTolerance = 5 * time.Minute

// Result is a checked row.
type Result struct {
	ID string
	// UpdatedAt is the row's updated_at in UTC, to the microsecond; zero when
	// unreadable. It is kept when it lies too far in the future, though the
	// row is then rejected.
	UpdatedAt time.Time
	Deleted   bool
	// Row holds the typed values in column order — string, int64, zhengzhi.Date,
	// time.Time or nil — and is nil when the row is rejected.
	Row      []any
	Problems []Problem
	// About is the county a row set aside with CededReason speaks of; "" otherwise.
	About string
}

// Rejected reports whether the row must be kept aside.
func (r *Result) Rejected() bool { return r.Row == nil }
