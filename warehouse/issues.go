package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"zhengzhi/sqldb"
)

// DataIssue is a problem found in one bureau row: a reject keeps the row out
// of the warehouse, a warning loads it. It stays until the bureau changes the row.
type DataIssue struct {
	Bureau   string `db:"bureau"`
	Table    string `db:"table_name"`
	RowID    string `db:"row_id"`
	Severity string `db:"severity"` // reject | warning
	Column   string `db:"column_name"`
	Value    string `db:"value"`
	Reason   string `db:"reason"`
	// Raw is the whole source row as JSON, column → value as text (null for NULL).
	Raw string `db:"raw"`
	// RowUpdatedAt is the source row's updated_at the issue was found in; zero if unreadable.
	RowUpdatedAt time.Time `db:"row_updated_at"`
	PullID       int64     `db:"pull_id"`
	// RowCopy tells apart rows that share a RowID because they have no id of
	// their own to be known by (see RowKey); "" for a row known by its id.
	RowCopy string `db:"row_copy"`
	// KeptVersion marks a rejected row whose earlier good version stays
	// loaded; its reason then ends with KeptVersionNote.
	KeptVersion bool `db:"kept_version"`
	// About is the unit a set-aside row speaks of when that is not its
	// bureau: a city's row about a county that reports by itself, listed in
	// the county's data-quality list too. "" otherwise.
	About string `db:"about_unit"`
}

// KeptVersionNote ends the reason of a rejected row whose earlier version
// stays loaded, so that every list showing the reason says so.
const KeptVersionNote = "（此前版本仍保留在库中）"

// RowKey names a source row in data_issues: its id, and for a row without an
// id of its own to be known by — none, blank, too long to keep, with white
// space around it, or shared with other rows — a Copy that tells it apart
// (ingest derives it from the row's values).
type RowKey struct {
	ID   string
	Copy string
}

// DataIssues lists the open issues of one bureau ("" = all bureaus) and those
// of other bureaus' rows about it (About), sorted by bureau, table, row,
// severity and column.
func (w *Warehouse) DataIssues(ctx context.Context, unit string) ([]DataIssue, error) {
	q := `SELECT bureau, table_name, row_id, row_copy, severity, column_name, value, reason, raw, row_updated_at, pull_id, kept_version, about_unit
		FROM data_issues`
	var args []any
	if unit != "" {
		q += ` WHERE bureau = ? OR about_unit = ?`
		args = append(args, unit, unit)
	}
	q += ` ORDER BY bureau, table_name, row_id, row_copy, severity, column_name`
	rows, err := w.db.QueryxContext(ctx, w.db.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read data issues: %w", err)
	}
	defer rows.Close()
	var out []DataIssue
	for rows.Next() {
		var d DataIssue
		var value, raw sql.NullString
		var at sql.NullTime
		var kept int64
		if err := rows.Scan(&d.Bureau, &d.Table, &d.RowID, &d.RowCopy, &d.Severity, &d.Column, &value, &d.Reason, &raw, &at, &d.PullID, &kept, &d.About); err != nil {
			return nil, fmt.Errorf("read data issues: %w", err)
		}
		d.Value, d.Raw, d.RowUpdatedAt, d.KeptVersion = value.String, raw.String, nullTime(at), kept == 1
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read data issues: %w", err)
	}
	return out, nil
}

// IssueMark is what the warehouse remembers of a source row with open issues.
type IssueMark struct {
	// RejectedAt is the updated_at of the version that was set aside; zero
	// when the row only has warnings or its updated_at was unreadable.
	RejectedAt time.Time
	Rejected   bool
}

// IssueMarks lists the rows of one table of the load's bureau that have open issues.
func (l *Load) IssueMarks(ctx context.Context, table string) (map[RowKey]IssueMark, error) {
	rows, err := l.q.QueryContext(ctx, l.q.Rebind(`SELECT row_id, row_copy, severity, row_updated_at FROM data_issues
		WHERE bureau = ? AND table_name = ?`), l.Bureau, table)
	if err != nil {
		return nil, fmt.Errorf("read issues of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[RowKey]IssueMark{}
	for rows.Next() {
		var k RowKey
		var severity string
		var at sql.NullTime
		if err := rows.Scan(&k.ID, &k.Copy, &severity, &at); err != nil {
			return nil, fmt.Errorf("read issues of %s: %w", table, err)
		}
		m := out[k]
		if severity == "reject" {
			m.Rejected = true
			if at.Valid {
				m.RejectedAt = at.Time.UTC()
			}
		}
		out[k] = m
	}
	return out, rows.Err()
}

// keysPerClear is the number of rows one ClearIssues statement names.
const keysPerClear = 500

// ClearIssues forgets the issues of rows of one table, because newer versions
// of them arrived or the rows are gone: one DELETE per keysPerClear rows,
// naming them by row value (every engine finds each by the primary key).
func (l *Load) ClearIssues(ctx context.Context, table string, rows []RowKey) error {
	head := `DELETE FROM data_issues WHERE bureau = ? AND table_name = ? AND (row_id, row_copy) IN ((?, ?)`
	statement := func(n int) string { return l.q.Rebind(head + strings.Repeat(", (?, ?)", n-1) + `)`) }
	args := make([]any, 0, 2+2*keysPerClear)
	for len(rows) > 0 {
		n := min(len(rows), keysPerClear)
		args = append(args[:0], l.Bureau, table)
		for _, k := range rows[:n] {
			args = append(args, k.ID, k.Copy)
		}
		if err := l.execMany(ctx, statement(n), n == keysPerClear, args); err != nil {
			return fmt.Errorf("clear issues of %d %s rows: %w", n, table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// issueColumns are the columns AddIssues writes, bureau first and pull_id
// last as insertRows and copyRows add them.
var issueColumns = []string{"bureau", "table_name", "row_id", "row_copy", "severity", "column_name",
	"value", "reason", "raw", "row_updated_at", "kept_version", "about_unit", "pull_id"}

// AddIssues records issues found in this pull, by COPY on PostgreSQL and by
// multi-row INSERTs elsewhere; the rows' earlier issues must have been cleared. Issues of one row, severity and
// column are one record, their reasons joined. Values must be storable: valid
// UTF-8 without NUL, and short enough for any engine's statement (ingest
// clips them).
func (l *Load) AddIssues(ctx context.Context, issues []DataIssue) error {
	merged := mergeIssues(issues)
	if len(merged) == 0 {
		return nil
	}
	rows := make([][]any, len(merged))
	for i, d := range merged {
		var at any
		if !d.RowUpdatedAt.IsZero() {
			at = d.RowUpdatedAt.UTC()
		}
		kept := 0
		if d.KeptVersion {
			kept = 1
			d.Reason += KeptVersionNote
		}
		rows[i] = []any{d.Table, d.RowID, d.RowCopy, d.Severity, d.Column, d.Value, d.Reason, nullString(d.Raw), at, kept, d.About}
	}
	var err error
	if l.dialect == sqldb.Postgres {
		err = l.copyRows(ctx, "data_issues", issueColumns, rows)
	} else {
		err = l.insertRows(ctx, "data_issues", issueColumns, rows, "")
	}
	if err != nil {
		return fmt.Errorf("record %d issues of %s: %w", len(rows), l.Bureau, err)
	}
	return nil
}

// mergeIssues joins the reasons of issues that share a row, severity and
// column, which the data_issues key holds once.
func mergeIssues(issues []DataIssue) []DataIssue {
	type key struct{ table, row, copy, severity, column string }
	at := map[key]int{}
	out := make([]DataIssue, 0, len(issues))
	for _, d := range issues {
		k := key{d.Table, d.RowID, d.RowCopy, d.Severity, d.Column}
		if i, ok := at[k]; ok {
			out[i].Reason += "；" + d.Reason
			continue
		}
		at[k] = len(out)
		out = append(out, d)
	}
	return out
}

// EnterpriseCounties maps the ids, of those asked, of a bureau's enterprises
// the warehouse holds to their county code: the data-quality list names the
// county of a set-aside row that refers to an enterprise by it.
func (w *Warehouse) EnterpriseCounties(ctx context.Context, bureau string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	const chunk = 500 // bound the IN list
	for start := 0; start < len(ids); start += chunk {
		q, args, err := w.bind(`SELECT id, county_code FROM enterprises WHERE bureau = :bureau AND id IN (:ids)`,
			map[string]any{"bureau": bureau, "ids": ids[start:min(start+chunk, len(ids))]})
		if err != nil {
			return nil, fmt.Errorf("read the counties of enterprises: %w", err)
		}
		rows, err := w.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("read the counties of enterprises: %w", err)
		}
		for rows.Next() {
			var id, county string
			if err := rows.Scan(&id, &county); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read the counties of enterprises: %w", err)
			}
			out[id] = county
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("read the counties of enterprises: %w", err)
		}
	}
	return out, nil
}
