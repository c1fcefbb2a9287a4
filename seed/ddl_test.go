package seed

import (
	"context"
	"slices"
	"strings"
	"testing"

	"zhengzhi/contract"
	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// TestContractDDLLaysOutTheContractOnEveryEngine creates the generated DDL on
// each engine and reads the tables back from the engine's catalogue: every
// contract table with its columns in contract order, NOT NULL exactly where
// the contract requires a value, id the primary key, and the updated_at
// index the pulls read by.
func TestContractDDLLaysOutTheContractOnEveryEngine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := createContractTables(ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, tb := range contract.Tables() {
			cols := catalogue(t, db, tb.Name)
			var names []string
			for _, c := range cols {
				names = append(names, c.name)
			}
			if !slices.Equal(names, tb.ColumnNames()) {
				t.Errorf("%s: columns %v, want the contract's %v", tb.Name, names, tb.ColumnNames())
				continue
			}
			for i, c := range tb.Columns {
				if cols[i].notNull == c.Nullable {
					t.Errorf("%s.%s: NOT NULL is %v, the contract says nullable %v", tb.Name, c.Name, cols[i].notNull, c.Nullable)
				}
				if cols[i].key != (c.Name == "id") {
					t.Errorf("%s.%s: primary key %v", tb.Name, c.Name, cols[i].key)
				}
			}
			if !hasIndex(t, db, tb.Name, tb.Name+"_updated_at") {
				t.Errorf("%s: no index %s_updated_at", tb.Name, tb.Name)
			}
		}
	})
}

type catalogueColumn struct {
	name         string
	notNull, key bool
}

// catalogue reads a table's columns in order from the engine's catalogue.
func catalogue(t *testing.T, db *sqldb.DB, table string) []catalogueColumn {
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
	var out []catalogueColumn
	for rows.Next() {
		var c catalogueColumn
		if err := rows.Scan(&c.name, &c.notNull, &c.key); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// hasIndex reports whether the table has the named index.
func hasIndex(t *testing.T, db *sqldb.DB, table, index string) bool {
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
