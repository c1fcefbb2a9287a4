package main

import (
	"context"
	"fmt"
	"log/slog"

	"zhengzhi/config"
	"zhengzhi/jobs"
	"zhengzhi/pipeline"
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
		log = slog.New(slog.NewJSONHandler(e.stderr, logOptions()))
	}
	le := &env{stdout: e.stdout, stderr: e.stderr, log: log}
	if _, err := migrateWarehouse(ctx, le, cfg); err != nil {
		return err
	}
	if err := logFindings(le, checkAll(ctx, cfg)); err != nil {
		return err
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

// scheduling is what the schedule, run and jobs commands share: a deployment
// with the warehouse open, and the job list.
type scheduling struct {
	*deployment
	jobs []jobs.Job
}

// openScheduling opens the deployment and builds the pipeline's jobs; a schedule entry that
// names no job or does not parse is a config error.
func openScheduling(ctx context.Context, cfg *config.Config, log *slog.Logger) (*scheduling, error) {
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return nil, err
	}
	list := pipeline.New(cfg, s.w, s.reg, log).WithNotices(s.newNotifier(log)).Jobs()
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
	return &scheduling{deployment: s, jobs: list}, nil
}
