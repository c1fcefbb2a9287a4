// Package sqldb opens the three database engines zhengzhi speaks to — SQLite
// (pure Go, the embedded default), PostgreSQL (pgx) and MySQL/MariaDB — from a
// DSN URL, and names the few places where their SQL differs.
package sqldb

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"   // registers "mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Dialect is one of the supported database engines.
type Dialect string

// The supported dialects; the names are also the folders of per-dialect SQL.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
)

func init() {
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
}

// DB is an open database with its dialect.
type DB struct {
	*sqlx.DB
	// Read is a pool for read-only queries that may run side by side: on
	// SQLite, whose one writer connection would serialise them, a second
	// pool of reader connections (WAL lets readers run beside the writer);
	// elsewhere the same pool as DB.
	Read    *sqlx.DB
	Dialect Dialect
	// Name is the DSN with any password masked, for logs and errors.
	Name string
	// snapshot is the state of a SQLite file opened immutable (OpenReadOnly).
	snapshot *fileSnapshot
}

// Close closes the database and its reader pool.
func (db *DB) Close() error {
	err := db.DB.Close()
	if db.Read != db.DB {
		err = errors.Join(err, db.Read.Close())
	}
	return err
}

// Open opens a DSN URL for reading and writing — the warehouse, or a bureau
// database the seed writes: sqlite:PATH, postgres://… (as pgx reads it) or
// mysql://user:pass@host:port/db. SQLite gets WAL, a busy timeout and a single
// writer connection; MySQL gets UTC times and parsed dates. Open pings the
// database so that an unreachable one fails here. Databases zhengzhi only
// reads are opened with OpenReadOnly.
func Open(ctx context.Context, dsn string) (*DB, error) {
	dialect, driver, source, err := Parse(dsn)
	if err != nil {
		return nil, err
	}
	db, err := openPinged(ctx, driver, source, dsn)
	if err != nil {
		return nil, err
	}
	switch dialect {
	case SQLite:
		db.SetMaxOpenConns(1)
	default:
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		db.SetConnMaxLifetime(30 * time.Minute)
	}
	read := db
	if dialect == SQLite {
		if read, err = sqlx.Open(driver, source+"&_pragma=query_only(1)"); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", Mask(dsn), err)
		}
		read.SetMaxOpenConns(runtime.GOMAXPROCS(0))
	}
	return &DB{DB: db, Read: read, Dialect: dialect, Name: Mask(dsn)}, nil
}

// Parse splits a DSN URL into its dialect, the database/sql driver name and
// the driver's own data source string.
func Parse(dsn string) (Dialect, string, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path, query, _ := sqlitePath(dsn)
		if path == "" {
			return "", "", "", fmt.Errorf("%w: %s: sqlite needs a file path", ErrBadDSN, dsn)
		}
		params := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_time_format=sqlite&_txlock=immediate"
		if query != "" {
			params += "&" + query
		}
		return SQLite, "sqlite", "file:" + path + "?" + params, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, ok := splitURL(dsn)
		if !ok {
			return "", "", "", badDSN(dsn)
		}
		return Postgres, "pgx", d.String(), nil
	case strings.HasPrefix(dsn, "mysql://"):
		d, ok := splitURL(dsn)
		if !ok {
			return "", "", "", badDSN(dsn)
		}
		source, err := mysqlSource(d)
		if err != nil {
			return "", "", "", fmt.Errorf("%w: %s: %v", ErrBadDSN, Mask(dsn), err)
		}
		return MySQL, "mysql", source, nil
	}
	return "", "", "", fmt.Errorf("%w: %s: expected sqlite:PATH, postgres://… or mysql://…", ErrBadDSN, Mask(dsn))
}

// ErrBadDSN marks a DSN that cannot be read: a configuration error.
var ErrBadDSN = errors.New("bad DSN")

func badDSN(dsn string) error {
	return fmt.Errorf("%w: %s: not a URL scheme://user:password@host:port/database", ErrBadDSN, Mask(dsn))
}

// mysqlSource is the go-sql-driver DSN of a mysql:// URL, built with the
// driver's own Config so that any character of a password survives: UTC
// times, parsed dates, utf8mb4, unless the URL's query says otherwise.
func mysqlSource(d dsnURL) (string, error) {
	q := d.query
	for k, v := range map[string]string{"parseTime": "true", "loc": "UTC", "time_zone": "'+00:00'",
		"charset": "utf8mb4", "multiStatements": "true", "interpolateParams": "true"} {
		if q.Get(k) == "" {
			q.Set(k, v)
		}
	}
	host := d.host
	if !strings.Contains(host, ":") {
		host += ":3306"
	}
	// The driver reads its parameters from its own DSN form; the user and
	// password go into the Config directly, never through text.
	cfg, err := mysql.ParseDSN("tcp(" + host + ")/" + strings.TrimPrefix(d.path, "/") + "?" + q.Encode())
	if err != nil {
		return "", err
	}
	cfg.User, cfg.Passwd = d.user, d.password
	return cfg.FormatDSN(), nil
}

// SQLiteFile is the file a sqlite: DSN names; false for other DSNs.
func SQLiteFile(dsn string) (string, bool) {
	path, _, ok := sqlitePath(dsn)
	return path, ok
}

// sqlitePath takes a sqlite:PATH or sqlite://PATH DSN apart into the file's
// path and the driver parameters after '?'; false for other DSNs.
func sqlitePath(dsn string) (path, query string, ok bool) {
	rest, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		return "", "", false
	}
	path, query, _ = strings.Cut(strings.TrimPrefix(rest, "//"), "?")
	return path, query, true
}

// MaxParams is how many bind parameters one statement may carry in the dialect.
func (d Dialect) MaxParams() int {
	if d == SQLite {
		return 32766
	}
	return 65535
}

// InsertID runs q, an INSERT of one row into a table keyed by an
// auto-increment id, on db (a pool or a transaction) and returns the new
// row's id: PostgreSQL's driver has no LastInsertId, so there the statement
// says RETURNING id; the other engines' drivers report it.
func InsertID(ctx context.Context, d Dialect, db sqlx.ExtContext, q string, args ...any) (int64, error) {
	if d == Postgres {
		var id int64
		if err := sqlx.GetContext(ctx, db, &id, db.Rebind(q+` RETURNING id`), args...); err != nil {
			return 0, err
		}
		return id, nil
	}
	res, err := db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
