package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sync/errgroup"

	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// The warehouse template of a server is a database named after a hash of
// the migrations the warehouse applies (templateName), migrated once by
// warehouse.Open and then kept on the server: every later test, process and
// run on the same migrations copies it instead of migrating again, and a
// change to any migration names a new template. PostgreSQL copies it with
// CREATE DATABASE … TEMPLATE; MariaDB has no such thing, so each table is
// created from the template's own SHOW CREATE TABLE, several at once, and
// the rows the migrations wrote (schema_migrations, the audit log's head)
// are copied after.
//
// The name covers the migrations' text as warehouse.Open renders it, so a
// change to a migration file or to the contract (which migration 001's
// contract tables are made from) names a new template.

// templateVersion changes when the way a template is built changes, so a
// template built the old way is not taken for a new one.
const templateVersion = "1"

// templates gives each server engine's template name, built at most once
// per process.
var templates = map[sqldb.Dialect]func() (string, error){
	sqldb.Postgres: sync.OnceValues(func() (string, error) { return pgTemplate(sqldb.Postgres) }),
	sqldb.MySQL:    sync.OnceValues(func() (string, error) { return mysqlTemplate(sqldb.MySQL) }),
}

// templateName is the template's database name for dialect d: a hash of
// the migrations warehouse.Open applies there, as it spells them (part of
// them is made from the data contract).
func templateName(d sqldb.Dialect) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", templateVersion, d)
	all, err := warehouse.Migrations(d)
	if err != nil {
		return "", err
	}
	for _, m := range all {
		fmt.Fprintf(h, "%s %d\n%s", m.Name, len(m.SQL()), m.SQL())
	}
	return "zz_tpl_" + hex.EncodeToString(h.Sum(nil))[:20], nil
}

// migrate runs warehouse.Open on the database name of d's server, which
// applies every migration, and closes it again.
func migrate(d sqldb.Dialect, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w, err := warehouse.Open(ctx, serverDSN(d, name))
	if err != nil {
		return err
	}
	return w.Close()
}

// pgTemplate finds or builds PostgreSQL's template. It is built under a
// name of this process's and renamed into place whole, so another process
// never copies a half-migrated one; of two processes building it at once,
// the second to rename drops its own.
func pgTemplate(d sqldb.Dialect) (string, error) {
	name, err := templateName(d)
	if err != nil {
		return "", err
	}
	admin, err := openAdmin(d)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	exists := func() (bool, error) {
		var n int
		err := admin.QueryRow(`SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n)
		return n > 0, err
	}
	if ok, err := exists(); ok || err != nil {
		return name, err
	}
	tmp := dbName()
	if err := createPG(admin, "CREATE DATABASE "+tmp); err != nil {
		return "", err
	}
	if err := migrate(d, tmp); err != nil {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + tmp + " WITH (FORCE)") // err says why
		return "", err
	}
	// The migrating connections may take a moment to leave the server, and
	// PostgreSQL renames no database anyone is connected to.
	for try := 0; ; try++ {
		_, err = admin.Exec("ALTER DATABASE " + tmp + " RENAME TO " + name)
		var pe *pgconn.PgError
		if err == nil || try == 50 || !errors.As(err, &pe) || pe.Code != "55006" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + tmp + " WITH (FORCE)") // another process's is in place, or err says why
		if ok, _ := exists(); ok {
			return name, nil
		}
		return "", fmt.Errorf("rename the new template: %w", err)
	}
	return name, nil
}

// readyTable marks a MariaDB template whose migrations all went through; it
// is not copied.
const readyTable = "zz_template_ready"

// mysqlTable is one table of the MariaDB template: its CREATE statement and
// whether it has rows to copy.
type mysqlTable struct {
	name, create string
	rows         bool
}

// mysqlLayout is the template of this process's MariaDB server, read once.
var mysqlLayout []mysqlTable

// mysqlTemplate finds or builds MariaDB's template under a server-wide lock
// (GET_LOCK), so that processes starting at once build it once, and reads
// its tables.
func mysqlTemplate(d sqldb.Dialect) (string, error) {
	name, err := templateName(d)
	if err != nil {
		return "", err
	}
	admin, err := openAdmin(d)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	ctx := context.Background()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT GET_LOCK(?, 600)`, name).Scan(&got); err != nil || got.Int64 != 1 {
		return "", fmt.Errorf("lock %s: %v (%v)", name, err, got)
	}
	defer conn.ExecContext(ctx, `SELECT RELEASE_LOCK(?)`, name)
	var ready int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`,
		name, readyTable).Scan(&ready); err != nil {
		return "", err
	}
	if ready == 0 {
		// A template without its mark is one whose build was cut short.
		for _, stmt := range []string{
			"DROP DATABASE IF EXISTS " + name,
			"CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return "", err
			}
		}
		if err := migrate(d, name); err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, "CREATE TABLE "+name+"."+readyTable+" (built_at VARCHAR(40))"); err != nil {
			return "", err
		}
	}
	mysqlLayout, err = readMySQLLayout(ctx, conn, name)
	return name, err
}

// readMySQLLayout reads the template's tables: what creates each and
// whether it has rows.
func readMySQLLayout(ctx context.Context, conn *sql.Conn, name string) ([]mysqlTable, error) {
	rows, err := conn.QueryContext(ctx, `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> ? ORDER BY TABLE_NAME`, name, readyTable)
	if err != nil {
		return nil, err
	}
	var tables []mysqlTable
	for rows.Next() {
		var table, kind string
		if err := rows.Scan(&table, &kind); err != nil {
			rows.Close()
			return nil, err
		}
		if kind != "BASE TABLE" {
			rows.Close()
			return nil, fmt.Errorf("%s.%s is a %s, which dbtest cannot copy yet", name, table, kind)
		}
		tables = append(tables, mysqlTable{name: table})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range tables {
		var table string
		t := &tables[i]
		if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+name+"."+t.name).Scan(&table, &t.create); err != nil {
			return nil, err
		}
		if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+name+"."+t.name+")").Scan(&t.rows); err != nil {
			return nil, err
		}
	}
	return tables, nil
}

// copyMySQL gives the empty database to the template's tables and rows. The
// tables are created several at once, without foreign-key checks so that
// their order does not matter; each CREATE waits for its own flush, and
// the server overlaps them.
func copyMySQL(tpl, to string) error {
	_, _, source, err := sqldb.Parse(serverDSN(sqldb.MySQL, to))
	if err != nil {
		return err
	}
	cfg, err := mysql.ParseDSN(source)
	if err != nil {
		return err
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["foreign_key_checks"] = "0"
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	const together = 6
	db.SetMaxOpenConns(together)
	var g errgroup.Group
	g.SetLimit(together)
	for _, t := range mysqlLayout {
		g.Go(func() error {
			if _, err := db.Exec(t.create); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, t := range mysqlLayout {
		if !t.rows {
			continue
		}
		if _, err := db.Exec("INSERT INTO " + to + "." + t.name + " SELECT * FROM " + tpl + "." + t.name); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}
