package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// openSource opens a bureau database read-only: ingest never writes to a
// bureau's database, and needs no more than the right to read it (see
// sqldb.OpenReadOnly). A SQLite file that is not there is unreachable.
func openSource(ctx context.Context, dsn string) (*sqldb.DB, error) {
	db, err := sqldb.OpenReadOnly(ctx, dsn)
	if err != nil {
		return nil, sourceError{err}
	}
	return db, nil
}

// sourceColumns are the columns of a source database with their declared types.
type sourceColumns map[string]map[string]string // table → column → declared type, lower case

// readSchema lists the columns of the contract's tables in a source database.
func readSchema(ctx context.Context, db *sqldb.DB) (sourceColumns, error) {
	out := sourceColumns{}
	add := func(table, column, typ string) {
		table, column = strings.ToLower(table), strings.ToLower(column)
		if out[table] == nil {
			out[table] = map[string]string{}
		}
		out[table][column] = strings.ToLower(typ)
	}
	switch db.Dialect {
	case sqldb.SQLite:
		for _, t := range contract.Tables() {
			rows, err := db.QueryContext(ctx, `SELECT name, type FROM pragma_table_info(?)`, t.Name)
			if err != nil {
				return nil, sourceError{fmt.Errorf("read the columns of %s: %w", t.Name, err)}
			}
			for rows.Next() {
				var name, typ string
				if err := rows.Scan(&name, &typ); err != nil {
					rows.Close()
					return nil, sourceError{err}
				}
				add(t.Name, name, typ)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, sourceError{err}
			}
		}
		return out, nil
	case sqldb.Postgres:
		return out, scanSchema(ctx, db, `SELECT table_name, column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema()`, add)
	default:
		return out, scanSchema(ctx, db, `SELECT table_name, column_name, data_type FROM information_schema.columns
			WHERE table_schema = DATABASE()`, add)
	}
}

func scanSchema(ctx context.Context, db *sqldb.DB, q string, add func(table, column, typ string)) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return sourceError{fmt.Errorf("read the columns: %w", err)}
	}
	defer rows.Close()
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			return sourceError{err}
		}
		add(table, column, typ)
	}
	if err := rows.Err(); err != nil {
		return sourceError{err}
	}
	return nil
}

// checkSchema refuses a database that lacks a contract table or column, naming all that are missing.
func checkSchema(cols sourceColumns) error {
	var tables, columns []string
	for _, t := range contract.Tables() {
		have, ok := cols[t.Name]
		if !ok {
			tables = append(tables, t.Name)
			continue
		}
		for _, c := range t.Columns {
			if _, ok := have[c.Name]; !ok {
				columns = append(columns, t.Name+"."+c.Name)
			}
		}
	}
	if len(tables) == 0 && len(columns) == 0 {
		return nil
	}
	sort.Strings(tables)
	var parts []string
	if len(tables) > 0 {
		parts = append(parts, "缺少表 "+strings.Join(tables, ", "))
	}
	if len(columns) > 0 {
		parts = append(parts, "缺少列 "+strings.Join(columns, ", "))
	}
	return refusal{"数据库不符合数据报送标准，整库拒收：" + strings.Join(parts, "；")}
}

// textTimestamps reports whether a table's updated_at is stored as text, so
// that it must be compared as text (SQLite always: its columns have no fixed type).
func textTimestamps(db *sqldb.DB, cols sourceColumns, table string) bool {
	if db.Dialect == sqldb.SQLite {
		return true
	}
	typ := cols[table]["updated_at"]
	return strings.Contains(typ, "char") || strings.Contains(typ, "text")
}
