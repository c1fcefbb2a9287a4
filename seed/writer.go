package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"

	"zhengzhi/sqldb"
)

// Batch sizes: multi-row INSERTs gain nothing past a thousand rows and grow
// megabytes long; a COPY takes more rows per round trip.
const (
	maxInsertRows = 1000
	copyRows      = 5000
)

// templateRows is how many early rows of a table are kept as models for the
// deliberately broken rows.
const templateRows = 16

// batchSink writes batches of one table's rows inside one transaction.
type batchSink interface {
	write(ctx context.Context, rows []row) error
	commit(ctx context.Context) error
	rollback(ctx context.Context)
}

// tableWriter collects one table's rows into batches for its sink, holding at
// most one batch in memory, and numbers the rows.
type tableWriter struct {
	ctx       context.Context
	spec      *tableSpec
	sink      batchSink
	batchRows int
	batch     []row
	seq       int // ids handed out so far
	written   int
	templates []row
	// frozen stops collecting templates once the good rows are written.
	frozen bool
}

// newTableWriter starts a table: a COPY on PostgreSQL when a pgx connection
// is at hand (twice as fast, see notes/findings.md), multi-row INSERTs elsewhere.
func newTableWriter(ctx context.Context, db *sqldb.DB, pg *pgx.Conn, t *tableSpec) (*tableWriter, error) {
	w := &tableWriter{ctx: ctx, spec: t}
	var err error
	if pg != nil {
		w.batchRows = copyRows
		w.sink, err = newCopySink(ctx, pg, t)
	} else {
		w.batchRows = min(db.Dialect.MaxParams()/len(t.cols), maxInsertRows)
		w.sink, err = newInsertSink(ctx, db, t, w.batchRows)
	}
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", t.name, err)
	}
	w.batch = make([]row, 0, w.batchRows)
	return w, nil
}

// nextID is the next row id of the table, named after the unit the row is about
// ("H-990102-000017"); the number runs over the whole bureau database, so ids
// are unique in it.
func (w *tableWriter) nextID(unit string) string {
	w.seq++
	return fmt.Sprintf("%s-%s-%06d", w.spec.prefix, unit, w.seq)
}

// add queues a row whose id is already set and writes a batch when one is full.
func (w *tableWriter) add(r row) error {
	if len(r) != len(w.spec.cols) {
		return fmt.Errorf("table %s: row %v has %d values for %d columns", w.spec.name, r[0], len(r), len(w.spec.cols))
	}
	if !w.frozen && len(w.templates) < templateRows {
		w.templates = append(w.templates, append(row(nil), r...))
	}
	w.batch = append(w.batch, r)
	if len(w.batch) == w.batchRows {
		return w.flush()
	}
	return nil
}

// addNew gives a row the next id named after unit and queues it.
func (w *tableWriter) addNew(unit string, r row) error {
	r[0] = w.nextID(unit)
	return w.add(r)
}

func (w *tableWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	if err := w.sink.write(w.ctx, w.batch); err != nil {
		return fmt.Errorf("table %s: write rows from %v: %w", w.spec.name, w.batch[0][0], err)
	}
	w.written += len(w.batch)
	w.batch = w.batch[:0]
	return nil
}

// commit writes what is left and commits the table's transaction.
func (w *tableWriter) commit() error {
	if err := w.flush(); err != nil {
		w.abort()
		return err
	}
	if err := w.sink.commit(w.ctx); err != nil {
		return fmt.Errorf("table %s: commit: %w", w.spec.name, err)
	}
	return nil
}

// abort rolls the table back after an error.
func (w *tableWriter) abort() { w.sink.rollback(context.WithoutCancel(w.ctx)) }

// insertSink writes batches as multi-row INSERTs, a prepared one for full batches.
type insertSink struct {
	tx   *sqlx.Tx
	spec *tableSpec
	full *sql.Stmt
	rows int
	args []any
}

func newInsertSink(ctx context.Context, db *sqldb.DB, t *tableSpec, rows int) (*insertSink, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	full, err := tx.PrepareContext(ctx, tx.Rebind(insertSQL(t, rows)))
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("prepare insert: %w", err)
	}
	return &insertSink{tx: tx, spec: t, full: full, rows: rows, args: make([]any, 0, rows*len(t.cols))}, nil
}

func insertSQL(t *tableSpec, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

func (s *insertSink) write(ctx context.Context, rows []row) error {
	s.args = s.args[:0]
	for _, r := range rows {
		s.args = append(s.args, r...)
	}
	if len(rows) == s.rows {
		_, err := s.full.ExecContext(ctx, s.args...)
		return err
	}
	_, err := s.tx.ExecContext(ctx, s.tx.Rebind(insertSQL(s.spec, len(rows))), s.args...)
	return err
}

func (s *insertSink) commit(context.Context) error {
	s.full.Close()
	return s.tx.Commit()
}

func (s *insertSink) rollback(context.Context) {
	s.full.Close()
	s.tx.Rollback()
}

// copySink writes batches with PostgreSQL's COPY, one COPY per batch inside
// one transaction, so memory stays one batch however large the table.
type copySink struct {
	tx   pgx.Tx
	spec *tableSpec
}

func newCopySink(ctx context.Context, pg *pgx.Conn, t *tableSpec) (*copySink, error) {
	tx, err := pg.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &copySink{tx: tx, spec: t}, nil
}

func (s *copySink) write(ctx context.Context, rows []row) error {
	_, err := s.tx.CopyFrom(ctx, pgx.Identifier{s.spec.name}, s.spec.cols, pgx.CopyFromSlice(len(rows),
		func(i int) ([]any, error) { return rows[i], nil }))
	return err
}

func (s *copySink) commit(ctx context.Context) error { return s.tx.Commit(ctx) }

func (s *copySink) rollback(ctx context.Context) { s.tx.Rollback(ctx) }
