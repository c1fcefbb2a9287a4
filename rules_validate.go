package zhengzhi

import (
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ruleParams lists the parameters each rule type takes besides type and
// when_empty; anything else in the rule is a mistake (a deduct rule with
// zero_at was meant to be linear).
var ruleParams = map[string][]string{
	RuleLinear:      {"zero_at", "full_at"},
	RuleDeduct:      {"target", "per", "deduct"},
	RuleCountDeduct: {"per_count"},
	RuleBoolean:     {},
	RuleTiers:       {"tiers"},
}

// ruleKeys are the keys a rule may have at all; others are reported by the
// YAML decoder as unknown keys.
var ruleKeys = map[string]bool{
	"type": true, "zero_at": true, "full_at": true, "target": true, "per": true,
	"deduct": true, "per_count": true, "tiers": true, "when_empty": true,
}

// ruleTypes is the order rule types are listed in messages.
var ruleTypes = []string{RuleLinear, RuleDeduct, RuleCountDeduct, RuleBoolean, RuleTiers}

// decimalOne is 1 as a Decimal: the upper bound of a ratio.
const decimalOne = Decimal(decimalScale)

// validate checks everything the YAML decoder cannot: names, kinds, numbers
// and the consistency of items, grades, gates and vetoes.
func (c *ruleSetChecker) validate(rs *RuleSet) {
	c.header(rs)
	ids := map[string]int{}
	c.items(rs, ids)
	c.adjustments(rs, ids)
	c.vetoes(rs, ids)
	c.improvable(rs)
	c.targets(rs)
	c.reporting(rs)
	c.grades(rs)
	c.gates(rs)
}

// validRuleSetID is the shape of a rule set's id, which becomes part of file names.
var validRuleSetID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func (c *ruleSetChecker) header(rs *RuleSet) {
	switch {
	case rs.ID == "":
		c.problem(c.line("id"), "missing id")
	case !validRuleSetID.MatchString(rs.ID):
		// The id names the rule set's files (score-detail-<id>.xlsx): no path may come of it.
		c.problem(c.line("id"), "id %q: use lower-case letters, digits and '-' only (at most 64), e.g. safe-city-2026", rs.ID)
	}
	if rs.Title == "" {
		c.problem(c.line("title"), "missing title")
	}
	if rs.Level != LevelCity && rs.Level != LevelCounty {
		c.problem(c.line("level"), "level must be city or county, not %q", rs.Level)
	}
	// A date that is there but unreadable was reported by the decoder.
	switch {
	case rs.Window.Start.IsZero():
		if c.node("window", "start") == nil {
			c.problem(c.line("window"), "window: missing start date")
		}
	case rs.Window.End.IsZero():
		if c.node("window", "end") == nil {
			c.problem(c.line("window"), "window: missing end date")
		}
	case rs.Window.End < rs.Window.Start:
		c.problem(c.line("window", "end"), "window: end %s is before start %s",
			rs.Window.End, rs.Window.Start)
	}
	if s := rs.Succeeds; s != "" && (path.IsAbs(s) || filepath.IsAbs(s) || strings.Contains(s, `\`) ||
		!(strings.HasSuffix(s, ".yaml") || strings.HasSuffix(s, ".yml"))) {
		c.problem(c.line("succeeds"), "succeeds %q: name last year's rule set file from this file's folder, "+
			"with forward slashes, e.g. ../2025/target-responsibility-city.yaml", s)
	}
}

// uniqueID checks that an item, adjustment or veto id is given and used once:
// reports and stored results refer to them by id.
func (c *ruleSetChecker) uniqueID(ids map[string]int, what, id string, line int) {
	if id == "" {
		c.problem(line, "%s: missing id", what)
		return
	}
	if first, dup := ids[id]; dup {
		c.problem(line, "%s: id %s is used twice (first on line %d)", what, id, first)
		return
	}
	ids[id] = line
}

// indicator looks up an indicator and reports it when missing or unknown.
func (c *ruleSetChecker) indicator(what, name string, line int) (Indicator, bool) {
	if name == "" {
		c.problem(line, "%s: missing indicator", what)
		return Indicator{}, false
	}
	in, ok := LookupIndicator(name)
	if !ok {
		c.problem(line, "%s: unknown indicator %q", what, name)
	}
	return in, ok
}

func (c *ruleSetChecker) items(rs *RuleSet, ids map[string]int) {
	if len(rs.Items) == 0 {
		c.problem(c.line("items"), "no items: a rule set scores at least one item")
		return
	}
	var total Decimal
	for i, it := range rs.Items {
		what := fmt.Sprintf("item %s", it.ID)
		if it.ID == "" {
			what = fmt.Sprintf("item #%d", i+1)
		}
		c.uniqueID(ids, what, it.ID, c.line("items", i, "id"))
		if it.Title == "" {
			c.problem(c.line("items", i, "title"), "%s: missing title", what)
		}
		if it.Points <= 0 {
			c.problem(c.line("items", i, "points"), "%s: points must be positive, not %s", what, it.Points)
		}
		total += it.Points
		in, ok := c.indicator(what, it.Indicator, c.line("items", i, "indicator"))
		c.rule(what, i, it, in, ok)
	}
	if total != 100*decimalOne {
		c.problem(c.line("items"), "items: points add up to %s, not 100", total)
	}
}

// rule checks an item's rule: its type, its parameters, and that it fits the
// indicator's kind (known only when known is true).
func (c *ruleSetChecker) rule(what string, i int, it Item, in Indicator, known bool) {
	r := it.Rule
	at := func(key string) int { return c.line("items", i, "rule", key) }
	allowed, ok := ruleParams[r.Type]
	switch {
	case r.Type == "":
		c.problem(at("type"), "%s: missing rule type (%s)", what, strings.Join(ruleTypes, ", "))
		return
	case !ok:
		c.problem(at("type"), "%s: unknown rule type %q (%s)", what, r.Type, strings.Join(ruleTypes, ", "))
		return
	}
	present := c.keys("items", i, "rule")
	for _, key := range slices.Sorted(maps.Keys(present)) {
		if ruleKeys[key] && key != "type" && key != "when_empty" && !slices.Contains(allowed, key) {
			c.problem(present[key], "%s: parameter %s does not apply to a %s rule", what, key, r.Type)
		}
	}
	for _, key := range allowed {
		if _, ok := present[key]; !ok {
			c.problem(at("type"), "%s: a %s rule needs %s", what, r.Type, key)
		}
	}

	if known {
		c.ruleKind(what, at("type"), r.Type, in)
	}
	if r.WhenEmpty != "" && r.WhenEmpty != WhenEmptyFull && r.WhenEmpty != WhenEmptyZero {
		c.problem(at("when_empty"), "%s: when_empty must be full or zero, not %q", what, r.WhenEmpty)
	} else if r.WhenEmpty != "" && known && in.Kind != Ratio {
		c.problem(at("when_empty"), "%s: when_empty applies only to ratio indicators; %s is a %s", what, in.Name, in.Kind)
	}
	ratio := known && in.Kind == Ratio
	share := func(key string, d Decimal) {
		if _, given := present[key]; given && ratio && (d < 0 || d > decimalOne) {
			c.problem(at(key), "%s: %s is a share of the ratio from 0 to 1 (write 0.9 for 90%%), not %s", what, key, d)
		}
	}

	switch r.Type {
	case RuleLinear:
		share("zero_at", r.ZeroAt)
		share("full_at", r.FullAt)
		if _, given := present["full_at"]; given && r.FullAt <= r.ZeroAt {
			c.problem(at("full_at"), "%s: linear rule: full_at %s must be above zero_at %s", what, r.FullAt, r.ZeroAt)
		}
	case RuleDeduct:
		share("target", r.Target)
		share("per", r.Per)
		if _, given := present["per"]; given && r.Per <= 0 {
			c.problem(at("per"), "%s: deduct rule: per must be positive, not %s", what, r.Per)
		}
		if _, given := present["deduct"]; given && r.Deduct <= 0 {
			c.problem(at("deduct"), "%s: deduct rule: deduct must be positive, not %s", what, r.Deduct)
		}
	case RuleCountDeduct:
		if _, given := present["per_count"]; given && r.PerCount <= 0 {
			c.problem(at("per_count"), "%s: count_deduct rule: per_count must be positive, not %s", what, r.PerCount)
		}
	case RuleTiers:
		c.tiers(what, i, it, ratio)
	}
}

// ruleKind checks that a rule type fits the indicator's kind where it
// matters: boolean reads a flag, count_deduct a count, and the threshold
// rules (linear, deduct, tiers) a ratio or a count, never a 0/1 flag.
func (c *ruleSetChecker) ruleKind(what string, line int, ruleType string, in Indicator) {
	switch {
	case ruleType == RuleBoolean && in.Kind != Flag:
		c.problem(line, "%s: a boolean rule needs a flag indicator; %s is a %s", what, in.Name, in.Kind)
	case ruleType == RuleCountDeduct && in.Kind != Count:
		c.problem(line, "%s: a count_deduct rule needs a count indicator; %s is a %s", what, in.Name, in.Kind)
	case ruleType != RuleBoolean && ruleType != RuleCountDeduct && in.Kind == Flag:
		c.problem(line, "%s: a %s rule needs a ratio or count indicator; %s is a flag (use boolean)", what, ruleType, in.Name)
	}
}

func (c *ruleSetChecker) tiers(what string, i int, it Item, ratio bool) {
	tiers := it.Rule.Tiers
	if _, given := c.keys("items", i, "rule")["tiers"]; given && len(tiers) == 0 {
		c.problem(c.line("items", i, "rule", "tiers"), "%s: tiers rule: the tier list is empty", what)
	}
	for j, t := range tiers {
		line := c.line("items", i, "rule", "tiers", j)
		if j > 0 && t.Min >= tiers[j-1].Min {
			c.problem(line, "%s: tiers rule: tier %d (min %s) is not below the tier before (min %s); list tiers highest min first",
				what, j+1, t.Min, tiers[j-1].Min)
		}
		if ratio && (t.Min < 0 || t.Min > decimalOne) {
			c.problem(line, "%s: tiers rule: tier %d min is a share of the ratio from 0 to 1 (write 0.9 for 90%%), not %s", what, j+1, t.Min)
		}
		if t.Score < 0 || t.Score > it.Points {
			c.problem(line, "%s: tiers rule: tier %d score %s is outside 0…%s, the item's points", what, j+1, t.Score, it.Points)
		}
		if j > 0 && t.Score > tiers[j-1].Score {
			c.problem(line, "%s: tiers rule: tier %d scores %s, more than the tier above it (%s)", what, j+1, t.Score, tiers[j-1].Score)
		}
	}
}

// improvable checks that work could change every item not marked
// improvable: false, since the path to the next grade will ask for it.
func (c *ruleSetChecker) improvable(rs *RuleSet) {
	for i, it := range rs.Items {
		if !it.CanImprove() {
			continue
		}
		line := c.line("items", i, "indicator")
		in, known := LookupIndicator(it.Indicator)
		w, ok := LookupWork(it.Indicator)
		if known && !ok {
			c.problem(line, "item %s: no work of a unit changes %s (%s); say improvable: false", it.ID, in.Name, in.Title)
		}
		// count_deduct falls as its count grows, the other rules of a count
		// rise (a boolean does not fit a count, as checked above).
		falls, fits := it.Rule.Type == RuleCountDeduct, slices.Contains(ruleTypes, it.Rule.Type) && it.Rule.Type != RuleBoolean
		if ok && in.Kind == Count && fits && falls != w.Fewer {
			what := "more"
			if w.Fewer {
				what = "fewer"
			}
			c.problem(line, "item %s: %s %s lowers its %s score; say improvable: false", it.ID, what, it.Indicator, it.Rule.Type)
		}
		if rs.readsOutsideItems(it.Indicator) {
			c.problem(line, "item %s: an adjustment or a veto reads %s too, and work never changes those; say improvable: false", it.ID, it.Indicator)
		}
		for _, other := range rs.Items {
			if other.Indicator == it.Indicator && !other.CanImprove() {
				c.problem(line, "item %s: item %s reads %s too and says improvable: false; items reading one indicator move together, so say it for both",
					it.ID, other.ID, it.Indicator)
				break
			}
		}
	}
}

func (c *ruleSetChecker) adjustments(rs *RuleSet, ids map[string]int) {
	for i, a := range rs.Adjustments {
		what := fmt.Sprintf("adjustment %s", a.ID)
		c.uniqueID(ids, what, a.ID, c.line("adjustments", i, "id"))
		if a.Title == "" {
			c.problem(c.line("adjustments", i, "title"), "%s: missing title", what)
		}
		line := c.line("adjustments", i, "indicator")
		if in, ok := c.indicator(what, a.Indicator, line); ok && in.Kind == Ratio {
			c.problem(line, "%s: per × value needs a count or flag indicator; %s is a ratio", what, in.Name)
		}
		if a.Per == 0 {
			c.problem(c.line("adjustments", i, "per"), "%s: per must be a non-zero number of points (+ bonus, − penalty)", what)
		}
		if a.Max <= 0 {
			c.problem(c.line("adjustments", i, "max"), "%s: max must be a positive number of points, not %s", what, a.Max)
		}
	}
}

func (c *ruleSetChecker) vetoes(rs *RuleSet, ids map[string]int) {
	grades := rs.GradeNames()
	for i, v := range rs.Vetoes {
		what := fmt.Sprintf("veto %s", v.ID)
		c.uniqueID(ids, what, v.ID, c.line("vetoes", i, "id"))
		if v.Title == "" {
			c.problem(c.line("vetoes", i, "title"), "%s: missing title", what)
		}
		line := c.line("vetoes", i, "indicator")
		if in, ok := c.indicator(what, v.Indicator, line); ok && in.Kind == Ratio {
			c.problem(line, "%s: a veto needs a count or flag indicator; %s is a ratio", what, in.Name)
		}
		if v.Above < 0 {
			c.problem(c.line("vetoes", i, "above"), "%s: above must be 0 or more, not %d", what, v.Above)
		}
		if v.Cap < 0 {
			c.problem(c.line("vetoes", i, "cap"), "%s: cap must be 0 or more, not %s", what, v.Cap)
		}
		if !slices.Contains(grades, v.Grade) {
			c.problem(c.line("vetoes", i, "grade"), "%s: grade %q is not one of the grades (%s)", what, v.Grade, strings.Join(grades, ", "))
		}
		if v.Rank != "" && v.Rank != VetoRankLast {
			c.problem(c.line("vetoes", i, "rank"), "%s: rank %q: write rank: %s to rank the units it hits last (列末位), or leave it out to rank them by total", what, v.Rank, VetoRankLast)
		}
	}
}

// targets checks per-unit targets: named after a count indicator, positive,
// overridden by 6-digit unit codes.
func (c *ruleSetChecker) targets(rs *RuleSet) {
	for _, name := range slices.Sorted(maps.Keys(rs.Targets)) {
		t := rs.Targets[name]
		if in, ok := LookupIndicator(name); !ok || in.Kind != Count {
			c.problem(c.line("targets", name), "targets: %q is not a count indicator", name)
		}
		if t.Default <= 0 {
			c.problem(c.line("targets", name, "default"), "targets.%s: default must be positive, not %d", name, t.Default)
		}
		for _, unit := range slices.Sorted(maps.Keys(t.ByUnit)) {
			line := c.line("targets", name, unit)
			if !isUnitCode(unit) {
				c.problem(line, "targets.%s: %q is not a 6-digit unit code", name, unit)
			} else if t.ByUnit[unit] <= 0 {
				c.problem(line, "targets.%s: the target of %s must be positive, not %d", name, unit, t.ByUnit[unit])
			}
		}
	}
	for i, it := range rs.Items {
		if in, ok := LookupIndicator(it.Indicator); ok && in.Denominator == FromTarget {
			if _, ok := rs.Targets[in.Target]; !ok {
				c.problem(c.line("items", i, "indicator"), "item %s: %s needs targets.%s", it.ID, in.Name, in.Target)
			}
		}
	}
}

// reporting checks the required submissions that submission_timeliness
// (the FromReporting indicators) counts.
func (c *ruleSetChecker) reporting(rs *RuleSet) {
	seen := map[string]int{}
	for i, r := range rs.Reporting {
		line := c.line("reporting", i)
		if !SubmissionKinds.Has(r.Kind) {
			c.problem(c.line("reporting", i, "kind"), "reporting: kind %q is not one of %s", r.Kind, strings.Join(SubmissionKinds.Values, ", "))
		}
		if r.Period == "" {
			c.problem(line, "reporting: %s: missing period", r.Kind)
		}
		if r.Due.IsZero() {
			c.problem(line, "reporting: %s %s: missing due date", r.Kind, r.Period)
		}
		key := r.Kind + " " + r.Period
		if first, dup := seen[key]; dup {
			c.problem(line, "reporting: %s %s is listed twice (first on line %d)", r.Kind, r.Period, first)
		}
		seen[key] = line
	}
	if len(rs.Reporting) == 0 {
		for i, it := range rs.Items {
			if in, ok := LookupIndicator(it.Indicator); ok && in.Denominator == FromReporting {
				c.problem(c.line("items", i, "indicator"), "item %s: %s needs reporting entries", it.ID, in.Name)
			}
		}
	}
}

// grades checks the score bands (highest first, ending at min 0 so every
// total gets a grade) or the rank grades (ascending tops, the last without).
func (c *ruleSetChecker) grades(rs *RuleSet) {
	switch {
	case len(rs.Grades) > 0 && len(rs.GradesByRank) > 0:
		c.problem(c.line("grades_by_rank"), "grades and grades_by_rank are both given: grade by score or by rank, not both")
		return
	case len(rs.Grades) == 0 && len(rs.GradesByRank) == 0:
		c.problem(0, "no grades: give grades (score bands) or grades_by_rank")
		return
	}
	names := map[string]bool{}
	name := func(line int, n string) {
		if n == "" {
			c.problem(line, "grades: missing name")
		} else if names[n] {
			c.problem(line, "grades: %s is listed twice", n)
		}
		names[n] = true
	}
	for i, g := range rs.Grades {
		line := c.line("grades", i)
		name(line, g.Name)
		if i > 0 && g.Min >= rs.Grades[i-1].Min {
			c.problem(line, "grades: band %s (min %s) is not below the band before (min %s); list bands highest first",
				g.Name, g.Min, rs.Grades[i-1].Min)
		}
		if i == len(rs.Grades)-1 && g.Min != 0 {
			c.problem(line, "grades: the last band %s starts at %s: it must start at min 0, or lower totals get no grade", g.Name, g.Min)
		}
	}
	for i, g := range rs.GradesByRank {
		line := c.line("grades_by_rank", i)
		name(line, g.Name)
		last := i == len(rs.GradesByRank)-1
		switch {
		case last && g.Top != 0:
			c.problem(line, "grades_by_rank: the last grade %s must have no top, so that it takes the remaining ranks", g.Name)
		case !last && g.Top <= 0:
			c.problem(line, "grades_by_rank: grade %s needs a positive top; only the last grade takes the rest", g.Name)
		case i > 0 && !last && g.Top <= rs.GradesByRank[i-1].Top:
			c.problem(line, "grades_by_rank: grade %s (top %d) must reach further than the grade before (top %d)",
				g.Name, g.Top, rs.GradesByRank[i-1].Top)
		}
	}
}

func (c *ruleSetChecker) gates(rs *RuleSet) {
	grades := rs.GradeNames()
	itemIDs := map[string]bool{}
	for _, it := range rs.Items {
		itemIDs[it.ID] = true
	}
	for i, g := range rs.Gates {
		what := fmt.Sprintf("gate %d", i+1)
		if len(g.Items) == 0 {
			c.problem(c.line("gates", i, "items"), "%s: no items", what)
		}
		for j, id := range g.Items {
			if !itemIDs[id] {
				c.problem(c.line("gates", i, "items", j), "%s: unknown item %q", what, id)
			}
		}
		if g.MinShare <= 0 || g.MinShare > decimalOne {
			c.problem(c.line("gates", i, "min_share"), "%s: min_share is a share of the item's points above 0 and at most 1, not %s", what, g.MinShare)
		}
		if !slices.Contains(grades, g.GradeAtMost) {
			c.problem(c.line("gates", i, "grade_at_most"), "%s: grade %q is not one of the grades (%s)", what, g.GradeAtMost, strings.Join(grades, ", "))
		}
	}
}
