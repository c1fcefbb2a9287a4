package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"zhengzhi"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"zhengzhi/sqldb"
)

// Upsert stores rows of one contract table for the bureau, replacing the
// versions it already holds (by bureau and id). columns are the table's
// contract columns, id first; every row holds their values in that order.
// The load adds bureau and pull_id. PostgreSQL gets the rows by COPY into a
// temporary table and one INSERT … ON CONFLICT from it; SQLite and MySQL by
// multi-row INSERTs as large as the engine's parameter limit allows.
func (l *Load) Upsert(ctx context.Context, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	all := make([]string, 0, len(columns)+2)
	all = append(append(append(all, "bureau"), columns...), "pull_id")
	var err error
	if l.dialect == sqldb.Postgres {
		err = l.copyUpsert(ctx, table, all, rows)
	} else {
		err = l.insertRows(ctx, table, all, rows, l.upsertTail(all))
	}
	if err != nil {
		return fmt.Errorf("store %d %s rows of %s: %w", len(rows), table, l.Bureau, err)
	}
	return nil
}

// Insert stores rows the warehouse does not hold yet — the first pull of a
// table, when the bureau has no rows in it — without the cost of looking
// for conflicts: COPY straight into the table on PostgreSQL, plain
// multi-row INSERTs elsewhere.
func (l *Load) Insert(ctx context.Context, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	all := make([]string, 0, len(columns)+2)
	all = append(append(append(all, "bureau"), columns...), "pull_id")
	var err error
	if l.dialect == sqldb.Postgres {
		err = l.copyRows(ctx, table, all, rows)
	} else {
		err = l.insertRows(ctx, table, all, rows, "")
	}
	if err != nil {
		return fmt.Errorf("store %d new %s rows of %s: %w", len(rows), table, l.Bureau, err)
	}
	return nil
}

// upsertTail is the conflict clause that replaces every column but the key.
func (l *Load) upsertTail(all []string) string {
	set := make([]string, 0, len(all))
	for _, c := range all {
		if c != "bureau" && c != "id" {
			set = append(set, c)
		}
	}
	return " " + upsert(l.dialect, []string{"bureau", "id"}, set...)
}

// rowsPerInsert is the number of rows of one multi-row INSERT: large enough
// to spread the cost of a statement, small enough to stay under every
// engine's parameter limit with the widest table.
const rowsPerInsert = 500

// insertRows writes rows by multi-row INSERTs ending in tail (the conflict
// clause, or nothing). The full-size statement is prepared once per load and
// table, because parsing a statement of thousands of parameters costs as
// much as running it.
func (l *Load) insertRows(ctx context.Context, table string, all []string, rows [][]any, tail string) error {
	head := `INSERT INTO ` + table + ` (` + strings.Join(all, ", ") + `) VALUES `
	tuple := `(?` + strings.Repeat(", ?", len(all)-1) + `)`
	statement := func(n int) string { return head + tuple + strings.Repeat(", "+tuple, n-1) + tail }
	args := make([]any, 0, rowsPerInsert*len(all))
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(append(append(args, l.Bureau), r...), l.PullID)
		}
		if err := l.execMany(ctx, statement(n), n == rowsPerInsert, args); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// execMany runs one statement of a series over many rows; the full-size one
// is prepared once per load on the transaction, because parsing a statement
// of thousands of parameters costs as much as running it. A PostgreSQL load
// runs on its connection without a sql.Tx, and pgx caches its statements
// itself.
func (l *Load) execMany(ctx context.Context, q string, fullSize bool, args []any) error {
	if !fullSize || l.tx == nil {
		_, err := l.q.ExecContext(ctx, q, args...)
		return err
	}
	stmt, err := l.prepared(ctx, q)
	if err == nil {
		_, err = stmt.ExecContext(ctx, args...)
	}
	return err
}

// prepared is a statement prepared on the load's transaction, made once.
func (l *Load) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if stmt, ok := l.stmts[q]; ok {
		return stmt, nil
	}
	stmt, err := l.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	l.stmts[q] = stmt
	return stmt, nil
}

func (l *Load) copyUpsert(ctx context.Context, table string, all []string, rows [][]any) error {
	tmp := "zz_load_" + table
	if !l.temps[table] {
		if _, err := l.q.ExecContext(ctx, `CREATE TEMP TABLE `+tmp+` (LIKE `+table+` INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return err
		}
		l.temps[table] = true
	}
	if err := l.copyRows(ctx, tmp, all, rows); err != nil {
		return err
	}
	cols := strings.Join(all, ", ")
	if _, err := l.q.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) SELECT `+cols+` FROM `+tmp+l.upsertTail(all)); err != nil {
		return err
	}
	_, err := l.q.ExecContext(ctx, `TRUNCATE `+tmp)
	return err
}

// copyRows writes rows into a table by COPY on the load's connection.
func (l *Load) copyRows(ctx context.Context, table string, all []string, rows [][]any) error {
	full := make([][]any, len(rows))
	for i, r := range rows {
		row := make([]any, 0, len(all))
		row = append(row, l.Bureau)
		for _, v := range r {
			if d, ok := v.(zhengzhi.Date); ok {
				// pgx writes DATE in COPY's binary format from a time.Time, not from text.
				v = dateForCopy(d)
			}
			row = append(row, v)
		}
		full[i] = append(row, l.PullID)
	}
	err := l.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, all, pgx.CopyFromRows(full))
		return err
	})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	return nil
}

// dateForCopy is a date as pgx's COPY writes a DATE: a time.Time at its
// midnight (UTC, whose calendar day pgx takes), or NULL.
func dateForCopy(d zhengzhi.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Midnight(time.UTC)
}
