package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// openSource opens a bureau database read-only: ingest never writes to a
// bureau's database, and needs no more than the right to read it (see
// sqldb.OpenReadOnly). A SQLite file that is not there is unreachable.
func openSource(ctx context.Context, dsn string, zone *time.Location) (*sqldb.DB, error) {
	db, err := sqldb.OpenReadOnlyIn(ctx, dsn, zone)
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

// wallTimes tells which columns of a table hold times without a zone — the
// bureau's wall clock — by their declared types: PostgreSQL's date and
// timestamp without time zone, MySQL's DATE and DATETIME. The driver hands
// them over as if they were UTC. SQLite's driver reads them in the source's
// zone itself (sqldb.OpenReadOnlyIn), so none is marked there.
func wallTimes(db *sqldb.DB, cols sourceColumns, t *contract.Table) []bool {
	out := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		typ := cols[t.Name][c.Name]
		switch db.Dialect {
		case sqldb.Postgres:
			out[i] = typ == "date" || strings.HasPrefix(typ, "timestamp without")
		case sqldb.MySQL:
			out[i] = typ == "date" || typ == "datetime"
		}
	}
	return out
}

// inZone puts the times of a row read from a source into the source's zone:
// a wall time keeps its clock reading, an instant its moment. Dates and the
// raw text kept of the row then follow the bureau's calendar, not the
// process's TZ.
func inZone(raw []any, wall []bool, zone *time.Location) {
	for i, v := range raw {
		t, ok := v.(time.Time)
		if !ok {
			continue
		}
		if wall[i] {
			raw[i] = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), zone)
		} else {
			raw[i] = t.In(zone)
		}
	}
}

// uniqueIDs tells which contract tables of a source have ids that the
// database itself keeps unique — a primary key or a unique index on id
// alone — so that only the others need to be searched for repeated ids.
func uniqueIDs(ctx context.Context, db *sqldb.DB) (map[string]bool, error) {
	out := map[string]bool{}
	switch db.Dialect {
	case sqldb.SQLite:
		for _, t := range contract.Tables() {
			var n int
			err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM (
				SELECT 1 FROM pragma_table_info(?1) WHERE lower(name) = 'id' AND pk = 1 AND (SELECT MAX(pk) FROM pragma_table_info(?1)) = 1
				UNION ALL
				SELECT 1 FROM pragma_index_list(?1) il WHERE il."unique" = 1 AND il.partial = 0
					AND (SELECT COUNT(*) FROM pragma_index_info(il.name)) = 1 AND (SELECT lower(name) FROM pragma_index_info(il.name)) = 'id')`, t.Name)
			if err != nil {
				return nil, sourceError{fmt.Errorf("read the keys of %s: %w", t.Name, err)}
			}
			out[t.Name] = n > 0
		}
		return out, nil
	case sqldb.Postgres:
		return out, scanUnique(ctx, db, `SELECT c.relname FROM pg_index i
			JOIN pg_class c ON c.oid = i.indrelid
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
			WHERE i.indisunique AND i.indnatts = 1 AND i.indpred IS NULL AND a.attname = 'id'
				AND c.relnamespace = current_schema()::regnamespace`, out)
	default:
		return out, scanUnique(ctx, db, `SELECT table_name FROM information_schema.statistics
			WHERE table_schema = DATABASE() AND non_unique = 0
			GROUP BY table_name, index_name HAVING COUNT(*) = 1 AND MAX(LOWER(column_name)) = 'id'`, out)
	}
}

func scanUnique(ctx context.Context, db *sqldb.DB, q string, out map[string]bool) error {
	var tables []string
	if err := db.SelectContext(ctx, &tables, q); err != nil {
		return sourceError{fmt.Errorf("read the keys: %w", err)}
	}
	for _, t := range tables {
		out[strings.ToLower(t)] = true
	}
	return nil
}
