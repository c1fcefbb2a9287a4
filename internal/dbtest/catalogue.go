package dbtest

import (
	"sort"
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

// Catalogue describes a database's schema as the engine's catalogue holds
// it, one line per table, column, index and foreign key, sorted: tables with
// their options, columns with their declared type, nullability, default and
// key, indexes with their columns and uniqueness. Two databases whose
// catalogues are equal have the same schema, whatever text made them.
func Catalogue(t testing.TB, db *sqldb.DB) []string {
	t.Helper()
	var queries []string
	switch db.Dialect {
	case sqldb.SQLite:
		queries = []string{
			`SELECT 'table ' || name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
			`SELECT 'column ' || m.name || '.' || printf('%03d', c.cid) || ' ' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' default=' || COALESCE(c.dflt_value, 'NULL') || ' pk=' || c.pk
			 FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
			`SELECT 'index ' || m.name || '.' || l.name || ' unique=' || l."unique" || ' origin=' || l.origin || ' (' ||
			        (SELECT group_concat(name, ', ') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) || ')'
			 FROM sqlite_master m, pragma_index_list(m.name) l WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
			`SELECT 'foreign key ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to"
			 FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
		}
	case sqldb.Postgres:
		queries = []string{
			`SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
			`SELECT 'column ' || table_name || '.' || lpad(ordinal_position::text, 3, '0') || ' ' || column_name || ' ' || data_type ||
			        ' len=' || COALESCE(character_maximum_length::text, '-') || ' nullable=' || is_nullable ||
			        ' default=' || COALESCE(column_default, 'NULL') || ' identity=' || is_identity || COALESCE(' ' || identity_generation, '')
			 FROM information_schema.columns WHERE table_schema = current_schema()`,
			`SELECT 'index ' || tablename || '.' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()`,
			`SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid)
			 FROM pg_constraint WHERE connamespace = current_schema()::regnamespace`,
		}
	default:
		queries = []string{
			`SELECT CONCAT('table ', table_name, ' engine=', engine, ' collation=', table_collation) FROM information_schema.tables WHERE table_schema = DATABASE()`,
			`SELECT CONCAT('column ', table_name, '.', LPAD(ordinal_position, 3, '0'), ' ', column_name, ' ', column_type,
			        ' nullable=', is_nullable, ' default=', COALESCE(column_default, 'NULL'), ' key=', column_key,
			        ' extra=', extra, ' collation=', COALESCE(collation_name, '-'))
			 FROM information_schema.columns WHERE table_schema = DATABASE()`,
			`SELECT CONCAT('index ', table_name, '.', index_name, ' unique=', 1 - non_unique, ' (',
			        GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ', '), ')')
			 FROM information_schema.statistics WHERE table_schema = DATABASE() GROUP BY table_name, index_name, non_unique`,
			`SELECT CONCAT('foreign key ', table_name, '.', column_name, ' -> ', referenced_table_name, '.', referenced_column_name)
			 FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL`,
		}
	}
	var out []string
	for _, q := range queries {
		var lines []string
		if err := db.Select(&lines, q); err != nil {
			t.Fatalf("read the catalogue: %v\n%s", err, q)
		}
		out = append(out, lines...)
	}
	sort.Strings(out)
	return out
}
