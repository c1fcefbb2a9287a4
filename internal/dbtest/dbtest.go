// Package dbtest gives tests fresh databases on every engine zhengzhi
// supports: a SQLite file always, and a new PostgreSQL and MariaDB database
// when the servers are reachable (127.0.0.1, or ZZ_TEST_PG / ZZ_TEST_MYSQL).
// With ZZ_REQUIRE_DBS=1 (as .ci/run sets) an unreachable server fails the
// test instead of skipping it, so a broken dialect cannot pass CI.
//
// Most tests want a warehouse, and migrating one from nothing takes seconds
// on a server (MariaDB runs each DDL statement on its own, with its own
// flush), so Each and Warehouse hand out databases that already carry the
// current schema, copied from a template that is migrated once (see
// template.go); New and EachEmpty hand out empty ones, for bureau databases
// and for the tests of migrating itself.
package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
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

// Each runs f as a subtest once per engine, each with the DSN of a fresh
// warehouse database — migrated to the current schema — that is dropped when
// the subtest ends. The subtests run in parallel with each other and with
// the package's other parallel tests, since each owns its database: f must
// not change what the engines share (package variables, the environment,
// the working directory); a test that does uses EachSerial.
func Each(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	each(t, true, Warehouse, f)
}

// EachSerial is Each with the engines' subtests run one after another, for
// a test that swaps something the engines share.
func EachSerial(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	each(t, false, Warehouse, f)
}

// EachEmpty is Each with empty databases: for tests of migrating a
// warehouse from nothing, and of the engines themselves.
func EachEmpty(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	each(t, true, New, f)
}

func each(t *testing.T, parallel bool, make func(testing.TB, sqldb.Dialect) string, f func(t *testing.T, dsn string)) {
	t.Helper()
	for _, d := range Engines {
		t.Run(string(d), func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			f(t, make(t, d))
		})
	}
}

// dbName is a database name no other test, process or developer on the
// same server uses.
func dbName() string {
	return fmt.Sprintf("zz_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
}

// New makes a fresh, empty database of one engine and returns its DSN.
func New(t testing.TB, d sqldb.Dialect) string {
	t.Helper()
	return create(t, d, "")
}

// Warehouse makes a fresh database of one engine that already has the
// warehouse's current schema (warehouse.Open finds nothing left to migrate)
// and returns its DSN. A SQLite warehouse migrates in milliseconds, so it is
// simply an empty file.
func Warehouse(t testing.TB, d sqldb.Dialect) string {
	t.Helper()
	if d == sqldb.SQLite {
		return New(t, d)
	}
	reachable(t, d)
	tpl, err := templates[d]()
	if err != nil {
		t.Fatalf("warehouse template on %s: %v", d, err)
	}
	return create(t, d, tpl)
}

// create makes a database, empty or (on a server) a copy of the template
// database tpl, dropped when the test ends.
func create(t testing.TB, d sqldb.Dialect, tpl string) string {
	t.Helper()
	name := dbName()
	switch d {
	case sqldb.SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), name+".db")
	case sqldb.Postgres:
		admin := adminDB(t, d)
		stmt := "CREATE DATABASE " + name
		if tpl != "" {
			stmt += " TEMPLATE " + tpl
		}
		if err := createPG(admin, stmt); err != nil {
			admin.Close()
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			dropped(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			admin.Close()
		})
		return serverDSN(d, name)
	case sqldb.MySQL:
		admin := adminDB(t, d)
		if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
			admin.Close()
			t.Fatalf("create database: %v", err)
		}
		t.Cleanup(func() {
			dropped(t, admin, "DROP DATABASE IF EXISTS "+name)
			admin.Close()
		})
		if tpl != "" {
			if err := copyMySQL(tpl, name); err != nil {
				t.Fatalf("copy the warehouse template: %v", err)
			}
		}
		return serverDSN(d, name)
	}
	t.Fatalf("unknown engine %q", d)
	return ""
}

// createPG runs a CREATE DATABASE, again while the server says another
// session is on its template: a copy being made of it, or the process that
// built it not yet gone.
func createPG(admin *sql.DB, stmt string) error {
	for try := 0; ; try++ {
		_, err := admin.Exec(stmt)
		var pe *pgconn.PgError
		if err == nil || try == 50 || !errors.As(err, &pe) || pe.Code != "55006" {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// dropped runs a test database's DROP at the test's end; a database it
// could not drop is only left behind, so the test is not failed for it.
func dropped(t testing.TB, admin *sql.DB, stmt string) {
	if _, err := admin.Exec(stmt); err != nil {
		t.Logf("%s: %v", stmt, err)
	}
}

// serverDSN is the DSN of the database name on the test server of d.
func serverDSN(d sqldb.Dialect, name string) string {
	if d == sqldb.Postgres {
		u, _ := url.Parse(pgAdmin())
		u.Path = "/" + name
		return u.String()
	}
	return strings.TrimSuffix(mysqlAdmin(), "/") + "/" + name
}

// openAdmin opens the server connection databases are made and dropped on.
func openAdmin(d sqldb.Dialect) (*sql.DB, error) {
	dsn := pgAdmin()
	if d == sqldb.MySQL {
		dsn = mysqlAdmin()
	}
	_, driver, source, err := sqldb.Parse(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, err
	}
	if err := ping(db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// adminDB is openAdmin for a test, which skips or fails (ZZ_REQUIRE_DBS=1)
// when the server does not answer.
func adminDB(t testing.TB, d sqldb.Dialect) *sql.DB {
	t.Helper()
	db, err := openAdmin(d)
	if err != nil {
		unreachable(t, d, err)
	}
	return db
}

// reachable skips or fails the test when d's server does not answer, so
// that an absent server is not reported as a broken template.
func reachable(t testing.TB, d sqldb.Dialect) {
	t.Helper()
	adminDB(t, d).Close()
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
