package warehouse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
// row. Each row carries the SHA-256 of the row before it (AuditHash), and the
// one row of audit_head names the last row, so a changed, removed or
// truncated row breaks the chain where VerifyAudit finds it.
//
// Appends are serialised across processes by the head row: every append
// locks it (SELECT … FOR UPDATE on PostgreSQL and MySQL; on SQLite the
// transaction takes the database's one write lock at BEGIN), reads the last
// sequence number and hash, writes its rows chained on them and moves the
// head, all in one transaction. Two serve processes on one warehouse thus
// interleave whole batches, never rows with the same predecessor.

// GenesisHash is the previous-row hash of the first row of the log.
var GenesisHash = strings.Repeat("0", 64)

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

// auditTime is the one text form of a row's time that the hash covers: UTC,
// microseconds, as every engine gives it back.
func auditTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// AuditHash is a row's hash: SHA-256, in hex, of the previous row's hash and
// the row's fields (seq, time, account, unit, client, action, target,
// outcome), each written as its length in bytes, ':', the value and a
// newline, so no two rows write the same text.
func AuditHash(e AuditEntry) string {
	var seq [20]byte
	b := make([]byte, 0, 256)
	for _, f := range [...]string{e.PrevHash, string(strconv.AppendInt(seq[:0], e.Seq, 10)), auditTime(e.At), e.Account, e.Unit,
		e.Client, e.Action, e.Target, e.Outcome} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, '\n')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// auditChunk is how many rows one prepared INSERT of AppendAudit writes.
const auditChunk = 16

// AppendAudit appends rows to the audit log in one transaction, in order,
// each chained on the one before; it sets their Seq, PrevHash and Hash.
func (w *Warehouse) AppendAudit(ctx context.Context, entries []AuditEntry) error {
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
			e.Hash = AuditHash(*e)
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

// AuditCheck is what VerifyAudit found.
type AuditCheck struct {
	// Rows is how many rows were read.
	Rows int64
	// OK is true when every row's hash is right and chains on the row before,
	// the sequence has no gap and the head names the last row.
	OK bool
	// BadSeq is the first row where the chain breaks (0 when OK or when only
	// the head disagrees), and Problem says how, in Chinese.
	BadSeq  int64
	Problem string
}

// VerifyAudit reads the whole audit log in order and checks its chain.
func (w *Warehouse) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	var check AuditCheck
	rows, err := w.db.Read.QueryxContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return check, fmt.Errorf("audit log: read: %w", err)
	}
	defer rows.Close()
	prev := GenesisHash
	var seq int64
	for rows.Next() {
		var r auditRow
		if err := rows.StructScan(&r); err != nil {
			return check, fmt.Errorf("audit log: read: %w", err)
		}
		check.Rows++
		e := r.entry()
		switch {
		case e.Seq != seq+1:
			return fail(check, seq+1, fmt.Sprintf("第 %d 条记录缺失（下一条为第 %d 条）", seq+1, e.Seq)), nil
		case e.PrevHash != prev:
			return fail(check, e.Seq, fmt.Sprintf("第 %d 条记录所存的前一条哈希与第 %d 条记录不符", e.Seq, seq)), nil
		case AuditHash(e) != e.Hash:
			return fail(check, e.Seq, fmt.Sprintf("第 %d 条记录的内容与其哈希不符（已被修改）", e.Seq)), nil
		}
		seq, prev = e.Seq, e.Hash
	}
	if err := rows.Err(); err != nil {
		return check, fmt.Errorf("audit log: read: %w", err)
	}
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	if err := w.db.Read.GetContext(ctx, &head, `SELECT seq, hash FROM audit_head WHERE id = 1`); err != nil {
		return check, fmt.Errorf("audit log: read the chain's head: %w", err)
	}
	if head.Seq != seq || head.Hash != prev {
		return fail(check, 0, fmt.Sprintf("日志末尾缺失：链头记为第 %d 条，表中最后一条为第 %d 条", head.Seq, seq)), nil
	}
	check.OK = true
	return check, nil
}

func fail(c AuditCheck, seq int64, problem string) AuditCheck {
	c.BadSeq, c.Problem = seq, problem
	return c
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
