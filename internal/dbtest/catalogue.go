package dbtest

import (
	"strings"
	"testing"

	"zhengzhi/sqldb"
)

// Column is a table's column as the engine's catalogue describes it.
type Column struct {
	Name string
	// NotNull is set for a NOT NULL column, Key for one in the primary key.
	NotNull, Key bool
}

// Columns reads a table's columns in order from the engine's catalogue, so
// that a test can hold a schema to its definition on every engine.
func Columns(t testing.TB, db *sqldb.DB, table string) []Column {
	t.Helper()
	var q string
	switch db.Dialect {
	case sqldb.SQLite:
		q = `SELECT name, "notnull" <> 0, pk <> 0 FROM pragma_table_info('` + table + `') ORDER BY cid`
	case sqldb.Postgres:
		q = `SELECT c.column_name, c.is_nullable = 'NO',
		        EXISTS (SELECT 1 FROM information_schema.key_column_usage k
		                JOIN information_schema.table_constraints tc ON tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name
		                WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name)
		     FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = '` + table + `' ORDER BY c.ordinal_position`
	default:
		q = `SELECT column_name, is_nullable = 'NO', column_key = 'PRI' FROM information_schema.columns
		     WHERE table_schema = DATABASE() AND table_name = '` + table + `' ORDER BY ordinal_position`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Name, &c.NotNull, &c.Key); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// HasIndex reports whether the table has the named index.
func HasIndex(t testing.TB, db *sqldb.DB, table, index string) bool {
	t.Helper()
	var q string
	switch db.Dialect {
	case sqldb.SQLite:
		q = `SELECT name FROM pragma_index_list('` + table + `')`
	case sqldb.Postgres:
		q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '` + table + `'`
	default:
		q = `SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '` + table + `'`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		found = found || strings.EqualFold(name, index)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}
