package warehouse

import (
	"context"
	"database/sql"
	"fmt"
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
}

// DataIssues lists the open issues of one bureau ("" = all bureaus), sorted by
// bureau, table, row, severity and column.
func (w *Warehouse) DataIssues(ctx context.Context, unit string) ([]DataIssue, error) {
	q := `SELECT bureau, table_name, row_id, severity, column_name, value, reason, raw, row_updated_at, pull_id
		FROM data_issues`
	var args []any
	if unit != "" {
		q += ` WHERE bureau = ?`
		args = append(args, unit)
	}
	q += ` ORDER BY bureau, table_name, row_id, severity, column_name`
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
		if err := rows.Scan(&d.Bureau, &d.Table, &d.RowID, &d.Severity, &d.Column, &value, &d.Reason, &raw, &at, &d.PullID); err != nil {
			return nil, fmt.Errorf("read data issues: %w", err)
		}
		d.Value, d.Raw, d.RowUpdatedAt = value.String, raw.String, at.Time.UTC()
		if !at.Valid {
			d.RowUpdatedAt = time.Time{}
		}
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
func (l *Load) IssueMarks(ctx context.Context, table string) (map[string]IssueMark, error) {
	rows, err := l.q.QueryContext(ctx, l.q.Rebind(`SELECT row_id, severity, row_updated_at FROM data_issues
		WHERE bureau = ? AND table_name = ?`), l.Bureau, table)
	if err != nil {
		return nil, fmt.Errorf("read issues of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[string]IssueMark{}
	for rows.Next() {
		var id, severity string
		var at sql.NullTime
		if err := rows.Scan(&id, &severity, &at); err != nil {
			return nil, fmt.Errorf("read issues of %s: %w", table, err)
		}
		m := out[id]
		if severity == "reject" {
			m.Rejected = true
			if at.Valid {
				m.RejectedAt = at.Time.UTC()
			}
		}
		out[id] = m
	}
	return out, rows.Err()
}

// ClearIssues forgets the issues of one row, because a newer version of it arrived.
func (l *Load) ClearIssues(ctx context.Context, table, id string) error {
	if _, err := l.q.ExecContext(ctx, l.q.Rebind(`DELETE FROM data_issues WHERE bureau = ? AND table_name = ? AND row_id = ?`),
		l.Bureau, table, id); err != nil {
		return fmt.Errorf("clear issues of %s %s: %w", table, id, err)
	}
	return nil
}

// AddIssues records issues found in this pull; the rows' earlier issues must
// have been cleared. Issues of one row, severity and column are one record,
// their reasons joined.
func (l *Load) AddIssues(ctx context.Context, issues []DataIssue) error {
	q := `INSERT INTO data_issues (bureau, table_name, row_id, severity, column_name, value, reason, raw, row_updated_at, pull_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// Two source rows can only share an issue key when their ids are broken
	// alike (cut to the key's length); the first one is kept.
	if l.dialect == sqldb.MySQL {
		q += ` ON DUPLICATE KEY UPDATE reason = reason`
	} else {
		q += ` ON CONFLICT DO NOTHING`
	}
	for _, d := range mergeIssues(issues) {
		var at any
		if !d.RowUpdatedAt.IsZero() {
			at = d.RowUpdatedAt.UTC()
		}
		if _, err := l.q.ExecContext(ctx, l.q.Rebind(q),
			l.Bureau, d.Table, d.RowID, d.Severity, d.Column, d.Value, d.Reason, nullString(d.Raw), at, l.PullID); err != nil {
			return fmt.Errorf("record issue of %s %s %s: %w", d.Table, d.RowID, d.Column, err)
		}
	}
	return nil
}

// mergeIssues joins the reasons of issues that share a row, severity and
// column, which the data_issues key holds once.
func mergeIssues(issues []DataIssue) []DataIssue {
	type key struct{ table, row, severity, column string }
	at := map[key]int{}
	out := make([]DataIssue, 0, len(issues))
	for _, d := range issues {
		k := key{d.Table, d.RowID, d.Severity, d.Column}
		if i, ok := at[k]; ok {
			out[i].Reason += "；" + d.Reason
			continue
		}
		at[k] = len(out)
		out = append(out, d)
	}
	return out
}
