package main

import (
	"context"
	"fmt"
	"strings"

	"zhengzhi/jobs"
)

func runJob(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "run JOB", "run one job once by hand, recorded in the job ledger (jobs: "+strings.Join(jobs.JobNames, ", ")+")")
	asOf := asOfFlag(fs, "the date the job works for")
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if name == "" {
		return usageError{fmt.Errorf("which job? zhengzhi run JOB, one of %s", strings.Join(jobs.JobNames, ", "))}
	}
	sc, err := openScheduling(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer sc.Close()
	var job *jobs.Job
	for i := range sc.jobs {
		if sc.jobs[i].Name == name {
			job = &sc.jobs[i]
		}
	}
	if job == nil {
		return usageError{fmt.Errorf("no job %q; jobs: %s", name, strings.Join(jobs.JobNames, ", "))}
	}
	files, err := jobs.RunByHand(ctx, sc.w, e.log, *job, asOf.or(sc.today()), jobs.Instance())
	for _, f := range files {
		fmt.Fprintln(e.stdout, f)
	}
	return err
}
