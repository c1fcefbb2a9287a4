package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"zhengzhi"
)

// Progress counts the 'six ones' progress statistics of a scope — the
// province or a city — for the window [start, d], per unit the rows belong to
// (a county through its enterprises or unit column, a city or the province
// where a row names it). Each contract table is read by one grouped query
// (sql/extracts/progress_*.sql); adding the units up along the registry is the
// report's business. Every query filters on the unit it groups by, so a
// city's extract is also its province's Within the city's prefix.
func (w *Warehouse) Progress(ctx context.Context, reg *zhengzhi.Registry, scope zhengzhi.Unit, start, d zhengzhi.Date) (zhengzhi.ProgressExtract, error) {
	x := zhengzhi.ProgressExtract{MeetingOn: map[string]zhengzhi.Date{},
		SelfInspected: map[string]bool{}, CityVisited: map[string]bool{}}
	if scope.Level == zhengzhi.LevelCounty {
		return x, fmt.Errorf("six ones: scope %s is neither the province nor a city", scope.Code)
	}
	q := &progressQuery{w: w, params: ruleParams(start, d), x: &x}
	q.params["prefix"] = zhengzhi.ScopePrefix(scope) + "%"
	// The tables are read side by side on the reader pool, one per core:
	// the queries are independent, and each one's groups are added under
	// the lock.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, step := range []struct {
		table string
		read  func(context.Context) error
	}{
		{"enterprises", q.screening},
		{"hazards", q.hazards},
		{"samplings", q.samplings},
		{"activities", q.activities},
		{"risk_points", q.riskPoints},
		{"supervision_visits", q.visits(reg)},
		{"nonconforming", q.nonconforming},
		{"risk_signals", q.riskSignals},
	} {
		g.Go(func() error {
			if err := step.read(gctx); err != nil {
				return fmt.Errorf("six ones of %s, table %s: %w", scope.Name, step.table, err)
			}
			return nil
		})
	}
	return x, g.Wait()
}

// progressQuery runs the grouped queries of one Progress call.
type progressQuery struct {
	w      *Warehouse
	params map[string]any
	mu     sync.Mutex // guards x
	x      *zhengzhi.ProgressExtract
}

// selectGroups runs one grouped extract and hands each group to add.
func selectGroups[G any](ctx context.Context, q *progressQuery, file string, add func(G)) error {
	var groups []G
	if err := q.w.selectExtract(ctx, &groups, file, q.params); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, g := range groups {
		add(g)
	}
	return nil
}

func (q *progressQuery) screening(ctx context.Context) error {
	type group struct {
		Unit        string `db:"unit"`
		Category    string `db:"category"`
		Enterprises int64  `db:"enterprises"`
		Screened    int64  `db:"screened"`
	}
	return selectGroups(ctx, q, "progress_screening", func(g group) {
		s := &q.x.Unit(g.Unit).Screening
		s.Enterprises += g.Enterprises
		s.Screened += g.Screened
		if s.ByCategory == nil {
			s.ByCategory = map[string]zhengzhi.Coverage{}
		}
		s.ByCategory[g.Category] = zhengzhi.Coverage{Enterprises: g.Enterprises, Screened: g.Screened}
	})
}

func (q *progressQuery) hazards(ctx context.Context) error {
	type group struct {
		Unit         string `db:"unit"`
		Found        int64  `db:"found"`
		General      int64  `db:"general"`
		Major        int64  `db:"major"`
		Rectified    int64  `db:"rectified"`
		Verified     int64  `db:"verified"`
		Overdue      int64  `db:"overdue"`
		OverdueMajor int64  `db:"overdue_major"`
		Refused      int64  `db:"refused"`
		Enforced     int64  `db:"enforced"`
	}
	return selectGroups(ctx, q, "progress_hazards", func(g group) {
		s := &q.x.Unit(g.Unit).Screening
		s.HazardsFound += g.Found
		s.General += g.General
		s.Major += g.Major
		s.Rectified += g.Rectified
		s.Verified += g.Verified
		s.Overdue += g.Overdue
		s.OverdueMajor += g.OverdueMajor
		s.Refused += g.Refused
		s.RefusedEnforced += g.Enforced
	})
}

func (q *progressQuery) samplings(ctx context.Context) error {
	type group struct {
		Unit      string `db:"unit"`
		Channel   string `db:"channel"`
		Category  string `db:"category"`
		Batches   int64  `db:"batches"`
		Failed    int64  `db:"failed"`
		TraceBase int64  `db:"trace_base"`
		Traced    int64  `db:"traced"`
		Handled   int64  `db:"handled"`
		Exposed   int64  `db:"exposed"`
	}
	return selectGroups(ctx, q, "progress_samplings", func(g group) {
		s := &q.x.Unit(g.Unit).Sampling
		s.Batches += g.Batches
		s.ByChannel = addCount(s.ByChannel, g.Channel, g.Batches)
		s.ByCategory = addCount(s.ByCategory, g.Category, g.Batches)
		s.Failed += g.Failed
		s.TraceBase += g.TraceBase
		s.Traced += g.Traced
		s.Handled += g.Handled
		s.Exposed += g.Exposed
	})
}

func (q *progressQuery) activities(ctx context.Context) error {
	type group struct {
		Unit            string        `db:"unit"`
		Meetings        int64         `db:"meetings"`
		FirstMeeting    zhengzhi.Date `db:"first_meeting"`
		Experts         int64         `db:"experts"`
		Projects        int64         `db:"projects"`
		Escalated       int64         `db:"escalated"`
		SelfInspections int64         `db:"self_inspections"`
	}
	return selectGroups(ctx, q, "progress_activities", func(g group) {
		m := &q.x.Unit(g.Unit).Meeting
		m.Meetings += g.Meetings
		m.Experts += g.Experts
		m.MonitoringProjects += g.Projects
		m.Escalated += g.Escalated
		if g.Meetings > 0 {
			q.x.MeetingOn[g.Unit] = g.FirstMeeting
		}
		if g.SelfInspections > 0 {
			q.x.SelfInspected[g.Unit] = true
		}
	})
}

func (q *progressQuery) riskPoints(ctx context.Context) error {
	type group struct {
		Unit    string         `db:"unit"`
		Measure sql.NullString `db:"measure"`
		Points  int64          `db:"points"`
		Major   int64          `db:"major"`
		Zeroed  int64          `db:"zeroed"`
		Briefed int64          `db:"briefed"`
	}
	return selectGroups(ctx, q, "progress_risk_points", func(g group) {
		z := &q.x.Unit(g.Unit).Zeroing
		z.Points += g.Points
		z.Major += g.Major
		z.Zeroed += g.Zeroed
		z.Briefed += g.Briefed
		if g.Zeroed > 0 && g.Measure.Valid {
			z.ByMeasure = addCount(z.ByMeasure, g.Measure.String, g.Zeroed)
		}
	})
}

// visits tells a visit by the county's own city (the supervision_coverage
// indicator) from one by the province along the registry.
func (q *progressQuery) visits(reg *zhengzhi.Registry) func(context.Context) error {
	return func(ctx context.Context) error {
		type group struct {
			Unit        string `db:"unit"`
			Inspector   string `db:"inspector"`
			Visits      int64  `db:"visits"`
			RandomPicks int64  `db:"random_picks"`
			Enterprises int64  `db:"enterprises"`
			Checked     int64  `db:"checked"`
			Cleared     int64  `db:"cleared"`
			Problems    int64  `db:"problems"`
		}
		return selectGroups(ctx, q, "progress_visits", func(g group) {
			v := &q.x.Unit(g.Unit).Supervision
			v.Visits += g.Visits
			v.RandomPicks += g.RandomPicks
			v.EnterprisesVisited += g.Enterprises
			v.HazardsChecked += g.Checked
			v.HazardsCleared += g.Cleared
			v.ProblemsFound += g.Problems
			city, _ := reg.CityOf(g.Unit)
			switch g.Inspector {
			case reg.Province.Code:
				v.ByProvince += g.Visits
			case city:
				v.ByCity += g.Visits
				q.x.CityVisited[g.Unit] = true
			}
		})
	}
}

func (q *progressQuery) nonconforming(ctx context.Context) error {
	type group struct {
		Unit       string `db:"unit"`
		OnList     int64  `db:"on_list"`
		Repeat     int64  `db:"repeat_offenders"`
		Ordered    int64  `db:"ordered"`
		Rechecked  int64  `db:"rechecked"`
		Done       int64  `db:"done"`
		RepeatDone int64  `db:"repeat_done"`
		Overdue    int64  `db:"overdue"`
	}
	return selectGroups(ctx, q, "progress_nonconforming", func(g group) {
		n := &q.x.Unit(g.Unit).Nonconforming
		n.OnList += g.OnList
		n.RepeatOffenders += g.Repeat
		n.Ordered += g.Ordered
		n.Rechecked += g.Rechecked
		n.Done += g.Done
		n.RepeatDone += g.RepeatDone
		n.Overdue += g.Overdue
	})
}

func (q *progressQuery) riskSignals(ctx context.Context) error {
	type group struct {
		Unit        string         `db:"unit"`
		Level       sql.NullString `db:"risk_level"`
		Disposition sql.NullString `db:"disposition"`
		Received    int64          `db:"received"`
		Assessed    int64          `db:"assessed"`
		Timely      int64          `db:"timely"`
		Disposed    int64          `db:"disposed"`
	}
	return selectGroups(ctx, q, "progress_risk_signals", func(g group) {
		s := &q.x.Unit(g.Unit).RiskSignals
		s.Received += g.Received
		s.Assessed += g.Assessed
		s.Timely += g.Timely
		s.Disposed += g.Disposed
		// Level and disposition are what the assessment decided: they
		// count once the signal is assessed by D.
		if g.Assessed > 0 && g.Level.Valid {
			s.ByLevel = addCount(s.ByLevel, g.Level.String, g.Assessed)
		}
		if g.Assessed > 0 && g.Disposition.Valid {
			s.ByDisposition = addCount(s.ByDisposition, g.Disposition.String, g.Assessed)
		}
	})
}

func addCount(m map[string]int64, k string, n int64) map[string]int64 {
	if m == nil {
		m = map[string]int64{}
	}
	m[k] += n
	return m
}
