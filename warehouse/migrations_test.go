package warehouse_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// TestMigrationsKeepTheSchema holds the migrations as the migrator renders
// them — the contract tables made from the contract, the texts written once
// for every engine — to the per-engine SQL they replaced, kept verbatim in
// testdata/before: on every engine, one database is migrated with the old
// texts (and the migrator's own text for the migrations that never had one
// there), another by opening a warehouse, and their catalogues — tables,
// columns with type, nullability and default, keys, indexes, foreign keys —
// must be equal, as must the recorded migrations. A warehouse that has
// migration 001 thus has the schema a new one gets.
func TestMigrationsKeepTheSchema(t *testing.T) {
	for _, d := range dbtest.Engines {
		t.Run(string(d), func(t *testing.T) {
			all, err := warehouse.Migrations(d)
			if err != nil {
				t.Fatal(err)
			}
			oldDSN := dbtest.New(t, d)
			old := dbtest.Open(t, oldDSN)
			if _, err := old.Exec(`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			before := 0
			for _, m := range all {
				text := m.SQL()
				if b, err := os.ReadFile(filepath.Join("testdata", "before", string(d), m.Name)); err == nil {
					text = string(b)
					before++
				} else if !os.IsNotExist(err) {
					t.Fatal(err)
				}
				for _, stmt := range warehouse.SplitStatementsForTest(text) {
					if _, err := old.Exec(stmt); err != nil {
						t.Fatalf("%s (old text): %v\n%s", m.Name, err, stmt)
					}
				}
				if _, err := old.Exec(old.Rebind(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), m.Version, m.Name); err != nil {
					t.Fatal(err)
				}
			}
			if before != 6 {
				t.Fatalf("%d of the six replaced migrations found in testdata/before/%s", before, d)
			}

			dsn := dbtest.New(t, d)
			openWarehouse(t, dsn)
			fresh := dbtest.Open(t, dsn)

			want, got := dbtest.Catalogue(t, old), dbtest.Catalogue(t, fresh)
			if !slices.Equal(got, want) {
				t.Errorf("the migrated schema differs from the old texts' (- old, + new):\n%s", lineDiff(want, got))
			}
			var wantDone, gotDone []string
			q := `SELECT CONCAT(version, ' ', name) FROM schema_migrations ORDER BY version`
			if d == sqldb.SQLite {
				q = `SELECT version || ' ' || name FROM schema_migrations ORDER BY version`
			}
			if err := old.Select(&wantDone, q); err != nil {
				t.Fatal(err)
			}
			if err := fresh.Select(&gotDone, q); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gotDone, wantDone) {
				t.Errorf("recorded migrations:\n got %v\nwant %v", gotDone, wantDone)
			}
			// A warehouse migrated by the old texts opens with nothing left to apply.
			openWarehouse(t, oldDSN)
			if again := dbtest.Catalogue(t, old); !slices.Equal(again, want) {
				t.Errorf("opening a warehouse migrated by the old texts changed its schema:\n%s", lineDiff(want, again))
			}
		})
	}
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b []string) string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
