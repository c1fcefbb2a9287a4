// Package sqldb opens the three database engines zhengzhi speaks to — SQLite
// (pure Go, the embedded default), PostgreSQL (pgx) and MySQL/MariaDB — from a
// DSN URL, and names the few places where their SQL differs.
package sqldb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/go-sql-driver/mysql" // registers "mysql"
	"github.com/jackc/pgx/v5/pgconn"
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
// the driver's own data source string. A DSN that does not read cleanly as
// scheme://user:password@host:port/database?parameters, or that carries a
// parameter its engine's list (Params) does not name, is refused with an
// error that wraps ErrBadDSN and shows nothing of the DSN but a parameter's
// name: a DSN may hold a password anywhere.
func Parse(dsn string) (Dialect, string, string, error) {
	if strings.IndexFunc(dsn, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", "", "", ErrBadDSN
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path, query, _ := sqlitePath(dsn)
		if path == "" || query != "" {
			// A parameter of the SQLite driver may write (a journal mode,
			// a pragma): none is taken from the config.
			return "", "", "", ErrBadDSN
		}
		params := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_time_format=sqlite&_txlock=immediate"
		return SQLite, "sqlite", "file:" + path + "?" + params, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, err := splitClean(dsn, Postgres)
		if err != nil {
			return "", "", "", err
		}
		if err := checkPostgres(d); err != nil {
			return "", "", "", err
		}
		return Postgres, "pgx", d.String(), nil
	case strings.HasPrefix(dsn, "mysql://"):
		d, err := splitClean(dsn, MySQL)
		if err != nil {
			return "", "", "", err
		}
		source, err := mysqlSource(d)
		if err != nil {
			return "", "", "", err
		}
		return MySQL, "mysql", source, nil
	}
	return "", "", "", dsnError{"DSN 的类型不受支持：应为 sqlite:路径、postgres://… 或 mysql://…"}
}

// ErrBadDSN marks a DSN that cannot be read: a configuration error. Its
// text is what an operator sees of a DSN that does not parse.
var ErrBadDSN = errors.New("DSN 无法解析")

// dsnError is a DSN refused for a reason that names no part of its secret.
type dsnError struct{ msg string }

func (e dsnError) Error() string { return e.msg }
func (e dsnError) Unwrap() error { return ErrBadDSN }

// Params are the query parameters a DSN of each engine may carry — all the
// configuration may set; zhengzhi sets the others itself. None is ever sent
// to the server as a session variable. A SQLite DSN takes none.
var Params = map[Dialect][]string{
	Postgres: {"password", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "connect_timeout", "application_name"},
	MySQL:    {"password", "tls", "timeout", "readTimeout", "writeTimeout"},
}

// paramName is what a parameter's name may look like; anything else means
// the DSN was not read as its writer meant (a password cut in two).
var paramName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// splitClean takes a server DSN apart and checks its parameters' names.
func splitClean(dsn string, dialect Dialect) (dsnURL, error) {
	d, ok := splitURL(dsn)
	if !ok || d.host == "" {
		return dsnURL{}, ErrBadDSN
	}
	for k, v := range d.query {
		if !paramName.MatchString(k) || len(v) != 1 {
			return dsnURL{}, ErrBadDSN
		}
	}
	for _, k := range slices.Sorted(maps.Keys(d.query)) {
		if !slices.Contains(Params[dialect], k) {
			return dsnURL{}, dsnError{fmt.Sprintf("DSN 参数 %s 不受支持（%s 可用的参数：%s）", k, dialect, strings.Join(Params[dialect], "、"))}
		}
	}
	if p, ok := d.query["password"]; ok {
		if d.hasPassword {
			return dsnURL{}, dsnError{"DSN 写了两处口令（用户信息和 password 参数），只能写一处"}
		}
		if dialect == MySQL {
			d.password, d.hasPassword = p[0], true
			delete(d.query, "password")
		}
	}
	return d, nil
}

// checkPostgres has pgx read the DSN, so that a parameter with a value it
// refuses (sslmode=maybe) is a configuration error now rather than an
// unreachable source at every pull; each parameter is tried alone to name
// the one at fault, never its value.
func checkPostgres(d dsnURL) error {
	if _, err := pgconn.ParseConfig(d.String()); err == nil {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(d.query)) {
		one := d
		one.password, one.hasPassword = "", false
		one.query = url.Values{k: d.query[k]}
		if k == "sslmode" || k == "sslpassword" {
			one.query.Set("sslmode", d.query.Get("sslmode"))
		}
		if _, err := pgconn.ParseConfig(one.String()); err != nil {
			return dsnError{"DSN 参数 " + k + " 的值无效"}
		}
	}
	return ErrBadDSN
}

// mysqlSource is the go-sql-driver DSN of a mysql:// URL, built with the
// driver's own Config so that any character of a password survives: UTC
// times, parsed dates, utf8mb4. The session's time zone is zhengzhi's own
// setting (UTC, so that TIMESTAMP columns come as instants); nothing of the
// URL's query becomes a session variable.
func mysqlSource(d dsnURL) (string, error) {
	host := d.host
	if !strings.Contains(host, ":") && !strings.HasSuffix(host, "]") {
		host += ":3306"
	}
	cfg := mysql.NewConfig()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", host, strings.TrimPrefix(d.path, "/")
	cfg.User, cfg.Passwd = d.user, d.password
	cfg.ParseTime, cfg.Loc = true, time.UTC
	cfg.MultiStatements, cfg.InterpolateParams = true, true
	cfg.Params = map[string]string{"time_zone": "'+00:00'", "charset": "utf8mb4"}
	for k, v := range d.query {
		var err error
		switch k {
		case "tls":
			switch v[0] {
			case "true", "false", "skip-verify", "preferred":
				cfg.TLSConfig = v[0]
			default:
				err = ErrBadDSN
			}
		case "timeout":
			cfg.Timeout, err = time.ParseDuration(v[0])
		case "readTimeout":
			cfg.ReadTimeout, err = time.ParseDuration(v[0])
		case "writeTimeout":
			cfg.WriteTimeout, err = time.ParseDuration(v[0])
		}
		if err != nil {
			return "", dsnError{"DSN 参数 " + k + " 的值无效"}
		}
	}
	// FormatDSN and ParseDSN check the whole (a TLS name among them).
	if _, err := mysql.ParseDSN(cfg.FormatDSN()); err != nil {
		return "", ErrBadDSN
	}
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
