package jobs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"zhengzhi"
)

// Step is one job's work for an as-of date; it returns the files it wrote (for the ledger).
type Step func(ctx context.Context, asOf zhengzhi.Date) (files []string, err error)

// Job is one scheduled job of the pipeline.
type Job struct {
	// Name is the job's name in the ledger, the config and `zhengzhi run`.
	Name string
	// Cron is one or more cron lines separated by ';', read in the scheduler's time zone.
	Cron string
	Step Step
	// After names the jobs this one rests on (the pipeline's order): at a
	// tick it shares with one of them, a planned run waits for that job's
	// run of the tick to end — a report for the ingest of its hour.
	After []string
	// AsOf turns a planned time into the date the step works for; nil takes
	// the planned time's date in the scheduler's time zone.
	AsOf func(planned time.Time) zhengzhi.Date
}

// The pipeline's jobs, in the order the CLI lists them.
const (
	JobIngest     = "ingest"
	JobProgress   = "progress"
	JobScorecards = "scorecards"
	JobYearEnd    = "yearend"
	JobDraw       = "draw"
)

// JobNames lists the pipeline's jobs in order.
var JobNames = []string{JobIngest, JobProgress, JobScorecards, JobYearEnd, JobDraw}

// DefaultSchedule lists the spec's default cron lines (Asia/Shanghai): ingest
// hourly, the progress report every Monday 08:00 and on the 1st 08:00, the
// scorecards on the 1st 06:00, the year-end summary on 31 December 18:00 and
// the draw on the 1st 07:00 for that month's visits.
var DefaultSchedule = map[string]string{
	JobIngest:     "0 * * * *",
	JobProgress:   "0 8 * * 1;0 8 1 * *",
	JobScorecards: "0 6 1 * *",
	JobYearEnd:    "0 18 31 12 *",
	JobDraw:       "0 7 1 * *",
}

// CronFor is a job's cron lines: the config's `schedule:` entry when there is
// one, else the default. An entry "off" keeps the job out of the schedule (it
// can still run by hand); it returns "" then.
func CronFor(name string, overrides map[string]string) string {
	if c, ok := overrides[name]; ok {
		if strings.EqualFold(strings.TrimSpace(c), "off") {
			return ""
		}
		return c
	}
	return DefaultSchedule[name]
}

// CheckScheduleKeys refuses config `schedule:` keys that name no job, which
// would otherwise be silently ignored.
func CheckScheduleKeys(overrides map[string]string, jobs []Job) error {
	for key := range overrides {
		found := false
		for _, j := range jobs {
			found = found || j.Name == key
		}
		if !found {
			return fmt.Errorf("schedule: %q is not a job (jobs: %s)", key, strings.Join(JobNames, ", "))
		}
	}
	return nil
}

// asOf is the date a run planned at a time works for.
func (j Job) asOf(planned time.Time, loc *time.Location) zhengzhi.Date {
	if j.AsOf != nil {
		return j.AsOf(planned)
	}
	return zhengzhi.Today(planned, loc)
}
