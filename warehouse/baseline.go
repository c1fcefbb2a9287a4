package warehouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// The bare engine's version of the ingest's loading, the baseline `zhengzhi
// bench` measures ingest against: the same source rows bulk-loaded into
// scratch tables beside the warehouse's own, the engine's fastest way, with no
// check, lookup or record.

// rawPrefix names the scratch tables the bare bulk load writes into.
const rawPrefix = "zz_raw_"

// rawBatch is how many rows the raw load hands the engine at once.
const rawBatch = 5000

// CreateBareTables makes, in the warehouse, one scratch table per contract
// table with the same columns (bureau first, pull_id last) and the same key
// (bureau, id), but no other index and no NOT NULL: the raw load stores the
// ~1% of rows that break the contract too, where it can.
func (w *Warehouse) CreateBareTables(ctx context.Context) error {
	for _, t := range contract.Tables() {
		cols := []string{"bureau " + keyType(w.db.Dialect)}
		for _, c := range t.Columns {
			typ := rawColumnType(w.db.Dialect, c)
			if c.Name == "id" {
				typ = keyType(w.db.Dialect) + " NOT NULL"
			}
			cols = append(cols, c.Name+" "+typ)
		}
		cols = append(cols, "pull_id BIGINT", "PRIMARY KEY (bureau, id)")
		name := rawPrefix + t.Name
		if _, err := w.db.ExecContext(ctx, `DROP TABLE IF EXISTS `+name); err != nil {
			return fmt.Errorf("drop scratch table %s: %w", name, err)
		}
		if _, err := w.db.ExecContext(ctx, `CREATE TABLE `+name+` (`+strings.Join(cols, ", ")+`)`); err != nil {
			return fmt.Errorf("create scratch table %s: %w", name, err)
		}
	}
	return nil
}

// DropBareTables removes the scratch tables.
func (w *Warehouse) DropBareTables(ctx context.Context) error {
	for _, t := range contract.Tables() {
		if _, err := w.db.ExecContext(ctx, `DROP TABLE IF EXISTS `+rawPrefix+t.Name); err != nil {
			return fmt.Errorf("drop scratch table %s%s: %w", rawPrefix, t.Name, err)
		}
	}
	return nil
}

// keyType is the type of the key columns: MySQL cannot index TEXT without a prefix.
func keyType(d sqldb.Dialect) string { return spellingOf(d).varchar(255) }

// rawColumnType is the engine's plain type for a contract column.
func rawColumnType(d sqldb.Dialect, c contract.Column) string {
	switch c.Kind {
	case contract.Date, contract.EventDate:
		return "DATE"
	case contract.Timestamp:
		return spellingOf(d).timestamp
	case contract.Flag, contract.Int:
		return "BIGINT"
	}
	return "TEXT"
}

// rawValue converts a value read from a bureau database into what the
// engine's bulk path takes for the column, the least a loader must do: SQLite
// takes anything as it is; PostgreSQL's binary COPY needs a time.Time for a
// date or timestamp and an integer for a number; MySQL in strict mode refuses
// an unreadable date. What cannot be converted is stored as NULL.
func rawValue(d sqldb.Dialect, k contract.Kind, v any) any {
	if d == sqldb.SQLite || v == nil {
		return v
	}
	switch k {
	case contract.Date, contract.EventDate:
		s, _ := contract.RawString(v)
		t, err := time.Parse(time.DateOnly, s)
		switch {
		case err != nil:
			return nil
		case d == sqldb.Postgres:
			return t
		}
		return s
	case contract.Timestamp:
		if t, ok := contract.ParseTimestamp(v); ok {
			return t
		}
		return nil
	case contract.Flag, contract.Int:
		if n, ok := v.(int64); ok {
			return n
		}
		s, _ := contract.RawString(v)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
		return nil
	}
	s, _ := contract.RawString(v)
	return s
}

// BareLoad bulk-loads every contract table of one bureau database, read in
// full, into the scratch tables — COPY (pgx CopyFrom on one pinned
// connection) on PostgreSQL, prepared multi-row INSERTs in one transaction on
// SQLite, multi-row INSERTs on MySQL — without checking a row, looking one up
// or recording anything. It returns the rows loaded.
func (w *Warehouse) BareLoad(ctx context.Context, src *sqldb.DB, bureau string) (int64, error) {
	conn, err := w.db.Connx(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, beginSQL(w.db.Dialect)); err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`) // the failure before it is the error
		}
	}()
	var total int64
	for _, t := range contract.Tables() {
		n, err := rawLoadTable(ctx, w.db.Dialect, src, conn, bureau, t)
		if err != nil {
			return total, fmt.Errorf("%s: %w", t.Name, err)
		}
		total += n
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return total, fmt.Errorf("commit: %w", err)
	}
	committed = true
	return total, nil
}

// beginSQL starts a transaction by hand on a pinned connection: COPY cannot
// join a database/sql transaction, and one code path serves all engines.
// SQLite takes the write lock at once, as the warehouse's own loads do.
func beginSQL(d sqldb.Dialect) string { return spellingOf(d).begin }

// rawLoadTable streams one source table into its scratch table in batches.
func rawLoadTable(ctx context.Context, d sqldb.Dialect, src *sqldb.DB, conn *sqlx.Conn, bureau string, t *contract.Table) (int64, error) {
	names := t.ColumnNames()
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.Name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	all := append(append([]string{"bureau"}, names...), "pull_id")
	flush, done := rawWriter(ctx, d, conn, rawPrefix+t.Name, all)
	defer done()
	raw := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	batch := make([][]any, 0, rawBatch)
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		r := make([]any, 0, len(all))
		r = append(r, bureau)
		for i, c := range t.Columns {
			r = append(r, rawValue(d, c.Kind, raw[i]))
		}
		batch = append(batch, append(r, int64(0)))
		if len(batch) == rawBatch {
			if err := flush(batch); err != nil {
				return n, err
			}
			n += int64(len(batch))
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if err := flush(batch); err != nil {
		return n, err
	}
	return n + int64(len(batch)), nil
}

// rawWriter returns the engine's bulk write of a batch of rows into a table,
// and the function that releases what it prepared.
func rawWriter(ctx context.Context, d sqldb.Dialect, conn *sqlx.Conn, table string, cols []string) (func([][]any) error, func()) {
	if d == sqldb.Postgres {
		return func(rows [][]any) error {
			if len(rows) == 0 {
				return nil
			}
			return conn.Raw(func(dc any) error {
				_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
				return err
			})
		}, func() {}
	}
	perStmt := min(d.MaxParams()/len(cols), 1000)
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	tuple := `(?` + strings.Repeat(", ?", len(cols)-1) + `)`
	statement := func(n int) string { return head + tuple + strings.Repeat(", "+tuple, n-1) }
	var full *sqlx.Stmt // the prepared statement of a whole batch, made on first use
	args := make([]any, 0, perStmt*len(cols))
	done := func() {
		if full != nil {
			full.Close()
		}
	}
	return func(rows [][]any) error {
		for len(rows) > 0 {
			n := min(len(rows), perStmt)
			args = args[:0]
			for _, r := range rows[:n] {
				args = append(args, r...)
			}
			var err error
			switch {
			case n < perStmt:
				_, err = conn.ExecContext(ctx, statement(n), args...)
			case d == sqldb.SQLite:
				// SQLite parses a statement anew each time: prepare the full-size one once.
				if full == nil {
					if full, err = conn.PreparexContext(ctx, statement(n)); err != nil {
						return err
					}
				}
				_, err = full.ExecContext(ctx, args...)
			default:
				// MySQL with interpolated parameters sends the text; preparing buys nothing.
				_, err = conn.ExecContext(ctx, statement(n), args...)
			}
			if err != nil {
				return err
			}
			rows = rows[n:]
		}
		return nil
	}, done
}
