package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zhengzhi/sqldb"
)

// querier is what a load runs its statements on: the transaction, or on
// PostgreSQL the connection holding a transaction begun by hand.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Rebind(query string) string
}

// Load is one pull's writes into the warehouse for one bureau. Every write
// of the pull — rows, issues, watermarks — happens in one transaction on one
// connection, so a pull that fails half-way leaves the bureau's earlier data
// as it was. On PostgreSQL the transaction is begun by hand on the
// connection, because COPY cannot join a database/sql transaction.
type Load struct {
	Bureau  string
	PullID  int64
	dialect sqldb.Dialect
	conn    *sqlx.Conn
	tx      *sqlx.Tx
	q       querier
	temps   map[string]bool // PostgreSQL temp tables made in this transaction
	stmts   map[string]*sql.Stmt
	closed  bool
}

// BeginLoad starts the transaction of one pull of one bureau.
func (w *Warehouse) BeginLoad(ctx context.Context, bureau string, pullID int64) (*Load, error) {
	conn, err := w.db.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("warehouse connection: %w", err)
	}
	l := &Load{Bureau: bureau, PullID: pullID, dialect: w.db.Dialect, conn: conn, temps: map[string]bool{}, stmts: map[string]*sql.Stmt{}}
	if w.db.Dialect == sqldb.Postgres {
		if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
			conn.Close()
			return nil, fmt.Errorf("begin load of %s: %w", bureau, err)
		}
		// A load's lookups run as cached statements over tables that grow during
		// the transaction without statistics: after five runs PostgreSQL would
		// switch to a generic plan that scans the whole table for each batch.
		if _, err := conn.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			_, _ = conn.ExecContext(ctx, `ROLLBACK`)
			conn.Close()
			return nil, fmt.Errorf("begin load of %s: %w", bureau, err)
		}
		l.q = conn
		return l, nil
	}
	l.tx, err = conn.BeginTxx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin load of %s: %w", bureau, err)
	}
	l.q = l.tx
	return l, nil
}

// Commit makes the pull's writes visible.
func (l *Load) Commit(ctx context.Context) error {
	if l.closed {
		return fmt.Errorf("load of %s already ended", l.Bureau)
	}
	l.closed = true
	defer l.conn.Close()
	var err error
	if l.tx != nil {
		err = l.tx.Commit()
	} else {
		_, err = l.conn.ExecContext(ctx, `COMMIT`)
	}
	if err != nil {
		return fmt.Errorf("commit load of %s: %w", l.Bureau, err)
	}
	return nil
}

// Rollback undoes the pull's writes; it does nothing after Commit.
func (l *Load) Rollback(ctx context.Context) {
	if l.closed {
		return
	}
	l.closed = true
	if l.tx != nil {
		l.tx.Rollback()
	} else {
		_, _ = l.conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	}
	l.conn.Close()
}

// Watermark is the newest updated_at loaded from one table of the bureau; zero if none.
func (l *Load) Watermark(ctx context.Context, table string) (time.Time, error) {
	rows, err := l.q.QueryContext(ctx, l.q.Rebind(`SELECT watermark FROM watermarks WHERE bureau = ? AND table_name = ?`), l.Bureau, table)
	if err != nil {
		return time.Time{}, fmt.Errorf("read watermark of %s: %w", table, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return time.Time{}, rows.Err()
	}
	var text string
	if err := rows.Scan(&text); err != nil {
		return time.Time{}, fmt.Errorf("read watermark of %s: %w", table, err)
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return time.Time{}, fmt.Errorf("watermark of %s %s: %w", l.Bureau, table, err)
	}
	return t, nil
}

// SetWatermark records the newest updated_at loaded from one table.
func (l *Load) SetWatermark(ctx context.Context, table string, t time.Time) error {
	q := `INSERT INTO watermarks (bureau, table_name, watermark) VALUES (?, ?, ?) ` +
		upsert(l.dialect, []string{"bureau", "table_name"}, "watermark")
	if _, err := l.q.ExecContext(ctx, l.q.Rebind(q), l.Bureau, table, t.UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("record watermark of %s: %w", table, err)
	}
	return nil
}

// IDs lists the ids of one table of the bureau, withdrawn rows included;
// ingest reads the enterprises' to know which ones the bureau's other rows
// may refer to.
func (l *Load) IDs(ctx context.Context, table string) (map[string]struct{}, error) {
	rows, err := l.q.QueryContext(ctx, l.q.Rebind(`SELECT id FROM `+table+` WHERE bureau = ?`), l.Bureau)
	if err != nil {
		return nil, fmt.Errorf("read ids of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[string]struct{}{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read ids of %s: %w", table, err)
		}
		out[id] = struct{}{}
	}
	return out, rows.Err()
}

// HasRows reports whether the warehouse holds any row of the table for the bureau.
func (l *Load) HasRows(ctx context.Context, table string) (bool, error) {
	rows, err := l.q.QueryContext(ctx, l.q.Rebind(`SELECT 1 FROM `+table+` WHERE bureau = ? LIMIT 1`), l.Bureau)
	if err != nil {
		return false, fmt.Errorf("look into %s: %w", table, err)
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

// Held is the version of a row the warehouse holds: the source row's
// updated_at and fingerprint (row_hash) when it was loaded; HasHash is false
// for rows loaded before fingerprints were kept.
type Held struct {
	UpdatedAt time.Time
	Hash      int64
	HasHash   bool
}

// Existing tells which of the ids the warehouse already holds for the
// bureau, with the version it holds.
func (l *Load) Existing(ctx context.Context, table string, ids []string) (map[string]Held, error) {
	out := make(map[string]Held)
	for len(ids) > 0 {
		n := min(len(ids), 5000)
		args := make([]any, 0, n+1)
		args = append(args, l.Bureau)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		q := `SELECT id, updated_at, row_hash FROM ` + table + ` WHERE bureau = ? AND id IN (?` + strings.Repeat(", ?", n-1) + `)`
		rows, err := l.q.QueryContext(ctx, l.q.Rebind(q), args...)
		if err != nil {
			return nil, fmt.Errorf("look up %s rows: %w", table, err)
		}
		for rows.Next() {
			var id string
			var at time.Time
			var hash sql.NullInt64
			if err := rows.Scan(&id, &at, &hash); err != nil {
				rows.Close()
				return nil, fmt.Errorf("look up %s rows: %w", table, err)
			}
			out[id] = Held{UpdatedAt: at.UTC(), Hash: hash.Int64, HasHash: hash.Valid}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("look up %s rows: %w", table, err)
		}
		ids = ids[n:]
	}
	return out, nil
}

// Withdraw marks a held row as withdrawn by the bureau, for a withdrawn
// version that cannot itself be stored; updatedAt and hash are that version's.
func (l *Load) Withdraw(ctx context.Context, table, id string, updatedAt time.Time, hash int64) error {
	if _, err := l.q.ExecContext(ctx, l.q.Rebind(`UPDATE `+table+` SET deleted = 1, updated_at = ?, row_hash = ?, pull_id = ? WHERE bureau = ? AND id = ?`),
		updatedAt.UTC(), hash, l.PullID, l.Bureau, id); err != nil {
		return fmt.Errorf("withdraw %s %s: %w", table, id, err)
	}
	return nil
}
