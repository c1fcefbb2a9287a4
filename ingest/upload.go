package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// An upload source (Source.Upload) is a unit that reports by workbook (填报,
// see the upload package): its current statement, stored in the warehouse
// when a clerk confirmed it, is written into a scratch SQLite database in
// the contract's shape and pulled from there like any bureau database —
// the same checks, watermarks and set-aside list — so that nothing
// downstream can tell its rows from pulled ones. Each row's place in the
// workbook (sheet and row) is remembered by the row's fingerprint, and the
// reasons of a set-aside row begin with it, the place the clerk sees.

// statementSource writes the unit's current statement into a scratch SQLite
// file and returns its DSN, where each row stood in the workbook (by the
// source row's fingerprint) and a function removing the file. A unit that
// has not confirmed a statement yet gives an empty database: nothing to load.
func statementSource(ctx context.Context, w *warehouse.Warehouse, unit string) (string, map[uint64]string, func(), error) {
	_, rows, err := w.CurrentStatement(ctx, unit)
	if err != nil && !errors.Is(err, warehouse.ErrNoStatement) {
		return "", nil, nil, err
	}
	dir, err := os.MkdirTemp("", "zhengzhi-upload-")
	if err != nil {
		return "", nil, nil, fmt.Errorf("scratch database of %s: %w", unit, err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	dsn := "sqlite:" + filepath.Join(dir, unit+".db")
	where, err := writeStatement(ctx, dsn, rows)
	if err != nil {
		cleanup()
		return "", nil, nil, fmt.Errorf("scratch database of %s: %w", unit, err)
	}
	return dsn, where, cleanup, nil
}

// writeStatement creates the contract's tables, every column as text and
// without keys (so that ids a clerk repeated are found as in any database
// without a key), and inserts the statement's rows.
func writeStatement(ctx context.Context, dsn string, rows []warehouse.StatementRow) (map[uint64]string, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	inserts := map[string]string{}
	widths := map[string]int{}
	for _, t := range contract.Tables() {
		names := t.ColumnNames()
		if _, err := tx.ExecContext(ctx, `CREATE TABLE `+t.Name+` (`+strings.Join(names, " TEXT, ")+` TEXT)`); err != nil {
			return nil, err
		}
		inserts[t.Name] = `INSERT INTO ` + t.Name + ` VALUES (?` + strings.Repeat(", ?", len(names)-1) + `)`
		widths[t.Name] = len(names)
	}
	where := map[uint64]string{}
	for _, r := range rows {
		n, ok := widths[r.Table]
		if !ok || len(r.Values) != n {
			return nil, fmt.Errorf("statement row of %s has %d values, want %d", r.Table, len(r.Values), n)
		}
		raw := make([]any, n)
		for i, v := range r.Values {
			if v != nil {
				raw[i] = *v
			}
		}
		if _, err := tx.ExecContext(ctx, inserts[r.Table], raw...); err != nil {
			return nil, err
		}
		if r.SheetRow > 0 {
			where[rowHash(raw)] = "工作表“" + r.Sheet + "”第 " + strconv.Itoa(r.SheetRow) + " 行"
		}
	}
	return where, tx.Commit()
}

// cededCounties lists, for each city among the sources, its counties that
// have a source of their own: the city's rows about them are set aside.
func cededCounties(reg *zhengzhi.Registry, sources []Source, unit string) map[string]bool {
	out := map[string]bool{}
	for _, s := range sources {
		if city, ok := reg.CityOf(s.Unit); ok && city != s.Unit && city == unit {
			out[s.Unit] = true
		}
	}
	return out
}

// cededEnterprises maps the ids of the source's enterprises in ceded
// counties to their county.
func cededEnterprises(ctx context.Context, src *sqldb.DB, ceded map[string]bool) (map[string]string, error) {
	rows, err := src.QueryContext(ctx, `SELECT id, county_code FROM enterprises`)
	if err != nil {
		return nil, sourceError{err}
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, county any
		if err := rows.Scan(&id, &county); err != nil {
			return nil, sourceError{err}
		}
		i, _ := contract.RawString(id)
		c, _ := contract.RawString(county)
		if ceded[c] {
			out[i] = c
		}
	}
	if err := rows.Err(); err != nil {
		return nil, sourceError{err}
	}
	return out, nil
}
