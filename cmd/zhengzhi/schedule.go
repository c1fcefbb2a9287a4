package main

import (
	"context"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/config"
	"zhengzhi/draw"
	"zhengzhi/ingest"
	"zhengzhi/jobs"
	"zhengzhi/render"
	"zhengzhi/render/manifest"
	"zhengzhi/warehouse"
)

func runSchedule(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "schedule", "run the scheduler: ingest, assess, render and draw on their schedule until SIGINT/SIGTERM")
	logFormat := choiceFlag(fs, "log", "log format", "text", "json")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	log := e.log
	if logFormat.value == "json" {
		log = slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	sc, err := openScheduling(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer sc.Close()

	instance := jobs.Instance()
	elector, release, err := jobs.Coordinate(ctx, sc.w, instance, log)
	if err != nil {
		return fmt.Errorf("warehouse %s: %w", sc.w.Name(), err)
	}
	defer release()
	s, err := jobs.New(sc.jobs, jobs.Options{Location: sc.loc, Ledger: sc.w, Elector: elector, Instance: instance, Log: log})
	if err != nil {
		return usageError{err}
	}
	for _, j := range sc.jobs {
		if j.Cron == "" {
			log.Info("job off the schedule (run it by hand)", "job", j.Name)
		}
	}
	log.Info("scheduler starting", "instance", instance, "warehouse", sc.w.Name(), "timezone", sc.loc.String())
	if err := sc.startNotices(ctx, log); err != nil {
		return usageError{err}
	}
	return s.Run(ctx)
}

// scheduling is what the schedule, run and jobs commands share: a session
// with the warehouse open, and the job list.
type scheduling struct {
	*session
	jobs []jobs.Job
}

// openScheduling opens the session and builds the jobs; a schedule entry that
// names no job or does not parse is a config error.
func openScheduling(ctx context.Context, cfg *config.Config, log *slog.Logger) (*scheduling, error) {
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return nil, err
	}
	list := s.pipelineJobs(log)
	if err := jobs.CheckScheduleKeys(cfg.Schedule, list); err != nil {
		s.Close()
		return nil, usageError{err}
	}
	for _, j := range list {
		if j.Cron == "" {
			continue
		}
		if _, err := jobs.ParseSchedule(j.Cron, s.loc); err != nil {
			s.Close()
			return nil, usageError{fmt.Errorf("schedule: %s: %w", j.Name, err)}
		}
	}
	return &scheduling{session: s, jobs: list}, nil
}

// pipelineJobs is the pipeline's job list with its schedule from the config:
// ingest pulls every bureau; progress scores and renders the province's
// progress report and 'six ones' workbooks; scorecards scores and renders every
// unit's scorecards, score details, ledgers and data-quality lists; yearend
// renders the year-end summary; draw draws the month's counties.
func (s *session) pipelineJobs(log *slog.Logger) []jobs.Job {
	steps := map[string]jobs.Step{
		jobs.JobIngest:     s.ingestStep(log),
		jobs.JobProgress:   s.renderStep(log, manifest.KindProgress, manifest.KindSixOnes),
		jobs.JobScorecards: s.renderStep(log, manifest.KindScorecard, manifest.KindScoreDetail, manifest.KindSixOnes, "ledger", manifest.KindDataQuality),
		jobs.JobYearEnd:    s.renderStep(log, manifest.KindSummary, manifest.KindScoreDetail),
		jobs.JobDraw:       s.drawStep(log),
	}
	var list []jobs.Job
	for _, name := range jobs.JobNames {
		list = append(list, jobs.Job{Name: name, Cron: jobs.CronFor(name, s.cfg.Schedule), Step: steps[name]})
	}
	return list
}

// ingestStep pulls every source; a source refused or unreachable fails the
// run (so it is retried and the ledger shows why) after the others loaded.
func (s *session) ingestStep(log *slog.Logger) jobs.Step {
	return func(ctx context.Context, _ zhengzhi.Date) ([]string, error) {
		rep, err := ingest.Run(ctx, s.w, s.reg, ingestSources(s.cfg), ingest.Options{Now: time.Now().In(s.loc)})
		s.newNotifier(nil, log).recordAfterIngest(ctx)
		if err != nil {
			return nil, err
		}
		var bad []string
		for _, src := range rep.Sources {
			if src.Outcome != warehouse.PullOK {
				bad = append(bad, fmt.Sprintf("%s %s: %s", src.Unit, src.Outcome, src.Error))
			}
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("%w: %s", errDegraded, strings.Join(bad, "; "))
		}
		return nil, nil
	}
}

// renderStep scores the config's rule sets as of the run's date (or loads the
// stored scores) and renders the given kinds of report. Rule sets and the
// registry are read at each run, so an edited file is picked up.
func (s *session) renderStep(log *slog.Logger, kinds ...string) jobs.Step {
	return func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		ruleSets, err := loadRuleSets(s.cfg)
		if err != nil {
			return nil, err
		}
		reg, err := s.cfg.LoadRegistry()
		if err != nil {
			return nil, err
		}
		opt := s.renderOptions(ruleSets, asOf, kinds, "", log)
		opt.Registry = reg
		res, err := render.Run(ctx, opt)
		s.newNotifier(ruleSets, log).recordAfterRender(ctx)
		if err != nil {
			return nil, err
		}
		var files []string
		for _, f := range res.Written {
			files = append(files, path.Join(res.Manifest.AsOf, f.Path))
		}
		return files, nil
	}
}

// drawStep draws the as-of date's month with its recorded or default seed (a
// month drawn by hand keeps its draw) and writes the published draw (JSON, Excel, PDF).
func (s *session) drawStep(log *slog.Logger) jobs.Step {
	return func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		res, drawn, err := draw.Run(ctx, s.w, s.reg, draw.Request{Month: asOf.Format("2006-01")}, time.Now())
		if err != nil {
			return nil, err
		}
		log.Info("draw", "month", res.Month, "seed", res.Seed, "new", drawn)
		return s.publishDraw(res, log)
	}
}
