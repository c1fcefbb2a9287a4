package portal

import (
	"context"
	"sync"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// scoreCache holds the stored assessments of every configured rule set, each
// date's newest, decoded once: pages read them many times a second, the
// warehouse changes them a few times a day. A cheap query for the newest
// assessment's id tells when to read them again.
type scoreCache struct {
	w        *warehouse.Warehouse
	ruleSets []*zhengzhi.RuleSet
	mu       sync.Mutex
	version  int64
	history  map[string][]warehouse.StoredAssessment // by rule set id, oldest first
}

func newScoreCache(w *warehouse.Warehouse, ruleSets []*zhengzhi.RuleSet) *scoreCache {
	return &scoreCache{w: w, ruleSets: ruleSets, history: map[string][]warehouse.StoredAssessment{}}
}

// endOfTime is after every as-of date.
var endOfTime = zhengzhi.NewDate(9999, 12, 31)

// History is a rule set's stored periods up to and including asOf, oldest
// first: each date's newest result.
func (c *scoreCache) History(ctx context.Context, ruleSet string, asOf zhengzhi.Date) ([]warehouse.StoredAssessment, error) {
	v, err := c.w.AssessmentsVersion(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version {
		c.version, c.history = v, map[string][]warehouse.StoredAssessment{}
	}
	all, ok := c.history[ruleSet]
	if !ok {
		if all, err = c.w.AssessmentHistory(ctx, ruleSet, endOfTime); err != nil {
			return nil, err
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
