// Package warehouse is zhengzhi's own database: the loaded copy of every
// bureau's contract tables, the records of pulls and set-aside rows, stored
// assessments, the job ledger and the draws. It opens SQLite, PostgreSQL or
// MySQL/MariaDB through sqlx; its schema is brought up to date by the embedded
// migrations (Migrate), which the commands an operator runs apply only when
// asked to (OpenCurrent refuses a warehouse that needs them).
package warehouse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"

	"zhengzhi/sql"
	"zhengzhi/sqldb"
)

// Warehouse is an open, migrated warehouse. Its database handle is its own:
// every statement on the warehouse's tables is a method here.
type Warehouse struct {
	db *sqldb.DB
	// reads are the prepared statements of the portal's hottest reads, by
	// query text, on the reader pool: every request of a session runs them.
	reads sync.Map // string → *sqlx.Stmt
	// writes are the prepared statements of the audit log's append, by query
	// text, on the writer's pool.
	writes sync.Map // string → *sqlx.Stmt
}

// Open connects to the warehouse DSN and brings its schema up to date, as
// tests and tools that make their own warehouse want. A SQLite warehouse's
// folder is made when missing. Commands an operator runs use OpenCurrent and
// Migrate, so that a migration happens only when asked for.
func Open(ctx context.Context, dsn string) (*Warehouse, error) {
	w, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := w.migrate(ctx, nil); err != nil {
		w.db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", w.db.Name, err)
	}
	return w, nil
}

// ErrNeedsMigration marks a warehouse whose schema is older than this
// program's: it must be migrated (zhengzhi migrate) before use.
var ErrNeedsMigration = errors.New("仓库的表结构需要升级")

// OpenCurrent connects to a warehouse whose schema is up to date, and
// refuses (ErrNeedsMigration, naming the pending migrations) one that is
// not, changing nothing in it.
func OpenCurrent(ctx context.Context, dsn string) (*Warehouse, error) {
	w, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	pending, err := w.Pending(ctx)
	if err != nil {
		w.db.Close()
		return nil, err
	}
	if len(pending) > 0 {
		w.db.Close()
		var names []string
		for _, m := range pending {
			names = append(names, m.String())
		}
		return nil, fmt.Errorf("%w：%d 个迁移待执行（%s）", ErrNeedsMigration, len(pending), strings.Join(names, "、"))
	}
	return w, nil
}

// Migrate connects to the warehouse and applies its pending migrations in
// order, calling applied after each; it returns the warehouse open.
func Migrate(ctx context.Context, dsn string, applied func(Migration)) (*Warehouse, error) {
	w, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := w.migrate(ctx, applied); err != nil {
		w.db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", w.db.Name, err)
	}
	return w, nil
}

// connect opens the warehouse DSN, making a SQLite warehouse's folder.
func connect(ctx context.Context, dsn string) (*Warehouse, error) {
	if path, ok := sqldb.SQLiteFile(dsn); ok && path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return nil, fmt.Errorf("warehouse: %w", err)
		}
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("warehouse: %w", err)
	}
	return &Warehouse{db: db}, nil
}

// Migration is one schema migration (migrations.go):
// sql/warehouse/NNN_name.sql or sql/warehouse/<dialect>/NNN_name.sql.
type Migration struct {
	Version int
	Name    string // the file's name
	text    string // its statements, spelled for the warehouse's engine
}

// SQL is the migration's statements as the warehouse's engine runs them.
func (m Migration) SQL() string { return m.text }

// Migrations lists, in order, every migration of an engine's warehouse,
// spelled for that engine: what a warehouse migrated from nothing has had.
func Migrations(d sqldb.Dialect) ([]Migration, error) { return migrations(sql.FS, d) }

// String is the migration as logs show it: its number and name.
func (m Migration) String() string {
	_, name, _ := strings.Cut(strings.TrimSuffix(m.Name, ".sql"), "_")
	return fmt.Sprintf("%03d %s", m.Version, name)
}

// Close closes the warehouse's connections.
func (w *Warehouse) Close() error {
	for _, m := range []*sync.Map{&w.reads, &w.writes} {
		m.Range(func(_, stmt any) bool {
			stmt.(*sqlx.Stmt).Close()
			return true
		})
	}
	return w.db.Close()
}

// preparedWrite is a write statement prepared once on the writer's pool,
// rebound for the dialect. Take it before beginning the transaction that
// uses it (SQLite's writer pool is one connection) and run it there through
// tx.StmtxContext, which reuses it where it is prepared on the
// transaction's connection.
func (w *Warehouse) preparedWrite(ctx context.Context, query string) (*sqlx.Stmt, error) {
	return prepareOnce(ctx, &w.writes, w.db.DB, w.db.Rebind(query))
}

// prepared is a read statement prepared once on the reader pool, rebound
// for the dialect; database/sql prepares it again on each connection it runs on.
func (w *Warehouse) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	return prepareOnce(ctx, &w.reads, w.db.Read, w.db.Rebind(query))
}

// prepareOnce returns the statement kept in cache under query, preparing it
// on pool the first time; of two first callers at once, one statement is kept.
func prepareOnce(ctx context.Context, cache *sync.Map, pool *sqlx.DB, query string) (*sqlx.Stmt, error) {
	if stmt, ok := cache.Load(query); ok {
		return stmt.(*sqlx.Stmt), nil
	}
	stmt, err := pool.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if old, loaded := cache.LoadOrStore(query, stmt); loaded {
		stmt.Close()
		return old.(*sqlx.Stmt), nil
	}
	return stmt, nil
}

// Dialect is the warehouse's engine.
func (w *Warehouse) Dialect() sqldb.Dialect { return w.db.Dialect }

// Name is the warehouse's DSN with any password masked, for logs and errors.
func (w *Warehouse) Name() string { return w.db.Name }

// Pending lists, in order, the migrations the warehouse has not had; it
// reads only (a warehouse never migrated has had none).
func (w *Warehouse) Pending(ctx context.Context) ([]Migration, error) {
	all, err := migrations(sql.FS, w.db.Dialect)
	if err != nil {
		return nil, err
	}
	var exists int
	switch w.db.Dialect {
	case sqldb.SQLite:
		err = w.db.GetContext(ctx, &exists, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
	case sqldb.Postgres:
		err = w.db.GetContext(ctx, &exists, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`)
	default:
		err = w.db.GetContext(ctx, &exists, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'`)
	}
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	if exists == 0 {
		return all, nil
	}
	var done []int
	if err := w.db.SelectContext(ctx, &done, `SELECT version FROM schema_migrations`); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	var pending []Migration
	for _, m := range all {
		if !slices.Contains(done, m.Version) {
			pending = append(pending, m)
		}
	}
	return pending, nil
}

// migrate applies, in order and each in its own transaction where the engine
// allows, the migrations not yet recorded in schema_migrations, calling
// applied (when not nil) after each.
func (w *Warehouse) migrate(ctx context.Context, applied func(Migration)) error {
	if _, err := w.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	if w.db.Dialect == sqldb.Postgres {
		// Several scheduler instances may start at once: one migrates, the others wait.
		conn, err := w.db.Connx(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727274)`)
	}
	pending, err := w.Pending(ctx)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if err := w.apply(ctx, m.Version, m.Name, m.text); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if applied != nil {
			applied(m)
		}
	}
	return nil
}

func (w *Warehouse) apply(ctx context.Context, version int, name, text string) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// MySQL commits DDL implicitly; a failed migration there is repaired by hand.
	for _, stmt := range splitStatements(text) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%w\n%s", err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), version, name); err != nil {
		return err
	}
	return tx.Commit()
}

// splitStatements splits SQL text on semicolons that end a line, dropping
// comment lines; the project's SQL files keep one statement per ';'-ended line.
func splitStatements(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// CheckWritable tells whether the warehouse's account may write, without
// writing: an update of no row of schema_migrations in a transaction rolled
// back (the engines check the right to update before finding rows).
func (w *Warehouse) CheckWritable(ctx context.Context) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `UPDATE schema_migrations SET name = name WHERE version < 0`)
	return err
}
