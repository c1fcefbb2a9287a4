package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"zhengzhi"

	"zhengzhi/sqldb"
)

// The outcomes a job run has in the ledger.
const (
	OutcomeRunning = "running"
	OutcomeOK      = "ok"
	OutcomeFailed  = "failed"
	OutcomeSkipped = "skipped"
)

// ErrRunClaimed means another scheduler instance (or an earlier try of this
// one) already holds the ledger row of the same job, planned time and attempt.
var ErrRunClaimed = errors.New("this planned run is already claimed in the job ledger")

// JobRun is one row of the job ledger: one attempt of one job.
type JobRun struct {
	ID int64 `json:"id"`
	// Job is the job's name: ingest, progress, scorecards, yearend, draw.
	Job string `json:"job"`
	// PlannedAt is the schedule tick the run belongs to; zero for a run by hand.
	PlannedAt  time.Time `json:"planned_at,omitzero"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// Outcome is running, ok, failed or skipped.
	Outcome string `json:"outcome"`
	// Attempt counts tries of one planned run from 1; a skipped tick has 0.
	Attempt  int           `json:"attempt"`
	Error    string        `json:"error,omitempty"`
	AsOf     zhengzhi.Date `json:"as_of,omitempty"`
	Files    []string      `json:"files,omitempty"`
	Instance string        `json:"instance,omitempty"`
}

// jobRunRow is how a ledger row comes back from any engine.
type jobRunRow struct {
	ID         int64          `db:"id"`
	Job        string         `db:"job"`
	PlannedAt  sql.NullTime   `db:"planned_at"`
	StartedAt  time.Time      `db:"started_at"`
	FinishedAt sql.NullTime   `db:"finished_at"`
	Outcome    string         `db:"outcome"`
	Attempt    int            `db:"attempt"`
	Error      sql.NullString `db:"error"`
	AsOf       zhengzhi.Date  `db:"as_of"`
	Files      sql.NullString `db:"files"`
	Instance   sql.NullString `db:"instance"`
}

// RecordStart writes a run's first ledger row with outcome running and returns
// its id. For a scheduled run (PlannedAt set) the row is the claim on that
// planned run: when the same job, planned time and attempt is already in the
// ledger it returns ErrRunClaimed and the caller must not run the step.
func (w *Warehouse) RecordStart(ctx context.Context, run JobRun) (int64, error) {
	args := []any{run.Job, instant(run.PlannedAt), instant(run.StartedAt), OutcomeRunning,
		run.Attempt, run.AsOf, nullString(run.Instance)}
	const insert = `INSERT INTO job_runs (job, planned_at, started_at, outcome, attempt, as_of, instance) VALUES (?, ?, ?, ?, ?, ?, ?)`
	if w.db.Dialect == sqldb.MySQL {
		res, err := w.db.ExecContext(ctx, insert+` ON DUPLICATE KEY UPDATE id = id`, args...)
		if err != nil {
			return 0, fmt.Errorf("job ledger: record start of %s: %w", run.Job, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, ErrRunClaimed
		}
		return res.LastInsertId()
	}
	var id int64
	err := w.db.QueryRowxContext(ctx, w.db.Rebind(insert+` ON CONFLICT DO NOTHING RETURNING id`), args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrRunClaimed
	}
	if err != nil {
		return 0, fmt.Errorf("job ledger: record start of %s: %w", run.Job, err)
	}
	return id, nil
}

// RecordFinish closes a ledger row with its outcome (ok or failed), the error
// text of a failure and the files the run wrote.
func (w *Warehouse) RecordFinish(ctx context.Context, id int64, outcome string, finishedAt time.Time, runErr string, files []string) error {
	var list any
	if len(files) > 0 {
		text, err := json.Marshal(files)
		if err != nil {
			return err
		}
		list = string(text)
	}
	_, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE job_runs SET outcome = ?, finished_at = ?, error = ?, files = ? WHERE id = ?`),
		outcome, instant(finishedAt), nullString(runErr), list, id)
	if err != nil {
		return fmt.Errorf("job ledger: record finish of run %d: %w", id, err)
	}
	return nil
}

// RecordSkipped records a planned tick that found the job's previous run still
// going. A tick already in the ledger (it ran, or was skipped before) is not
// recorded again, so a catch-up that meets a running tick adds no noise.
func (w *Warehouse) RecordSkipped(ctx context.Context, run JobRun) error {
	at := instant(run.StartedAt)
	from := constantsFrom(w.db.Dialect)
	_, err := w.db.ExecContext(ctx, w.db.Rebind(`INSERT INTO job_runs (job, planned_at, started_at, finished_at, outcome, attempt, as_of, error, instance)
SELECT ?, ?, ?, ?, ?, 0, ?, ?, ?`+from+` WHERE NOT EXISTS (SELECT 1 FROM job_runs WHERE job = ? AND planned_at = ?)`),
		run.Job, instant(run.PlannedAt), at, at, OutcomeSkipped, run.AsOf, nullString(run.Error), nullString(run.Instance),
		run.Job, instant(run.PlannedAt))
	if err != nil {
		return fmt.Errorf("job ledger: record skipped %s: %w", run.Job, err)
	}
	return nil
}

// AbandonRuns closes the scheduled runs still marked running that another
// instance started: called when this instance becomes the one that schedules,
// so the rows of an instance that died mid-run read failed, not running forever.
// Runs by hand (no planned time) are left alone: their process may still be at work.
func (w *Warehouse) AbandonRuns(ctx context.Context, instance string, at time.Time) (int64, error) {
	// MySQL reads || as a logical or; CONCAT works on all three engines.
	reason := `CONCAT('调度实例中断，运行未完成: ', COALESCE(instance, '未知'))`
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE job_runs SET outcome = ?, finished_at = ?, error = `+reason+`
WHERE outcome = ? AND planned_at IS NOT NULL AND (instance IS NULL OR instance <> ?)`),
		OutcomeFailed, instant(at), OutcomeRunning, instance)
	if err != nil {
		return 0, fmt.Errorf("job ledger: close abandoned runs: %w", err)
	}
	return res.RowsAffected()
}

// LastRuns lists the newest ledger rows first, at most limit of them.
func (w *Warehouse) LastRuns(ctx context.Context, limit int) ([]JobRun, error) {
	var rows []jobRunRow
	err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT id, job, planned_at, started_at, finished_at, outcome, attempt, error, as_of, files, instance
FROM job_runs ORDER BY started_at DESC, id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("job ledger: read last runs: %w", err)
	}
	out := make([]JobRun, 0, len(rows))
	for _, r := range rows {
		run := JobRun{ID: r.ID, Job: r.Job, StartedAt: r.StartedAt.UTC(), Outcome: r.Outcome, Attempt: r.Attempt,
			Error: r.Error.String, AsOf: r.AsOf, Instance: r.Instance.String,
			PlannedAt: nullTime(r.PlannedAt), FinishedAt: nullTime(r.FinishedAt)}
		if r.Files.Valid && r.Files.String != "" {
			if err := json.Unmarshal([]byte(r.Files.String), &run.Files); err != nil {
				return nil, fmt.Errorf("job ledger: run %d: files %q is not a JSON list: %w", r.ID, r.Files.String, err)
			}
		}
		out = append(out, run)
	}
	return out, nil
}

// LastPlanned is the newest planned time of a job in the ledger, whatever the
// outcome; the zero time when the job was never run on schedule.
func (w *Warehouse) LastPlanned(ctx context.Context, job string) (time.Time, error) {
	// ORDER BY … LIMIT 1 rather than MAX: SQLite returns MAX of a timestamp as text.
	var t sql.NullTime
	err := w.db.GetContext(ctx, &t, w.db.Rebind(`SELECT planned_at FROM job_runs WHERE job = ? AND planned_at IS NOT NULL ORDER BY planned_at DESC LIMIT 1`), job)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("job ledger: last planned run of %s: %w", job, err)
	}
	return t.Time.UTC(), nil
}
