package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"zhengzhi/sqldb"
)

// The outcomes of a pull.
const (
	// PullRunning marks a pull that has started and not finished (or whose process died).
	PullRunning = "running"
	// PullOK is a pull that loaded the bureau's changes.
	PullOK = "ok"
	// PullRefused is a database that lacks contract tables or columns.
	PullRefused = "refused"
	// PullUnreachable is a database that could not be opened or read.
	PullUnreachable = "unreachable"
	// PullFailed is a pull the warehouse could not store; the bureau's earlier data stays.
	PullFailed = "failed"
)

// TableCounts are one table's row counts in one pull.
type TableCounts struct {
	Read     int `json:"read"`     // new or changed rows read from the source
	Loaded   int `json:"loaded"`   // rows new to the warehouse
	Updated  int `json:"updated"`  // rows that replaced an earlier version
	Deleted  int `json:"deleted"`  // rows the bureau withdrew (deleted = 1)
	Rejected int `json:"rejected"` // rows set aside in this pull
	Warnings int `json:"warnings"` // rows loaded with a warning
}

// BeginPull records the start of a pull of one bureau by instance (the
// process, host:pid) and returns its id, which every row loaded by the pull
// carries.
func (w *Warehouse) BeginPull(ctx context.Context, bureau string, started time.Time, instance string) (int64, error) {
	q := `INSERT INTO pulls (bureau, started_at, outcome, instance) VALUES (?, ?, ?, ?)`
	started = started.UTC()
	id, err := sqldb.InsertID(ctx, w.db.Dialect, w.db, q, bureau, started, PullRunning, nullString(instance))
	if err != nil {
		return 0, fmt.Errorf("record pull of %s: %w", bureau, err)
	}
	return id, nil
}

// PullInterrupted begins the error of a pull whose process died before it finished.
const PullInterrupted = "采集中断"

// CloseAbandonedPulls records as failed the pulls still marked running whose
// process is gone: those gone says are dead (a process of this host that no
// longer exists), and those started before staleBefore, which no pull takes
// (another host's process cannot be looked up). Their writes were never
// committed, so the bureau's earlier data stands. It returns how many it closed.
func (w *Warehouse) CloseAbandonedPulls(ctx context.Context, at, staleBefore time.Time, gone func(instance string) bool) (int, error) {
	var running []struct {
		ID       int64          `db:"id"`
		Started  time.Time      `db:"started_at"`
		Instance sql.NullString `db:"instance"`
	}
	if err := w.db.SelectContext(ctx, &running, w.db.Rebind(`SELECT id, started_at, instance FROM pulls WHERE outcome = ?`), PullRunning); err != nil {
		return 0, fmt.Errorf("read running pulls: %w", err)
	}
	closed := 0
	for _, p := range running {
		var why string
		switch {
		case p.Instance.Valid && gone(p.Instance.String):
			why = fmt.Sprintf("%s：采集进程 %s 已不存在，本次采集未完成，此前数据保持不变", PullInterrupted, p.Instance.String)
		case p.Started.Before(staleBefore):
			who := p.Instance.String
			if who == "" {
				who = "未知进程"
			}
			why = fmt.Sprintf("%s：采集自 %s UTC 开始（%s）后未结束，视为中断，此前数据保持不变", PullInterrupted, p.Started.UTC().Format(time.DateTime), who)
		default:
			continue
		}
		// Only while still running: the pull may have ended meanwhile.
		res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE pulls SET outcome = ?, finished_at = ?, error = ?, table_counts = ? WHERE id = ? AND outcome = ?`),
			PullFailed, at.UTC(), why, "{}", p.ID, PullRunning)
		if err != nil {
			return closed, fmt.Errorf("close abandoned pull %d: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			closed++
		}
	}
	return closed, nil
}

// FinishPull records how a pull ended.
func (w *Warehouse) FinishPull(ctx context.Context, id int64, finished time.Time, outcome, errText string, tables map[string]TableCounts) error {
	counts, err := json.Marshal(tables)
	if err != nil {
		return err
	}
	if _, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE pulls SET finished_at = ?, outcome = ?, error = ?, table_counts = ? WHERE id = ?`),
		finished.UTC(), outcome, nullString(errText), string(counts), id); err != nil {
		return fmt.Errorf("record end of pull %d: %w", id, err)
	}
	return nil
}

// PullStatus is where a bureau's data stands: its last finished pull attempt
// and its last good one. Reports mark a bureau whose last attempt was not ok
// as stale, with the time of its last good pull.
type PullStatus struct {
	Bureau   string
	PullID   int64 // the last finished attempt
	Outcome  string
	Error    string
	Started  time.Time
	Finished time.Time
	Tables   map[string]TableCounts // the last attempt's counts
	// LastGoodID and LastGoodFinished name the last pull with outcome ok; 0 and zero if none.
	LastGoodID       int64
	LastGoodFinished time.Time
}

type pullRow struct {
	ID       int64          `db:"id"`
	Bureau   string         `db:"bureau"`
	Started  time.Time      `db:"started_at"`
	Finished sql.NullTime   `db:"finished_at"`
	Outcome  string         `db:"outcome"`
	Error    sql.NullString `db:"error"`
	Counts   sql.NullString `db:"table_counts"`
}

// LastGood lists, sorted, the last good pull of every bureau in statuses
// (LatestPulls): the data a result computed now rests on.
func LastGood(statuses []PullStatus) []int64 {
	pulls := []int64{}
	for _, s := range statuses {
		if s.LastGoodID != 0 {
			pulls = append(pulls, s.LastGoodID)
		}
	}
	slices.Sort(pulls)
	return pulls
}

// LatestPulls lists, per bureau that was ever pulled, its last finished
// attempt and its last good pull, sorted by bureau.
func (w *Warehouse) LatestPulls(ctx context.Context) ([]PullStatus, error) {
	const cols = `p.id, p.bureau, p.started_at, p.finished_at, p.outcome, p.error, p.table_counts`
	var last, good []pullRow
	if err := w.db.SelectContext(ctx, &last, `SELECT `+cols+` FROM pulls p JOIN
		(SELECT bureau, MAX(id) AS id FROM pulls WHERE finished_at IS NOT NULL GROUP BY bureau) l ON p.id = l.id`); err != nil {
		return nil, fmt.Errorf("read last pulls: %w", err)
	}
	if err := w.db.SelectContext(ctx, &good, `SELECT `+cols+` FROM pulls p JOIN
		(SELECT bureau, MAX(id) AS id FROM pulls WHERE outcome = 'ok' GROUP BY bureau) l ON p.id = l.id`); err != nil {
		return nil, fmt.Errorf("read last good pulls: %w", err)
	}
	lastGood := map[string]pullRow{}
	for _, g := range good {
		lastGood[g.Bureau] = g
	}
	out := make([]PullStatus, 0, len(last))
	for _, p := range last {
		s := PullStatus{Bureau: p.Bureau, PullID: p.ID, Outcome: p.Outcome, Error: p.Error.String,
			Started: p.Started.UTC(), Finished: p.Finished.Time.UTC()}
		if p.Counts.Valid && p.Counts.String != "" {
			if err := json.Unmarshal([]byte(p.Counts.String), &s.Tables); err != nil {
				return nil, fmt.Errorf("pull %d: table counts: %w", p.ID, err)
			}
		}
		if g, ok := lastGood[p.Bureau]; ok {
			s.LastGoodID, s.LastGoodFinished = g.ID, g.Finished.Time.UTC()
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Bureau < out[j].Bureau })
	return out, nil
}
