package seed

import (
	"context"
	"errors"
	"strings"
	"testing"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// TestSeedReplacesOnlyWhatItWrote, on every engine: seed writes into an
// empty database and replaces its own; a database holding a contract table
// seed did not write, or rows added to seed's own, is refused with nothing
// dropped, unless Force.
func TestSeedReplacesOnlyWhatItWrote(t *testing.T) {
	ctx := context.Background()
	dbtest.EachEmpty(t, func(t *testing.T, dsn string) {
		targets := []Target{{Unit: "990000", DSN: dsn}}
		db := dbtest.Open(t, dsn)
		// A bureau's own database: a contract table seed never wrote.
		if _, err := db.ExecContext(ctx, `CREATE TABLE enterprises (id VARCHAR(40))`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO enterprises (id) VALUES ('E-REAL-1')`); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(ctx, demo.reg, targets, Options{}); !errors.Is(err, ErrForeignRows) {
			t.Fatalf("seed over a bureau's rows: %v, want ErrForeignRows", err)
		}
		var n int
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM enterprises WHERE id = 'E-REAL-1'`); err != nil || n != 1 {
			t.Fatalf("the bureau's row: %d, %v", n, err)
		}
		if _, err := Generate(ctx, demo.reg, targets, Options{Force: true}); err != nil {
			t.Fatalf("--force: %v", err)
		}
		if _, err := Generate(ctx, demo.reg, targets, Options{}); err != nil {
			t.Fatalf("seed over its own rows: %v", err)
		}
		db = dbtest.Open(t, dsn) // SQLite: the file was made anew
		if _, err := db.ExecContext(ctx, `INSERT INTO submissions (id, unit_code, kind, period, submitted_on, adopted, updated_at, deleted)
			VALUES ('SB-REAL-1', '990000', 'x', '2026-10', '2026-10-05', 0, '2026-10-05 10:00:00', 0)`); err != nil {
			t.Fatal(err)
		}
		_, err := Generate(ctx, demo.reg, targets, Options{})
		if !errors.Is(err, ErrForeignRows) {
			t.Fatalf("seed over its own rows and one more: %v", err)
		}
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM submissions WHERE id = 'SB-REAL-1'`); err != nil || n != 1 {
			t.Fatalf("the added row: %d, %v", n, err)
		}
		if db.Dialect == sqldb.SQLite {
			return
		}
		// On a server, tables that are not the contract's are left alone and do not count.
		if _, err := db.ExecContext(ctx, `CREATE TABLE other_system (id INT)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO other_system (id) VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(ctx, demo.reg, targets, Options{Force: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(ctx, demo.reg, targets, Options{}); err != nil {
			t.Fatalf("another system's table counted: %v", err)
		}
	})
}

// TestSeedShowsProgress: given a terminal, seed draws one step per bureau
// with the rows written.
func TestSeedShowsProgress(t *testing.T) {
	var bar strings.Builder
	dsn := dbtest.New(t, sqldb.SQLite)
	if _, err := Generate(context.Background(), demo.reg, []Target{{Unit: "990000", DSN: dsn}}, Options{Progress: &bar}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bar.String(), "0/1 990000") || !strings.Contains(bar.String(), "1/1 完成") {
		t.Errorf("the bar: %q", bar.String())
	}
}
