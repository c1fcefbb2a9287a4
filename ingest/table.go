package ingest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi/contract"
	"zhengzhi/internal/progress"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// batchSize is how many rows are checked against the warehouse and written at once.
const batchSize = 5000

// tablePull reads one table of a source and loads it (see the package
// documentation for the rules it follows).
type tablePull struct {
	t      *contract.Table
	src    *sqldb.DB
	load   *warehouse.Load
	scope  *contract.Scope
	textTS bool
	bar    *progress.Bar

	watermark time.Time
	newest    time.Time
	// fresh is a table of which the warehouse holds no row of the bureau yet:
	// every row is new, so none is looked up and none can conflict.
	fresh  bool
	counts warehouse.TableCounts

	// Owned by the reading goroutine until it ends: the rows with open
	// issues, the set-aside rows still to try again, and those of them the
	// source no longer has.
	marks map[string]warehouse.IssueMark
	retry map[string]bool
	gone  []string
}

// pending is a checked row waiting to be written.
type pending struct {
	res       contract.Result
	raw       string // the source row as JSON, kept for rows with problems
	hadIssues bool   // the warehouse lists issues of an earlier version
}

func (tp *tablePull) run(ctx context.Context) error {
	var err error
	if tp.watermark, err = tp.load.Watermark(ctx, tp.t.Name); err != nil {
		return err
	}
	if tp.marks, err = tp.load.IssueMarks(ctx, tp.t.Name); err != nil {
		return err
	}
	if tp.watermark.IsZero() {
		held, err := tp.load.HasRows(ctx, tp.t.Name)
		if err != nil {
			return err
		}
		tp.fresh = !held
	}
	tp.retry = map[string]bool{}
	for id, m := range tp.marks {
		if m.Rejected {
			tp.retry[id] = true
		}
	}
	// Reading and checking overlap writing: one goroutine reads the source
	// and checks the rows, this one writes them, with at most two batches
	// between, so memory does not grow with the table.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []pending, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- tp.scan(ctx, batches)
	}()
	for b := range batches {
		if err == nil {
			if err = tp.flush(ctx, b); err != nil {
				cancel()
			}
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	for _, id := range tp.gone {
		if err := tp.load.ClearIssues(ctx, tp.t.Name, id); err != nil {
			return err
		}
	}
	if tp.newest.After(tp.watermark) {
		return tp.load.SetWatermark(ctx, tp.t.Name, tp.newest)
	}
	return nil
}

// scan reads the new and changed rows, then the set-aside rows the
// incremental read did not bring, and sends them checked, in batches.
func (tp *tablePull) scan(ctx context.Context, out chan<- []pending) error {
	cols := strings.Join(tp.t.ColumnNames(), ", ")
	q, args := `SELECT `+cols+` FROM `+tp.t.Name, []any(nil)
	switch {
	case tp.watermark.IsZero():
	case tp.textTS:
		q, args = q+` WHERE updated_at >= ?`, []any{tp.watermark.AddDate(0, 0, -1).Format(time.DateOnly)}
	default:
		q, args = q+` WHERE updated_at >= ?`, []any{tp.watermark}
	}
	batch := make([]pending, 0, batchSize)
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		select {
		case out <- batch:
			batch = make([]pending, 0, batchSize)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := tp.read(ctx, q, args, false, &batch, send); err != nil {
		return err
	}
	if err := tp.retryRejected(ctx, cols, &batch, send); err != nil {
		return err
	}
	return send()
}

// retryRejected reads again the set-aside rows the incremental read did not
// bring; one the bureau has since removed outright takes its issues with it.
func (tp *tablePull) retryRejected(ctx context.Context, cols string, batch *[]pending, send func() error) error {
	ids := make([]string, 0, len(tp.retry))
	for id := range tp.retry {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for part := range slices.Chunk(ids, 500) {
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := `SELECT ` + cols + ` FROM ` + tp.t.Name + ` WHERE id IN (?` + strings.Repeat(", ?", len(part)-1) + `)`
		if err := tp.read(ctx, q, args, true, batch, send); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if tp.retry[id] {
			tp.gone = append(tp.gone, id)
		}
	}
	return nil
}

// read streams the rows of a query, checks them and adds them to the
// batch. It leaves out the rows older than the watermark that a text
// comparison brings along, and the rows still rejected in the version
// already recorded.
func (tp *tablePull) read(ctx context.Context, q string, args []any, retrying bool, batch *[]pending, send func() error) error {
	rows, err := tp.src.QueryContext(ctx, tp.src.Rebind(q), args...)
	if err != nil {
		return sourceError{err}
	}
	defer rows.Close()
	n := len(tp.t.Columns)
	raw := make([]any, n)
	ptrs := make([]any, n)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return sourceError{err}
		}
		res := tp.t.Validate(raw, tp.scope)
		if !retrying && !res.UpdatedAt.IsZero() && res.UpdatedAt.Before(tp.watermark) {
			continue
		}
		key := clip(res.ID, issueIDLen)
		delete(tp.retry, key)
		m, hadIssues := tp.marks[key]
		if hadIssues && res.Rejected() && m.Rejected && m.RejectedAt.Equal(res.UpdatedAt) {
			continue
		}
		p := pending{res: res, hadIssues: hadIssues}
		if len(res.Problems) > 0 {
			p.raw = rawJSON(tp.t, raw)
		}
		*batch = append(*batch, p)
		if len(*batch) >= batchSize {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return sourceError{err}
	}
	return nil
}

// flush writes the batch: new and changed rows are stored, unchanged ones
// skipped, rejected ones recorded with their problems.
func (tp *tablePull) flush(ctx context.Context, batch []pending) error {
	held := map[string]time.Time{}
	if !tp.fresh {
		ids := make([]string, len(batch))
		for i, p := range batch {
			ids[i] = p.res.ID
		}
		var err error
		if held, err = tp.load.Existing(ctx, tp.t.Name, ids); err != nil {
			return err
		}
	}
	var rows [][]any
	var issues []warehouse.DataIssue
	for _, p := range batch {
		res := &p.res
		at, isHeld := held[res.ID]
		if isHeld && at.Equal(res.UpdatedAt) {
			continue
		}
		tp.counts.Read++
		if res.UpdatedAt.After(tp.newest) {
			tp.newest = res.UpdatedAt
		}
		if p.hadIssues {
			if err := tp.load.ClearIssues(ctx, tp.t.Name, clip(res.ID, issueIDLen)); err != nil {
				return err
			}
		}
		switch {
		case res.Deleted:
			tp.counts.Deleted++
			if !res.Rejected() {
				rows = append(rows, res.Row)
			} else if isHeld {
				if !res.UpdatedAt.IsZero() { // else unreadable: keep the held version's
					at = res.UpdatedAt
				}
				if err := tp.load.Withdraw(ctx, tp.t.Name, res.ID, at); err != nil {
					return err
				}
			}
		case res.Rejected():
			tp.counts.Rejected++
			issues = tp.issues(issues, p, contract.Reject)
		default:
			rows = append(rows, res.Row)
			if isHeld {
				tp.counts.Updated++
			} else {
				tp.counts.Loaded++
			}
			if len(res.Problems) > 0 {
				tp.counts.Warnings++
				issues = tp.issues(issues, p, contract.Warning)
			}
		}
	}
	store := tp.load.Upsert
	if tp.fresh {
		store = tp.load.Insert
	}
	if err := store(ctx, tp.t.Name, tp.t.ColumnNames(), rows); err != nil {
		return err
	}
	if err := tp.load.AddIssues(ctx, issues); err != nil {
		return err
	}
	tp.bar.Add(len(batch))
	return nil
}

// issues appends a row's problems of one severity.
func (tp *tablePull) issues(out []warehouse.DataIssue, p pending, sev contract.Severity) []warehouse.DataIssue {
	for _, pr := range p.res.Problems {
		if pr.Severity != sev {
			continue
		}
		out = append(out, warehouse.DataIssue{Table: tp.t.Name, RowID: clip(p.res.ID, issueIDLen), Severity: string(sev),
			Column: pr.Column, Value: pr.Value, Reason: pr.Reason, Raw: p.raw, RowUpdatedAt: p.res.UpdatedAt})
	}
	return out
}

// issueIDLen is the longest row id data_issues keeps; a longer id is itself
// a rejected value, shown whole in the raw row.
const issueIDLen = 64

// clip cuts s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// rawJSON writes a source row as a JSON object in column order, values as
// text the way the bureau's database shows them, null for NULL.
func rawJSON(t *contract.Table, raw []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Name)
		b.Write(k)
		b.WriteByte(':')
		if s, ok := contract.RawString(raw[i]); ok {
			v, _ := json.Marshal(s)
			b.Write(v)
		} else {
			b.WriteString("null")
		}
	}
	b.WriteByte('}')
	return b.String()
}
