package warehouse_test

import (
	"context"
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
