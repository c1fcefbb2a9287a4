package warehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhengzhi/sqldb"
)

// Statement is one confirmed upload (填报) of a unit: the workbook as it came,
// who uploaded it and when. The newest statement of a unit is its current one.
type Statement struct {
	ID         int64
	Unit       string
	SHA256     string
	UploadedBy string
	UploadedAt time.Time
	FileName   string
}

// StatementRow is one row of a statement in the contract's shape: every
// column of the table as text, nil for an empty cell, updated_at and deleted
// included; Sheet and SheetRow say where the clerk sees it (row 0 for a
// withdrawn row carried from an earlier statement).
type StatementRow struct {
	Table    string
	Sheet    string
	SheetRow int
	Values   []*string
}

// ErrNoStatement is returned for a unit that has never confirmed an upload.
var ErrNoStatement = errors.New("no statement")

// SaveStatement stores a confirmed statement with its rows in one
// transaction and returns its id; from then on it is the unit's current one.
func (w *Warehouse) SaveStatement(ctx context.Context, s Statement, workbook []byte, rows []StatementRow) (int64, error) {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store the statement of %s: %w", s.Unit, err)
	}
	defer tx.Rollback()
	q := `INSERT INTO upload_statements (unit, sha256, uploaded_by, uploaded_at, file_name, workbook) VALUES (?, ?, ?, ?, ?, ?)`
	args := []any{s.Unit, s.SHA256, s.UploadedBy, instant(s.UploadedAt), s.FileName, workbook}
	id, err := sqldb.InsertID(ctx, w.db.Dialect, tx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store the statement of %s: %w", s.Unit, err)
	}
	// Rows go in by multi-row INSERTs of statementChunk rows.
	const statementChunk = 200
	seq := map[string]int{}
	for len(rows) > 0 {
		part := rows[:min(len(rows), statementChunk)]
		rows = rows[len(part):]
		args = args[:0]
		for _, r := range part {
			values, err := json.Marshal(r.Values)
			if err != nil {
				return 0, err
			}
			seq[r.Table]++
			args = append(args, id, r.Table, seq[r.Table], r.Sheet, r.SheetRow, string(values))
		}
		ins := `INSERT INTO upload_rows (statement_id, table_name, seq, sheet, sheet_row, row_values) VALUES (?, ?, ?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, len(part)-1)
		if _, err := tx.ExecContext(ctx, tx.Rebind(ins), args...); err != nil {
			return 0, fmt.Errorf("store the rows of the statement of %s: %w", s.Unit, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store the statement of %s: %w", s.Unit, err)
	}
	return id, nil
}

// Statements lists a unit's statements, newest first.
func (w *Warehouse) Statements(ctx context.Context, unit string) ([]Statement, error) {
	rows, err := w.db.QueryContext(ctx, w.db.Rebind(`SELECT id, unit, sha256, uploaded_by, uploaded_at, file_name
		FROM upload_statements WHERE unit = ? ORDER BY id DESC`), unit)
	if err != nil {
		return nil, fmt.Errorf("read the statements of %s: %w", unit, err)
	}
	defer rows.Close()
	var out []Statement
	for rows.Next() {
		var s Statement
		if err := rows.Scan(&s.ID, &s.Unit, &s.SHA256, &s.UploadedBy, &s.UploadedAt, &s.FileName); err != nil {
			return nil, fmt.Errorf("read the statements of %s: %w", unit, err)
		}
		s.UploadedAt = s.UploadedAt.UTC()
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the statements of %s: %w", unit, err)
	}
	return out, nil
}

// CurrentStatement is a unit's newest statement with its rows in table and
// sheet order; ErrNoStatement when it has none.
func (w *Warehouse) CurrentStatement(ctx context.Context, unit string) (Statement, []StatementRow, error) {
	all, err := w.Statements(ctx, unit)
	if err != nil {
		return Statement{}, nil, err
	}
	if len(all) == 0 {
		return Statement{}, nil, ErrNoStatement
	}
	s := all[0]
	rows, err := w.db.QueryContext(ctx, w.db.Rebind(`SELECT table_name, sheet, sheet_row, row_values
		FROM upload_rows WHERE statement_id = ? ORDER BY table_name, seq`), s.ID)
	if err != nil {
		return s, nil, fmt.Errorf("read the statement of %s: %w", unit, err)
	}
	defer rows.Close()
	var out []StatementRow
	for rows.Next() {
		var r StatementRow
		var values string
		if err := rows.Scan(&r.Table, &r.Sheet, &r.SheetRow, &values); err != nil {
			return s, nil, fmt.Errorf("read the statement of %s: %w", unit, err)
		}
		if err := json.Unmarshal([]byte(values), &r.Values); err != nil {
			return s, nil, fmt.Errorf("read the statement of %s: %w", unit, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return s, nil, fmt.Errorf("read the statement of %s: %w", unit, err)
	}
	return s, out, nil
}

// StatementWorkbook is a stored statement's workbook as it was uploaded.
func (w *Warehouse) StatementWorkbook(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	if err := w.db.GetContext(ctx, &b, w.db.Rebind(`SELECT workbook FROM upload_statements WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("read statement %d: %w", id, err)
	}
	return b, nil
}

// About names the rows of a contract table that speak of a unit: those whose
// Column holds its code, or, when Via is set, those whose Via column names an
// enterprise of the same bureau whose county_code is the unit.
type About struct {
	Column string
	Via    string
}

// RowsAbout lists the rows in force (deleted = 0) of any bureau that speak of
// a unit, columns as asked (each cell as the driver returns it), ordered by
// bureau and id, so that the same warehouse lists them alike.
func (w *Warehouse) RowsAbout(ctx context.Context, table string, columns []string, about About, unit string) ([][]any, error) {
	cols := make([]string, len(columns))
	for i, c := range columns {
		cols[i] = "t." + c
	}
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + table + ` t`
	if about.Via != "" {
		q += ` JOIN enterprises e ON e.bureau = t.bureau AND e.id = t.` + about.Via + ` WHERE e.county_code = ?`
	} else {
		q += ` WHERE t.` + about.Column + ` = ?`
	}
	q += ` AND t.deleted = 0 ORDER BY t.bureau, t.id`
	rows, err := w.db.QueryContext(ctx, w.db.Rebind(q), unit)
	if err != nil {
		return nil, fmt.Errorf("read the %s rows of %s: %w", table, unit, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		raw := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read the %s rows of %s: %w", table, unit, err)
		}
		out = append(out, raw)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the %s rows of %s: %w", table, unit, err)
	}
	return out, nil
}
