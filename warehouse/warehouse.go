// Package warehouse is zhengzhi's own database: the loaded copy of every
// bureau's contract tables, the records of pulls and set-aside rows, stored
// assessments, the job ledger and the draws. It opens SQLite, PostgreSQL or
// MySQL/MariaDB through sqlx and applies the embedded schema migrations on open.
package warehouse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// Open connects to the warehouse DSN and brings its schema up to date. A
// SQLite warehouse's folder is made when missing.
func Open(ctx context.Context, dsn string) (*Warehouse, error) {
	if path, ok := sqldb.SQLiteFile(dsn); ok && path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return nil, fmt.Errorf("warehouse: %w", err)
		}
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("warehouse: %w", err)
	}
	w := &Warehouse{db: db}
	if err := w.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", db.Name, err)
	}
	return w, nil
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

// migrate applies, in order and each in its own transaction where the engine
// allows, the migrations (migrations.go) not yet recorded in schema_migrations.
func (w *Warehouse) migrate(ctx context.Context) error {
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
	all, err := migrations(sql.FS, w.db.Dialect)
	if err != nil {
		return err
	}
	var done []int
	if err := w.db.SelectContext(ctx, &done, `SELECT version FROM schema_migrations`); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	for _, v := range done {
		applied[v] = true
	}
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		if err := w.apply(ctx, m.version, m.name, m.text); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
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
