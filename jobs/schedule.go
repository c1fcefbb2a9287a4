package jobs

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Schedule is a job's cron lines taken together: a job such as the progress
// report runs on Mondays and on the 1st, and still must never overlap itself,
// so its lines are one gocron schedule rather than one gocron job each.
// A line has 5 fields (minute first) or 6 (second first).
type Schedule struct {
	spec  string
	lines []gocron.Cron
}

var _ gocron.Cron = (*Schedule)(nil)

// ParseSchedule reads cron lines separated by ';' in a time zone.
func ParseSchedule(spec string, loc *time.Location) (*Schedule, error) {
	s := &Schedule{}
	if err := s.IsValid(spec, loc, time.Now()); err != nil {
		return nil, err
	}
	return s, nil
}

// IsValid parses the cron lines; gocron calls it when the job is added.
func (s *Schedule) IsValid(spec string, loc *time.Location, now time.Time) error {
	var lines []gocron.Cron
	for _, line := range strings.Split(spec, ";") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		c := gocron.NewDefaultCron(true)
		if err := c.IsValid(line, loc, now); err != nil {
			return fmt.Errorf("cron line %q: %w", line, err)
		}
		lines = append(lines, c)
	}
	if len(lines) == 0 {
		return fmt.Errorf("cron %q: no cron line", spec)
	}
	s.spec, s.lines = spec, lines
	return nil
}

// String is the schedule as written.
func (s *Schedule) String() string { return s.spec }

// Next is the first tick strictly after t.
func (s *Schedule) Next(t time.Time) time.Time {
	var next time.Time
	for _, c := range s.lines {
		if n := c.Next(t); !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return next
}

// Previous is the newest tick at or before t: the planned time of a run that
// starts at t, and what a scheduler coming back at t may have missed. It is
// zero when no tick lies in the ten years before t.
func (s *Schedule) Previous(t time.Time) time.Time {
	// Cron can only step forward: look back over doubling windows until one
	// holds a tick, then walk forward to the last tick not after t.
	for back := time.Second; back < 10*366*24*time.Hour; back *= 2 {
		tick := s.Next(t.Add(-back))
		if tick.IsZero() || tick.After(t) {
			continue
		}
		for {
			n := s.Next(tick)
			if n.IsZero() || n.After(t) {
				return tick
			}
			tick = n
		}
	}
	return time.Time{}
}
