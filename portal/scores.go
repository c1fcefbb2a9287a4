package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// scoreCache holds the stored assessments of every configured rule set, each
// date's newest, decoded once, and the reviews of the periods past open (公示,
// 复核, final) with their appeals: pages read them many times a second, the
// warehouse changes them a few times a day. A cheap query for the newest
// assessment's id tells when to read the results again; the periods and
// their appeals are read whole (a few rows a year) at the same moment.
type scoreCache struct {
	w        *warehouse.Warehouse
	ruleSets []*zhengzhi.RuleSet
	province zhengzhi.Unit
	mu       sync.Mutex
	stamp    scoresStamp
	history  map[string][]warehouse.StoredAssessment // by rule set id, oldest first
	// reviews are the periods past open, each with its state, deadline and
	// appeals (and, once final, the frozen result the rulings were applied
	// to); reviewed is the JSON they were made from, to tell a change.
	reviews  map[periodKey]*zhengzhi.Review
	reviewed []byte
	// cards are the scorecards of a stored result, by its id and the review
	// it was shown with, and the unit.
	cards map[cardsKey]map[string]reports.Scorecard
	// checked is when the warehouse was last read, on the portal's clock now:
	// at most once a second, so a new result or state shows within a second.
	checked time.Time
	now     func() time.Time
}

// scoresStamp names what the cache holds: the stored results' version (the
// newest assessment's id) and the reviews' version (counting the changes of
// the periods' states and appeals this process has seen). A page made from
// the cache is kept under its stamp, so a new result, a period publicized or
// finalized and an appeal filed or ruled each make it again: the stamp
// follows what was read, whoever wrote it.
type scoresStamp struct {
	assessments, reviews int64
}

// periodKey names a period: a rule set as of a date.
type periodKey struct {
	ruleSet string
	asOf    zhengzhi.Date
}

// cardsKey names the scorecards of a stored result shown with a review
// (nil for an open period).
type cardsKey struct {
	id     int64
	review *zhengzhi.Review
}

func newScoreCache(w *warehouse.Warehouse, ruleSets []*zhengzhi.RuleSet, province zhengzhi.Unit, now func() time.Time) *scoreCache {
	return &scoreCache{w: w, ruleSets: ruleSets, province: province, history: map[string][]warehouse.StoredAssessment{},
		reviews: map[periodKey]*zhengzhi.Review{}, cards: map[cardsKey]map[string]reports.Scorecard{}, now: now}
}

// Scorecard is a unit's scorecard in a stored result, as the reports build
// it (basis, explanations, peers' average, and past open its 公示稿 or 最终结果
// and 复核情况), built once per result and review.
func (c *scoreCache) Scorecard(s *warehouse.StoredAssessment, unit string) (reports.Scorecard, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := cardsKey{id: s.ID, review: s.Assessment.Review}
	byUnit, ok := c.cards[key]
	if !ok {
		byUnit = map[string]reports.Scorecard{}
		meta := reports.Meta{AsOf: s.AsOf, Province: c.province}
		for _, sc := range reports.BuildScorecards(meta, s.Assessment, s.Values) {
			byUnit[sc.Unit.Code] = sc
		}
		c.cards[key] = byUnit
	}
	sc, ok := byUnit[unit]
	return sc, ok
}

// endOfTime is after every as-of date.
var endOfTime = zhengzhi.NewDate(9999, 12, 31)

// refresh reads the warehouse again when a second has passed since it was
// last read: the stored results' version, and the periods past open with
// their appeals. What changed is forgotten and read again when asked for.
// The caller holds c.mu.
func (c *scoreCache) refresh(ctx context.Context) error {
	now := c.now()
	if now.Sub(c.checked) < time.Second && !now.Before(c.checked) {
		return nil
	}
	v, err := c.w.AssessmentsVersion(ctx)
	if err != nil {
		return err
	}
	periods, err := c.w.Periods(ctx)
	if err != nil {
		return err
	}
	appeals := []zhengzhi.Appeal{}
	if len(periods) > 0 { // no appeal without a period past open
		if appeals, err = c.w.Appeals(ctx, warehouse.AppealFilter{}); err != nil {
			return err
		}
	}
	read, err := json.Marshal(struct {
		Periods []zhengzhi.Period
		Appeals []zhengzhi.Appeal
	}{periods, appeals})
	if err != nil {
		return err
	}
	c.checked = now
	if v != c.stamp.assessments {
		c.stamp.assessments, c.history = v, map[string][]warehouse.StoredAssessment{}
		c.cards = map[cardsKey]map[string]reports.Scorecard{}
	}
	if !bytes.Equal(read, c.reviewed) {
		reviews, err := c.reviewsOf(ctx, periods, appeals)
		if err != nil {
			return err
		}
		c.stamp.reviews++
		c.reviews, c.reviewed = reviews, read
		c.cards = map[cardsKey]map[string]reports.Scorecard{}
	}
	return nil
}

// reviewsOf makes the review of each period of a configured rule set: its
// state, deadline and appeals, and once final the frozen result it came from
// (for the items an accepted appeal changed).
func (c *scoreCache) reviewsOf(ctx context.Context, periods []zhengzhi.Period, appeals []zhengzhi.Appeal) (map[periodKey]*zhengzhi.Review, error) {
	out := map[periodKey]*zhengzhi.Review{}
	for _, p := range periods {
		rs := c.ruleSet(p.RuleSet)
		if rs == nil {
			continue // a period of a rule set no longer configured
		}
		r := &zhengzhi.Review{State: p.State, Deadline: p.Deadline}
		for _, a := range appeals {
			if a.RuleSet == p.RuleSet && a.AsOf == p.AsOf {
				r.Appeals = append(r.Appeals, a)
			}
		}
		if p.State == zhengzhi.PeriodFinal {
			frozen, err := c.w.StoredAssessmentByID(ctx, p.Assessment)
			if err != nil {
				return nil, err
			}
			if frozen.RuleSetHash == rs.Hash {
				frozen.Assessment.RuleSet = rs
			}
			r.Provisional = frozen.Assessment
		}
		out[periodKey{p.RuleSet, p.AsOf}] = r
	}
	return out, nil
}

// ruleSet is the configured rule set of an id; nil when none.
func (c *scoreCache) ruleSet(id string) *zhengzhi.RuleSet {
	for _, rs := range c.ruleSets {
		if rs.ID == id {
			return rs
		}
	}
	return nil
}

// History is a rule set's stored periods up to and including asOf, oldest
// first: each date's newest result, carrying its review when its period is
// past open.
func (c *scoreCache) History(ctx context.Context, ruleSet string, asOf zhengzhi.Date) ([]warehouse.StoredAssessment, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	return c.historyOf(ctx, ruleSet, asOf)
}

// historyOf is History once refreshed; the caller holds c.mu.
func (c *scoreCache) historyOf(ctx context.Context, ruleSet string, asOf zhengzhi.Date) ([]warehouse.StoredAssessment, error) {
	var err error
	all, ok := c.history[ruleSet]
	if !ok {
		if all, err = c.w.AssessmentHistory(ctx, ruleSet, endOfTime); err != nil {
			return nil, err
		}
		// A result scored by the configured file (same hash) gets its whole
		// rule set back, so that its paths to the next grade can be worked out.
		for i := range all {
			for _, rs := range c.ruleSets {
				if rs.ID == all[i].RuleSetID && rs.Hash == all[i].RuleSetHash {
					all[i].Assessment.RuleSet = rs
				}
			}
		}
		c.history[ruleSet] = all
	}
	n := 0
	for n < len(all) && all[n].AsOf <= asOf {
		n++
	}
	out, copied := all[:n:n], false
	// The results are shared: one past open is handed out as a copy that
	// carries the review read with the stamp.
	for i, s := range out {
		r, ok := c.reviews[periodKey{s.RuleSetID, s.AsOf}]
		if !ok {
			continue
		}
		if !copied {
			out, copied = slices.Clone(out), true
		}
		a := *s.Assessment
		a.Review = r
		out[i].Assessment = &a
	}
	return out, nil
}

// period is a rule set's result as of a date, with the period before it.
type period struct {
	RuleSet *zhengzhi.RuleSet
	// Current is the newest stored result on or before the date; nil when none.
	Current  *warehouse.StoredAssessment
	Previous *warehouse.StoredAssessment
	History  []warehouse.StoredAssessment
}

// Periods gives, for each configured rule set, its result as of a date, and
// the stamp of what they were read from.
func (c *scoreCache) Periods(ctx context.Context, asOf zhengzhi.Date) ([]period, scoresStamp, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refresh(ctx); err != nil {
		return nil, scoresStamp{}, err
	}
	var out []period
	for _, rs := range c.ruleSets {
		h, err := c.historyOf(ctx, rs.ID, asOf)
		if err != nil {
			return nil, scoresStamp{}, err
		}
		p := period{RuleSet: rs, History: h}
		if n := len(h); n > 0 {
			p.Current = &h[n-1]
			if n > 1 {
				p.Previous = &h[n-2]
			}
		}
		out = append(out, p)
	}
	return out, c.stamp, nil
}

// card finds a unit's scorecard in a result.
func card(s *warehouse.StoredAssessment, unit string) (zhengzhi.Scorecard, bool) {
	if s == nil {
		return zhengzhi.Scorecard{}, false
	}
	for _, c := range s.Assessment.Units {
		if c.Unit.Code == unit {
			return c, true
		}
	}
	return zhengzhi.Scorecard{}, false
}
