package warehouse

import (
	"zhengzhi/sql"
	"zhengzhi/sqldb"
)

// DBForTest is the warehouse's handle, for tests that write fixture rows or
// read tables directly.
func DBForTest(w *Warehouse) *sqldb.DB { return w.db }

// MigrationForTest is one migration as the migrator applies it.
type MigrationForTest struct {
	Version    int
	Name, Text string
}

// MigrationsForTest lists the migrations the migrator applies on an engine,
// their text rendered for it.
func MigrationsForTest(d sqldb.Dialect) ([]MigrationForTest, error) {
	all, err := migrations(sql.FS, d)
	var out []MigrationForTest
	for _, m := range all {
		out = append(out, MigrationForTest{m.version, m.name, m.text})
	}
	return out, err
}

// SplitStatementsForTest splits migration text as the migrator does.
func SplitStatementsForTest(text string) []string { return splitStatements(text) }
