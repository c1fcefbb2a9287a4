package portal

import (
	"context"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// scoreCache holds the stored assessments of every configured rule set, each
// date's newest, decoded once: pages read them many times a second, the
// warehouse changes them a few times a day. A cheap query for the newest
// assessment's id tells when to read them again.
type scoreCache struct {
	w        *warehouse.Warehouse
	ruleSets []*zhengzhi.RuleSet
	province zhengzhi.Unit
	mu       sync.Mutex
	version  int64
	history  map[string][]warehouse.StoredAssessment // by rule set id, oldest first
	// cards are the scorecards of a stored result, by its id and the unit.
	cards map[int64]map[string]reports.Scorecard
	// checked is when the version was last read, on the portal's clock now:
	// at most once a second, so a new result shows within a second.
	checked time.Time
	now     func() time.Time
}

func newScoreCache(w *warehouse.Warehouse, ruleSets []*zhengzhi.RuleSet, province zhengzhi.Unit, now func() time.Time) *scoreCache {
	return &scoreCache{w: w, ruleSets: ruleSets, province: province, history: map[string][]warehouse.StoredAssessment{},
		cards: map[int64]map[string]reports.Scorecard{}, now: now}
}

// Scorecard is a unit's scorecard in a stored result, as the reports build
// it (basis, explanations, peers' average), built once per result.
func (c *scoreCache) Scorecard(s *warehouse.StoredAssessment, unit string) (reports.Scorecard, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	byUnit, ok := c.cards[s.ID]
	if !ok {
		byUnit = map[string]reports.Scorecard{}
		meta := reports.Meta{AsOf: s.AsOf, Province: c.province}
		for _, sc := range reports.BuildScorecards(meta, s.Assessment, s.Values) {
			byUnit[sc.Unit.Code] = sc
		}
		c.cards[s.ID] = byUnit
	}
	sc, ok := byUnit[unit]
	return sc, ok
}

// Version is the stored results' version the cache last saw.
func (c *scoreCache) Version() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// endOfTime is after every as-of date.
var endOfTime = zhengzhi.NewDate(9999, 12, 31)

// History is a rule set's stored periods up to and including asOf, oldest
// first: each date's newest result.
func (c *scoreCache) History(ctx context.Context, ruleSet string, asOf zhengzhi.Date) ([]warehouse.StoredAssessment, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); now.Sub(c.checked) >= time.Second || now.Before(c.checked) {
		v, err := c.w.AssessmentsVersion(ctx)
		if err != nil {
			return nil, err
		}
		c.checked = now
		if v != c.version {
			c.version, c.history, c.cards = v, map[string][]warehouse.StoredAssessment{}, map[int64]map[string]reports.Scorecard{}
		}
	}
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
	return all[:n:n], nil
}

// period is a rule set's result as of a date, with the period before it.
type period struct {
	RuleSet *zhengzhi.RuleSet
	// Current is the newest stored result on or before the date; nil when none.
	Current  *warehouse.StoredAssessment
	Previous *warehouse.StoredAssessment
	History  []warehouse.StoredAssessment
}

// Periods gives, for each configured rule set, its result as of a date.
func (c *scoreCache) Periods(ctx context.Context, asOf zhengzhi.Date) ([]period, error) {
	var out []period
	for _, rs := range c.ruleSets {
		h, err := c.History(ctx, rs.ID, asOf)
		if err != nil {
			return nil, err
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
	return out, nil
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
