// Package dbtest gives tests fresh, empty databases on every engine zhengzhi
// supports: a SQLite file always, and a new PostgreSQL and MariaDB database
// when the servers are reachable (127.0.0.1, or ZZ_TEST_PG / ZZ_TEST_MYSQL).
// With ZZ_REQUIRE_DBS=1 (as .ci/run sets) an unreachable server fails the
// test instead of skipping it, so a broken dialect cannot pass CI.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"

	"zhengzhi/sqldb"
)

var counter atomic.Int64

// Engines lists the dialects every storage test runs on.
var Engines = []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres, sqldb.MySQL}

// pgAdmin and mysqlAdmin are the server URLs new test databases are made on.
func pgAdmin() string {
	if v := os.Getenv("ZZ_TEST_PG"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

func mysqlAdmin() string {
	if v := os.Getenv("ZZ_TEST_MYSQL"); v != "" {
		return v
	}
	return "mysql://root@127.0.0.1:3306/"
}

// Each runs f as a subtest once per engine, each with the DSN of a fresh,
// empty database that is dropped when the subtest ends.
func Each(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	for _, d := range Engines {
		t.Run(string(d), func(t *testing.T) {
			f(t, New(t, d))
		})
	}
}

// New makes a fresh, empty database of one engine and returns its DSN.
func New(t testing.TB, d sqldb.Dialect) string {
	t.Helper()
	name := fmt.Sprintf("zz_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
	switch d {
	case sqldb.SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), name+".db")
	case sqldb.Postgres:
		admin, err := sql.Open("pgx", pgAdmin())
		if err != nil {
			unreachable(t, d, err)
		}
		if err := ping(admin); err != nil {
			admin.Close()
			unreachable(t, d, err)
		}
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			admin.Close()
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		})
		u, _ := url.Parse(pgAdmin())
		u.Path = "/" + name
		return u.String()
	case sqldb.MySQL:
		_, driver, source, err := sqldb.Parse(mysqlAdmin())
		if err != nil {
			t.Fatal(err)
		}
		admin, err := sql.Open(driver, source)
		if err != nil {
			unreachable(t, d, err)
		}
		if err := ping(admin); err != nil {
			admin.Close()
			unreachable(t, d, err)
		}
		if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
			admin.Close()
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			admin.Exec("DROP DATABASE IF EXISTS " + name)
			admin.Close()
		})
		return strings.TrimSuffix(mysqlAdmin(), "/") + "/" + name
	}
	t.Fatalf("unknown engine %q", d)
	return ""
}

func ping(db *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

func unreachable(t testing.TB, d sqldb.Dialect, err error) {
	t.Helper()
	if os.Getenv("ZZ_REQUIRE_DBS") == "1" {
		t.Fatalf("%s is required (ZZ_REQUIRE_DBS=1) but unreachable: %v", d, err)
	}
	t.Skipf("%s unreachable, skipped: %v", d, err)
}

// Open opens a database for a test's own statements — fixture rows, direct
// reads — beside whatever the code under test opened on the same DSN; it is
// closed when the test ends.
func Open(t testing.TB, dsn string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
