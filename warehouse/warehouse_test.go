package warehouse_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

func TestOpenMigratesOnceOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.EachEmpty(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			w, err := warehouse.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := warehouse.DBForTest(w).GetContext(ctx, &n, `SELECT COUNT(*) FROM schema_migrations`); err != nil {
				t.Fatal(err)
			}
			if n < 1 {
				t.Fatalf("schema_migrations has %d rows", n)
			}
			if err := warehouse.DBForTest(w).GetContext(ctx, &n, `SELECT COUNT(*) FROM hazards`); err != nil {
				t.Fatal(err)
			}
			if err := w.RefreshStatistics(ctx); err != nil {
				t.Fatal(err)
			}
			if w.Dialect() == sqldb.Postgres {
				var analyzed int
				if err := warehouse.DBForTest(w).GetContext(ctx, &analyzed, `SELECT COUNT(*) FROM pg_stat_user_tables
					WHERE relname = 'hazards' AND last_analyze IS NOT NULL`); err != nil {
					t.Fatal(err)
				}
				if analyzed != 1 {
					t.Fatal("hazards has no planner statistics after RefreshStatistics")
				}
			}
			w.Close()
		}
	})
}

// TestMigrationsOnlyWhenAsked, on every engine: OpenCurrent refuses a
// warehouse never migrated, and one missing its last migration, naming what
// is pending and changing nothing; Migrate applies each pending migration
// once, reporting its number and name; then OpenCurrent opens it.
func TestMigrationsOnlyWhenAsked(t *testing.T) {
	dbtest.EachEmpty(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		if _, err := warehouse.OpenCurrent(ctx, dsn); !errors.Is(err, warehouse.ErrNeedsMigration) || !strings.Contains(err.Error(), "001 ") {
			t.Fatalf("a new warehouse: %v, want ErrNeedsMigration naming 001", err)
		}
		db := dbtest.Open(t, dsn)
		var n int
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM hazards`); err == nil {
			t.Fatal("OpenCurrent made the schema")
		}
		var applied []warehouse.Migration
		w, err := warehouse.Migrate(ctx, dsn, func(m warehouse.Migration) { applied = append(applied, m) })
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		if len(applied) < 2 || applied[0].Version != 1 || !strings.HasPrefix(applied[0].String(), "001 ") {
			t.Fatalf("applied %v", applied)
		}
		last := applied[len(applied)-1]
		if _, err := db.ExecContext(ctx, db.Rebind(`DELETE FROM schema_migrations WHERE version = ?`), last.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := warehouse.OpenCurrent(ctx, dsn); !errors.Is(err, warehouse.ErrNeedsMigration) || !strings.Contains(err.Error(), last.String()) {
			t.Fatalf("one migration behind: %v, want it named (%s)", err, last)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), last.Version, last.Name); err != nil {
			t.Fatal(err)
		}
		w, err = warehouse.OpenCurrent(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		applied = nil
		if w, err = warehouse.Migrate(ctx, dsn, func(m warehouse.Migration) { applied = append(applied, m) }); err != nil || len(applied) != 0 {
			t.Fatalf("a second migrate applied %v, %v", applied, err)
		}
		w.Close()
	})
}
