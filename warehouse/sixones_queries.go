package warehouse

import (
	"context"
	"database/sql"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
)

// selectGroups runs one grouped query and hands each group to add.
func selectGroups[G any](ctx context.Context, q *sixOnesQuery, query string, args []any, add func(G)) error {
	var groups []G
	if err := q.w.SelectContext(ctx, &groups, q.w.Rebind(query), args...); err != nil {
		return err
	}
	for _, g := range groups {
		add(g)
	}
	return nil
}

// active is the contract's active enterprise: not withdrawn, licence neither
// revoked nor cancelled.
const active = `e.deleted = 0 AND e.license_status NOT IN ('revoked', 'cancelled')`

func (q *sixOnesQuery) screeningCoverage(ctx context.Context) error {
	type group struct {
		Unit        string `db:"unit"`
		Category    string `db:"category"`
		Enterprises int64  `db:"enterprises"`
		Screened    int64  `db:"screened"`
	}
	query := `SELECT e.county_code AS unit, e.category AS category, COUNT(*) AS enterprises,
	SUM(CASE WHEN EXISTS (SELECT 1 FROM screenings s WHERE s.bureau = e.bureau AND s.enterprise_id = e.id
		AND s.deleted = 0 AND s.screened_on >= ? AND s.screened_on <= ?) THEN 1 ELSE 0 END) AS screened
FROM enterprises e
WHERE ` + active + ` AND e.producing = 1 AND e.county_code LIKE ?
GROUP BY e.county_code, e.category`
	return selectGroups(ctx, q, query, []any{q.start, q.asOf, q.prefix}, func(g group) {
		s := &q.leaf(g.Unit).Screening
		s.Enterprises += g.Enterprises
		s.Screened += g.Screened
		if s.ByCategory == nil {
			s.ByCategory = map[string]reports.Coverage{}
		}
		s.ByCategory[g.Category] = reports.Coverage{Enterprises: g.Enterprises, Screened: g.Screened}
	})
}

func (q *sixOnesQuery) hazards(ctx context.Context) error {
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
	// Rows reach a county through their enterprise; a withdrawn enterprise
	// takes its hazards with it.
	query := `SELECT e.county_code AS unit, COUNT(*) AS found,
	SUM(CASE WHEN h.severity = 'general' THEN 1 ELSE 0 END) AS general,
	SUM(CASE WHEN h.severity = 'major' THEN 1 ELSE 0 END) AS major,
	SUM(CASE WHEN h.rectified_on <= ? THEN 1 ELSE 0 END) AS rectified,
	SUM(CASE WHEN h.verified_on <= ? THEN 1 ELSE 0 END) AS verified,
	SUM(CASE WHEN h.deadline < ? AND (h.rectified_on IS NULL OR h.rectified_on > ?) THEN 1 ELSE 0 END) AS overdue,
	SUM(CASE WHEN h.severity = 'major' AND h.deadline < ? AND (h.rectified_on IS NULL OR h.rectified_on > ?) THEN 1 ELSE 0 END) AS overdue_major,
	SUM(CASE WHEN h.status = 'refused' THEN 1 ELSE 0 END) AS refused,
	SUM(CASE WHEN h.status = 'refused' AND h.enforcement <> 'none' THEN 1 ELSE 0 END) AS enforced
FROM hazards h JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= ? AND h.found_on <= ? AND e.county_code LIKE ?
GROUP BY e.county_code`
	d := q.asOf
	return selectGroups(ctx, q, query, []any{d, d, d, d, d, d, q.start, d, q.prefix}, func(g group) {
		s := &q.leaf(g.Unit).Screening
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

func (q *sixOnesQuery) samplings(ctx context.Context) error {
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
	query := `SELECT unit_code AS unit, channel, category, COUNT(*) AS batches,
	SUM(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS failed,
	SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') THEN 1 ELSE 0 END) AS trace_base,
	SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') AND traced = 1 THEN 1 ELSE 0 END) AS traced,
	SUM(CASE WHEN result = 'fail' AND handled_on <= ? THEN 1 ELSE 0 END) AS handled,
	SUM(CASE WHEN result = 'fail' AND exposed = 1 THEN 1 ELSE 0 END) AS exposed
FROM samplings
WHERE deleted = 0 AND sampled_on >= ? AND sampled_on <= ? AND unit_code LIKE ?
GROUP BY unit_code, channel, category`
	return selectGroups(ctx, q, query, []any{q.asOf, q.start, q.asOf, q.prefix}, func(g group) {
		s := &q.leaf(g.Unit).Sampling
		s.Batches += g.Batches
		if s.ByChannel == nil {
			s.ByChannel, s.ByCategory = map[string]int64{}, map[string]int64{}
		}
		s.ByChannel[g.Channel] += g.Batches
		s.ByCategory[g.Category] += g.Batches
		s.Failed += g.Failed
		s.TraceBase += g.TraceBase
		s.Traced += g.Traced
		s.Handled += g.Handled
		s.Exposed += g.Exposed
	})
}

func (q *sixOnesQuery) activities(ctx context.Context) error {
	type group struct {
		Unit            string     `db:"unit"`
		Meetings        int64      `db:"meetings"`
		FirstMeeting    sqldb.Date `db:"first_meeting"`
		Experts         int64      `db:"experts"`
		Projects        int64      `db:"projects"`
		Escalated       int64      `db:"escalated"`
		SelfInspections int64      `db:"self_inspections"`
	}
	query := `SELECT unit_code AS unit,
	SUM(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN 1 ELSE 0 END) AS meetings,
	MIN(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN completed_on END) AS first_meeting,
	SUM(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN experts ELSE 0 END) AS experts,
	COALESCE(SUM(monitoring_projects), 0) AS projects,
	SUM(CASE WHEN escalated = 1 THEN 1 ELSE 0 END) AS escalated,
	SUM(CASE WHEN action = 'self_inspection' THEN 1 ELSE 0 END) AS self_inspections
FROM activities
WHERE deleted = 0 AND completed_on <= ? AND unit_code LIKE ?
GROUP BY unit_code`
	return selectGroups(ctx, q, query, []any{q.asOf, q.prefix}, func(g group) {
		m := &q.leaf(g.Unit).Meeting
		m.Meetings += g.Meetings
		m.Experts += g.Experts
		m.MonitoringProjects += g.Projects
		m.Escalated += g.Escalated
		if g.Meetings > 0 {
			q.meetingOn[g.Unit] = g.FirstMeeting
		}
		if g.SelfInspections > 0 {
			q.selfInspected[g.Unit] = true
		}
	})
}

func (q *sixOnesQuery) riskPoints(ctx context.Context) error {
	type group struct {
		Unit    string         `db:"unit"`
		Measure sql.NullString `db:"measure"`
		Points  int64          `db:"points"`
		Major   int64          `db:"major"`
		Zeroed  int64          `db:"zeroed"`
		Briefed int64          `db:"briefed"`
	}
	query := `SELECT county_code AS unit, measure, COUNT(*) AS points,
	SUM(CASE WHEN level = 'major' THEN 1 ELSE 0 END) AS major,
	SUM(CASE WHEN zeroed_on <= ? THEN 1 ELSE 0 END) AS zeroed,
	SUM(CASE WHEN briefing_held = 1 THEN 1 ELSE 0 END) AS briefed
FROM risk_points
WHERE deleted = 0 AND identified_on <= ? AND county_code LIKE ?
GROUP BY county_code, measure`
	return selectGroups(ctx, q, query, []any{q.asOf, q.asOf, q.prefix}, func(g group) {
		z := &q.leaf(g.Unit).Zeroing
		z.Points += g.Points
		z.Major += g.Major
		z.Zeroed += g.Zeroed
		z.Briefed += g.Briefed
		if g.Zeroed > 0 && g.Measure.Valid {
			if z.ByMeasure == nil {
				z.ByMeasure = map[string]int64{}
			}
			z.ByMeasure[g.Measure.String] += g.Zeroed
		}
	})
}

// visits groups by inspected and inspecting unit, so that a visit by the
// county's own city (the supervision_coverage indicator) and one by the
// province can be told apart along the registry.
func (q *sixOnesQuery) visits(reg *zhengzhi.Registry) func(context.Context) error {
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
		query := `SELECT inspected_unit AS unit, inspector_unit AS inspector, COUNT(*) AS visits,
	SUM(CASE WHEN random_pick = 1 THEN 1 ELSE 0 END) AS random_picks,
	SUM(enterprises_visited) AS enterprises,
	SUM(hazards_checked) AS checked,
	SUM(hazards_confirmed_cleared) AS cleared,
	SUM(problems_found) AS problems
FROM supervision_visits
WHERE deleted = 0 AND visited_on >= ? AND visited_on <= ? AND inspected_unit LIKE ?
GROUP BY inspected_unit, inspector_unit`
		return selectGroups(ctx, q, query, []any{q.start, q.asOf, q.prefix}, func(g group) {
			v := &q.leaf(g.Unit).Supervision
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
				q.cityVisited[g.Unit] = true
			}
		})
	}
}

func (q *sixOnesQuery) nonconforming(ctx context.Context) error {
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
	query := `SELECT e.county_code AS unit, COUNT(*) AS on_list,
	SUM(CASE WHEN n.fail_count >= 2 THEN 1 ELSE 0 END) AS repeat_offenders,
	SUM(CASE WHEN n.ordered_on <= ? THEN 1 ELSE 0 END) AS ordered,
	SUM(CASE WHEN n.rechecked_on <= ? THEN 1 ELSE 0 END) AS rechecked,
	SUM(CASE WHEN n.followup_done_on <= ? THEN 1 ELSE 0 END) AS done,
	SUM(CASE WHEN n.fail_count >= 2 AND n.followup_done_on <= ? THEN 1 ELSE 0 END) AS repeat_done,
	SUM(CASE WHEN n.ordered_on < ? AND (n.rechecked_on IS NULL OR n.rechecked_on > ?) THEN 1 ELSE 0 END) AS overdue
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code LIKE ?
GROUP BY e.county_code`
	d := q.asOf
	return selectGroups(ctx, q, query, []any{d, d, d, d, q.recheckCutoff, d, q.prefix}, func(g group) {
		n := &q.leaf(g.Unit).Nonconforming
		n.OnList += g.OnList
		n.RepeatOffenders += g.Repeat
		n.Ordered += g.Ordered
		n.Rechecked += g.Rechecked
		n.Done += g.Done
		n.RepeatDone += g.RepeatDone
		n.Overdue += g.Overdue
	})
}

func (q *sixOnesQuery) riskSignals(ctx context.Context) error {
	type group struct {
		Unit        string         `db:"unit"`
		Level       sql.NullString `db:"risk_level"`
		Disposition sql.NullString `db:"disposition"`
		Received    int64          `db:"received"`
		Assessed    int64          `db:"assessed"`
		Timely      int64          `db:"timely"`
		Disposed    int64          `db:"disposed"`
	}
	query := `SELECT unit_code AS unit, risk_level, disposition, COUNT(*) AS received,
	SUM(CASE WHEN assessed_on <= ? THEN 1 ELSE 0 END) AS assessed,
	SUM(CASE WHEN assessed_on <= ? AND ` + daysBetween(q.w.Dialect, "received_on", "assessed_on") + ` <= 7 THEN 1 ELSE 0 END) AS timely,
	SUM(CASE WHEN disposed_on <= ? THEN 1 ELSE 0 END) AS disposed
FROM risk_signals
WHERE deleted = 0 AND received_on >= ? AND received_on <= ? AND unit_code LIKE ?
GROUP BY unit_code, risk_level, disposition`
	d := q.asOf
	return selectGroups(ctx, q, query, []any{d, d, d, q.start, d, q.prefix}, func(g group) {
		s := &q.leaf(g.Unit).RiskSignals
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

// daysBetween is the named dialect variant for "days from one DATE column to
// another": each engine spells date subtraction differently.
func daysBetween(d sqldb.Dialect, from, to string) string {
	switch d {
	case sqldb.Postgres:
		return "(" + to + " - " + from + ")"
	case sqldb.MySQL:
		return "DATEDIFF(" + to + ", " + from + ")"
	}
	return "(julianday(" + to + ") - julianday(" + from + "))"
}
