package sqldb_test

import (
	"context"
	"errors"
	"testing"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// TestOpenReadOnlyRefusesWrites opens a database of every engine read-only:
// it reads, and a statement that writes fails on the server (or in SQLite).
func TestOpenReadOnlyRefusesWrites(t *testing.T) {
	t.Parallel()
	dbtest.EachEmpty(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		rw := dbtest.Open(t, dsn)
		if _, err := rw.ExecContext(ctx, `CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body VARCHAR(20))`); err != nil {
			t.Fatal(err)
		}
		if _, err := rw.ExecContext(ctx, `INSERT INTO notes (id, body) VALUES (1, 'a')`); err != nil {
			t.Fatal(err)
		}
		ro, err := sqldb.OpenReadOnly(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		var n int
		if err := ro.GetContext(ctx, &n, `SELECT COUNT(*) FROM notes`); err != nil || n != 1 {
			t.Fatalf("read: %d, %v", n, err)
		}
		if _, err := ro.ExecContext(ctx, `INSERT INTO notes (id, body) VALUES (2, 'b')`); err == nil {
			t.Errorf("a read-only %s session wrote a row", ro.Dialect)
		}
		if _, err := ro.ExecContext(ctx, `CREATE TABLE more_notes (id INTEGER)`); err == nil {
			t.Errorf("a read-only %s session made a table", ro.Dialect)
		}
		if err := ro.Changed(); err != nil {
			t.Errorf("Changed: %v", err)
		}
	})
}

// TestImmutableReadNoticesAWriter opens a WAL file nobody has open — the one
// case read without locks — and then writes it from another connection:
// Changed reports that what was read may be inconsistent.
func TestImmutableReadNoticesAWriter(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.New(t, sqldb.SQLite)
	rw, err := sqldb.Open(ctx, dsn) // WAL
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.ExecContext(ctx, `CREATE TABLE notes (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	rw.Close() // the last connection removes -wal and -shm
	ro, err := sqldb.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var n int
	if err := ro.GetContext(ctx, &n, `SELECT COUNT(*) FROM notes`); err != nil {
		t.Fatal(err)
	}
	if err := ro.Changed(); err != nil {
		t.Fatalf("Changed before any writer: %v", err)
	}
	rw, err = sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.ExecContext(ctx, `INSERT INTO notes (id) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	if err := ro.Changed(); !errors.Is(err, sqldb.ErrChangedWhileRead) {
		t.Fatalf("Changed after a writer: %v, want ErrChangedWhileRead", err)
	}
}
