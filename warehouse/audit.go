package warehouse

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"

	"github.com/jmoiron/sqlx"

	"zhengzhi/sqldb"
)

// The audit log is append-only: the application never updates or deletes a
// row. Each row stores the hash of the row before it (PrevHash) and its own
// (Hash), and the one row of audit_head names the last row. How a row's hash
// is made and how the chain is verified are package account's rules: the
// warehouse numbers and stores the rows and calls the hash it is given.
//
// Appends are serialised across processes by the head row: every append
// locks it (SELECT … FOR UPDATE on PostgreSQL and MySQL; on SQLite the
// transaction takes the database's one write lock at BEGIN), reads the last
// sequence number and hash, writes its rows chained on them and moves the
// head, all in one transaction. Two serve processes on one warehouse thus
// interleave whole batches, never rows with the same predecessor.

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	// Seq numbers the rows from 1 without gaps; set by AppendAudit.
	Seq int64
	At  time.Time
	// Account is the login (as typed, for a failed login of an unknown one);
	// Unit the account's unit code, "" when unknown.
	Account string
	Unit    string
	// Client is the client's address.
	Client string
	// Action is what happened (login, download, refused, …), Target what it
	// happened to (a path, an account), Outcome how it ended.
	Action  string
	Target  string
	Outcome string
	// PrevHash and Hash chain the row; set by AppendAudit.
	PrevHash string
	Hash     string
}

// auditWidths are the stored widths of the text columns, in characters: a
// longer value is cut before it is hashed, so the hash covers what is stored.
var auditWidths = struct{ account, unit, client, action, target, outcome int }{64, 6, 64, 32, 1000, 255}

// auditChunk is how many rows one prepared INSERT of AppendAudit writes.
const auditChunk = 16

// AppendAudit appends rows to the audit log in one transaction, in order,
// each chained on the one before; it sets their Seq and PrevHash, cuts
// their text to the stored widths, and sets Hash to what hash makes of the
// row so filled.
func (w *Warehouse) AppendAudit(ctx context.Context, entries []AuditEntry, hash func(AuditEntry) string) error {
	if len(entries) == 0 {
		return nil
	}
	lock := rowLock(w.db.Dialect)
	// Rows go in chunks of auditChunk through one prepared INSERT. The rest
	// of a batch goes one row at a time through another on SQLite, which runs
	// in this process and parses a statement for more than it costs to run
	// it; the servers get the rest in one statement, one round trip.
	const insertRow = `INSERT INTO audit_log (seq, at, account, unit, client, action, target, outcome, prev_hash, hash) VALUES `
	const oneRow = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	rows := func(n int) string { return insertRow + strings.TrimSuffix(strings.Repeat(oneRow+", ", n), ", ") }
	var stmts [4]*sqlx.Stmt
	for i, q := range []string{`SELECT seq, hash FROM audit_head WHERE id = 1` + lock, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`,
		rows(auditChunk), rows(1)} {
		stmt, err := w.preparedWrite(ctx, q)
		if err != nil {
			return fmt.Errorf("audit log: %w", err)
		}
		stmts[i] = stmt
	}
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer tx.Rollback()
	readHead, moveHead := tx.StmtxContext(ctx, stmts[0]), tx.StmtxContext(ctx, stmts[1])
	insertChunk, insertOne := tx.StmtxContext(ctx, stmts[2]), tx.StmtxContext(ctx, stmts[3])
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	if err := readHead.GetContext(ctx, &head); err != nil {
		return fmt.Errorf("audit log: read the chain's head: %w", err)
	}
	const cols = 10
	args := make([]any, 0, auditChunk*cols)
	for start := 0; start < len(entries); {
		n := min(auditChunk, len(entries)-start)
		if n < auditChunk && w.db.Dialect == sqldb.SQLite {
			n = 1
		}
		batch := entries[start : start+n]
		start += n
		args = args[:0]
		for i := range batch {
			e := &batch[i]
			e.At = e.At.UTC().Truncate(time.Microsecond)
			e.Account, e.Unit, e.Client = zhengzhi.Clip(e.Account, auditWidths.account, ""), zhengzhi.Clip(e.Unit, auditWidths.unit, ""), zhengzhi.Clip(e.Client, auditWidths.client, "")
			e.Action, e.Target, e.Outcome = zhengzhi.Clip(e.Action, auditWidths.action, ""), zhengzhi.Clip(e.Target, auditWidths.target, ""), zhengzhi.Clip(e.Outcome, auditWidths.outcome, "")
			head.Seq++
			e.Seq, e.PrevHash = head.Seq, head.Hash
			e.Hash = hash(*e)
			head.Hash = e.Hash
			args = append(args, e.Seq, instant(e.At), e.Account, e.Unit, e.Client, e.Action, e.Target, e.Outcome, e.PrevHash, e.Hash)
		}
		switch n {
		case auditChunk:
			_, err = insertChunk.ExecContext(ctx, args...)
		case 1:
			_, err = insertOne.ExecContext(ctx, args...)
		default:
			_, err = tx.ExecContext(ctx, tx.Rebind(rows(n)), args...)
		}
		if err != nil {
			return fmt.Errorf("audit log: append: %w", err)
		}
	}
	if _, err := moveHead.ExecContext(ctx, head.Seq, head.Hash); err != nil {
		return fmt.Errorf("audit log: move the chain's head: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// AuditFilter selects rows of the audit log; empty fields select all.
type AuditFilter struct {
	Account string
	Unit    string
	Action  string
	// From and To bound the rows' time, From included, To excluded.
	From, To time.Time
	// Limit, when above 0, returns only the newest Limit rows, newest first;
	// otherwise every row is returned, oldest first.
	Limit int
	// Before, when above 0, keeps the rows older than that sequence number:
	// the next page of a paged list.
	Before int64
}

const auditColumns = `seq, at, account, unit, client, action, target, outcome, prev_hash, hash`

// auditRow is how a row of the audit log comes back from any engine.
type auditRow struct {
	Seq      int64     `db:"seq"`
	At       time.Time `db:"at"`
	Account  string    `db:"account"`
	Unit     string    `db:"unit"`
	Client   string    `db:"client"`
	Action   string    `db:"action"`
	Target   string    `db:"target"`
	Outcome  string    `db:"outcome"`
	PrevHash string    `db:"prev_hash"`
	Hash     string    `db:"hash"`
}

func (r auditRow) entry() AuditEntry {
	return AuditEntry{Seq: r.Seq, At: r.At.UTC(), Account: r.Account, Unit: r.Unit, Client: r.Client, Action: r.Action,
		Target: r.Target, Outcome: r.Outcome, PrevHash: r.PrevHash, Hash: r.Hash}
}

// AuditLog lists the rows of the audit log the filter selects.
func (w *Warehouse) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{{"account", f.Account}, {"unit", f.Unit}, {"action", f.Action}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, instant(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, instant(f.To))
	}
	if f.Before > 0 {
		where = append(where, "seq < ?")
		args = append(args, f.Before)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	if f.Limit > 0 {
		q += ` ORDER BY seq DESC LIMIT ` + strconv.Itoa(f.Limit)
	} else {
		q += ` ORDER BY seq`
	}
	var rows []auditRow
	if err := w.db.Read.SelectContext(ctx, &rows, w.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("audit log: read: %w", err)
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// ScanAudit reads the whole audit log in order, row by row, into fn; an
// error from fn ends the scan and is returned.
func (w *Warehouse) ScanAudit(ctx context.Context, fn func(AuditEntry) error) error {
	rows, err := w.db.Read.QueryxContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("audit log: read: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r auditRow
		if err := rows.StructScan(&r); err != nil {
			return fmt.Errorf("audit log: read: %w", err)
		}
		if err := fn(r.entry()); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit log: read: %w", err)
	}
	return nil
}

// AuditHead is what the head row names: the last row's sequence number and hash.
func (w *Warehouse) AuditHead(ctx context.Context) (int64, string, error) {
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	if err := w.db.Read.GetContext(ctx, &head, `SELECT seq, hash FROM audit_head WHERE id = 1`); err != nil {
		return 0, "", fmt.Errorf("audit log: read the chain's head: %w", err)
	}
	return head.Seq, head.Hash, nil
}

// Downloads is what the audit log holds of one target's rows of one action
// and outcome by the accounts of one unit: how many, the first and the last.
type Downloads struct {
	Unit   string
	Target string
	Count  int64
	First  time.Time
	Last   time.Time
}

// DownloadsOf sums the rows of an action and outcome whose target starts
// with prefix, logged at since or later, by the account's unit and the
// target, in that order.
func (w *Warehouse) DownloadsOf(ctx context.Context, action, outcome, prefix string, since time.Time) ([]Downloads, error) {
	const q = `SELECT g.unit, g.target, g.downloads, f.at AS first_at, l.at AS last_at
FROM (SELECT unit, target, COUNT(*) AS downloads, MIN(seq) AS first_seq, MAX(seq) AS last_seq
      FROM audit_log WHERE at >= ? AND action = ? AND outcome = ? AND substr(target, 1, ?) = ?
      GROUP BY unit, target) g
JOIN audit_log f ON f.seq = g.first_seq
JOIN audit_log l ON l.seq = g.last_seq
ORDER BY g.unit, g.target`
	var rows []struct {
		Unit      string    `db:"unit"`
		Target    string    `db:"target"`
		Downloads int64     `db:"downloads"`
		FirstAt   time.Time `db:"first_at"`
		LastAt    time.Time `db:"last_at"`
	}
	if err := w.db.Read.SelectContext(ctx, &rows, w.db.Rebind(q), instant(since), action, outcome,
		utf8.RuneCountInString(prefix), prefix); err != nil {
		return nil, fmt.Errorf("audit log: downloads: %w", err)
	}
	out := make([]Downloads, len(rows))
	for i, r := range rows {
		out[i] = Downloads{Unit: r.Unit, Target: r.Target, Count: r.Downloads, First: r.FirstAt.UTC(), Last: r.LastAt.UTC()}
	}
	return out, nil
}
