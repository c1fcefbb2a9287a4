package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"zhengzhi/jobs"
	"zhengzhi/warehouse"
)

func runJobs(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "jobs", "show the job ledger (newest first) and the next planned run of each job")
	format := formatFlag(fs, "table", "json", "csv")
	limit := fs.Int("limit", 30, "how many ledger rows to show")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *limit <= 0 {
		return usageError{fmt.Errorf("--limit %d: want a positive number", *limit)}
	}
	sc, err := openScheduling(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer sc.Close()
	runs, err := sc.w.LastRuns(ctx, *limit)
	if err != nil {
		return err
	}
	now := time.Now()
	var plan []plannedJob
	for _, j := range sc.jobs {
		p := plannedJob{Job: j.Name, Cron: j.Cron}
		if j.Cron != "" {
			s, _ := jobs.ParseSchedule(j.Cron, sc.loc) // checked by openScheduling
			p.NextRun = s.Next(now).In(sc.loc)
		}
		plan = append(plan, p)
	}
	if format.value == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if runs == nil {
			runs = []warehouse.JobRun{}
		}
		return enc.Encode(jobsReport{Next: plan, Runs: runs})
	}
	if format.value == "csv" {
		return jobRunsTable(runs, sc.loc, "").writeCSV(e.stdout)
	}
	return writeJobsTable(e.stdout, plan, runs, sc.loc)
}

// plannedJob is one job's schedule and next planned run; a job off the schedule has neither.
type plannedJob struct {
	Job     string    `json:"job"`
	Cron    string    `json:"cron"`
	NextRun time.Time `json:"next_run,omitzero"`
}

type jobsReport struct {
	Next []plannedJob       `json:"next"`
	Runs []warehouse.JobRun `json:"runs"`
}

func writeJobsTable(w io.Writer, plan []plannedJob, ledger []warehouse.JobRun, loc *time.Location) error {
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	next := newTable("任务", "执行时间 ("+loc.String()+")", "下次执行")
	for _, p := range plan {
		cron := p.Cron
		if cron == "" {
			cron = "off（仅手动）"
		}
		next.add(p.Job, cron, at(p.NextRun))
	}
	if err := next.write(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return jobRunsTable(ledger, loc, "\n").write(w)
}

// jobRunsTable is the job ledger as a table; cut ends each error at its
// first occurrence (a line break on a terminal), "" keeps it whole.
func jobRunsTable(ledger []warehouse.JobRun, loc *time.Location, cut string) *table {
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	runs := newTable("任务", "计划时间", "开始", "结束", "结果", "次数", "数据日期", "实例", "文件", "错误").alignRight(5)
	for _, r := range ledger {
		planned := at(r.PlannedAt)
		if r.PlannedAt.IsZero() {
			planned = "手动"
		}
		files := strconv.Itoa(len(r.Files))
		if len(r.Files) == 1 {
			files = r.Files[0]
		}
		errText := r.Error
		if cut != "" {
			errText, _, _ = strings.Cut(errText, cut)
		}
		runs.add(r.Job, planned, at(r.StartedAt), at(r.FinishedAt), r.Outcome, strconv.Itoa(r.Attempt), r.AsOf.String(), r.Instance, files, errText)
	}
	return runs
}
