package zhengzhi

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// NextGrade is what it takes one unit to reach the next grade up (提升路径):
// the fewest actions after which the ordinary scoring, with the other units
// as they stand, grades it one grade higher or better; and how safely it
// holds the grade it has (Margin).
type NextGrade struct {
	// Blocked says why there is no path; empty when there is one.
	Blocked Blocked
	// Grade is the grade aimed at, the one above the unit's; empty when
	// vetoed or at the top.
	Grade string
	// Top is the rank Grade needs when the rule set grades by rank; 0 for
	// score bands.
	Top int
	// Min is the lowest total that gets Grade with the other units as they
	// stand: the band's floor, or with grades_by_rank the total that reaches
	// rank Top. MinKnown is false when no total does.
	Min      Score
	MinKnown bool
	// Gap is how far the unit's total is below Min; 0 when the total is
	// enough and only a key item (gate) holds the grade down.
	Gap Score
	// Steps is the path, in item order, and Actions its number of actions.
	Steps   []Step
	Actions int64
	// Total, Rank and Reached are the unit's total, rank and grade after the
	// path; for an unreachable grade, with every improvable item full. Both
	// are re-scored by the ordinary scoring.
	Total   Score
	Rank    int
	Reached string
	// Short is how far the total stays below Min with every improvable item
	// full (unreachable only); Gate explains the key items that would still
	// hold the grade down.
	Short Score
	Gate  string
	// Margin is how safely the unit holds its grade; nil at the lowest grade
	// and under a veto, where there is nothing left to lose.
	Margin *Margin
}

// Blocked is why a unit has no path to the next grade.
type Blocked string

// The reasons there is no path.
const (
	// BlockedVetoed: a veto forces the unit's grade for the year.
	BlockedVetoed Blocked = "vetoed"
	// BlockedTop: the unit has the top grade.
	BlockedTop Blocked = "top"
	// BlockedUnreachable: not even every improvable item full gets the grade.
	BlockedUnreachable Blocked = "unreachable"
)

// Step is the work on one item in a path.
type Step struct {
	Item      string
	Title     string
	Indicator string
	// Count is the number of actions, Gain the points they add to the items
	// that read the indicator.
	Count int64
	Gain  Score
	// Text is the work in words: "再排查3家企业".
	Text string
}

// Margin is how far a unit stands above the floor of its grade, and the item
// where setbacks would cost it the grade soonest.
type Margin struct {
	// Grade is the grade held; Top the rank it needs when graded by rank.
	Grade string
	Top   int
	// Floor is the lowest total that keeps Grade with the other units as
	// they stand; Points is the unit's total above it.
	Floor  Score
	Points Score
	// Item and Title name the item where the fewest setbacks cost the grade,
	// empty when setbacks on no one item can; Setbacks is how many, Setback
	// says them in words ("少整改3处隐患"), Lost is the points they cost and
	// Falls the grade the unit would fall to, by the ordinary scoring.
	Item     string
	Title    string
	Setbacks int64
	Setback  string
	Lost     Score
	Falls    string
}

// NextGrades works out every unit's path to the next grade and its margin,
// in the assessment's order, from the indicator values it was scored from.
// The assessment must carry its full rule set (a stored one gets it back
// when its hash matches the rule set file).
func NextGrades(a *Assessment, values Values) []NextGrade {
	s := newPathSearch(a)
	out := make([]NextGrade, len(a.Units))
	for i, sc := range a.Units {
		out[i] = s.unit(i, values[sc.Unit.Code])
	}
	return out
}

// pathSearch grades what-ifs of one unit at a time against the others as
// they stand, with the ordinary scoring functions, so that the search obeys
// whatever scoreUnit, rankScorecards and gradeScorecard do.
type pathSearch struct {
	rs    *RuleSet
	units []Scorecard
	names []string
	// cards are the assessment's scorecards, where a what-if takes the
	// place of its unit while it is graded.
	cards []Scorecard
	// lines are the items' rules, read once.
	lines []itemLine
	// steps are the totals where a unit's grade can change, ascending: a
	// band's floor, or another unit's total (where the unit's rank does).
	// The last gets any grade a total can give.
	steps []Score
	dp    []dpCell
}

func newPathSearch(a *Assessment) *pathSearch {
	s := &pathSearch{rs: a.RuleSet, units: a.Units, names: a.RuleSet.GradeNames(), cards: slices.Clone(a.Units)}
	for _, it := range a.RuleSet.Items {
		s.lines = append(s.lines, lineOf(it))
	}
	s.steps = []Score{0}
	for _, sc := range a.Units {
		s.steps = append(s.steps, sc.Total)
	}
	for _, g := range a.RuleSet.Grades {
		s.steps = append(s.steps, bandFloor(g))
	}
	slices.Sort(s.steps)
	s.steps = slices.Compact(s.steps)
	return s
}

// bandFloor is the lowest total in a score band: its min, in millionths,
// rounded up to hundredths.
func bandFloor(g GradeBand) Score {
	return Score((int64(g.Min) + decimalScale/100 - 1) / (decimalScale / 100))
}

// high is a total that gets any grade a total can give.
func (s *pathSearch) high() Score { return s.steps[len(s.steps)-1] }

// graded ranks and grades a what-if of unit i among the others as they stand.
func (s *pathSearch) graded(i int, what Scorecard) Scorecard {
	s.cards[i] = what
	rankScorecards(s.rs, s.cards)
	gradeScorecard(s.rs, &s.cards[i])
	out := s.cards[i]
	s.cards[i] = s.units[i]
	return out
}

// rescored is unit i after counts[j] actions on each lever (negative:
// setbacks), scored by the ordinary scoring and graded among the others:
// the items reading a moved indicator are scored anew, the rest kept. The
// items scored anew have no explanation: only their scores are read.
func (s *pathSearch) rescored(i int, vals map[string]Value, levers []*lever, counts []int64) Scorecard {
	moved := make(map[string]Value, len(vals))
	for k, v := range vals {
		moved[k] = v
	}
	sc := s.units[i]
	items := slices.Clone(sc.Items)
	for j, l := range levers {
		if counts[j] == 0 {
			continue
		}
		v := l.value
		v.Numerator += l.dir * counts[j]
		moved[l.indicator] = v
		for k, it := range s.rs.Items {
			if it.Indicator == l.indicator {
				items[k] = scoreItemValue(it, indicatorOf(it.Indicator), v)
			}
		}
	}
	return s.graded(i, addUp(s.rs, Scorecard{Unit: sc.Unit, Items: items}, moved))
}

// gradeWith is the number of the grade unit i gets among the others with
// this total and these item scores.
func (s *pathSearch) gradeWith(i int, total Score, items []ItemScore) int {
	what := s.units[i]
	what.Total, what.Items, what.Gated, what.GateExplanation = total, items, false, ""
	return gradeIndex(s.names, s.graded(i, what).Grade)
}

// totals grades unit i, its items all full (so that no gate holds it), at
// the totals the search asks about, each once.
type totals struct {
	s      *pathSearch
	i      int
	full   []ItemScore
	grades map[Score]int
}

// grade is the number of the grade unit i gets with total t.
func (p *totals) grade(t Score) int {
	g, ok := p.grades[t]
	if !ok {
		g = p.s.gradeWith(p.i, t, p.full)
		p.grades[t] = g
	}
	return g
}

// min is the lowest total that gets grade number want: the grade's floor,
// or the total that reaches its rank. False when no total does. The grade
// only changes at the steps, so only they are tried.
func (p *totals) min(want int) (Score, bool) {
	steps := p.s.steps
	if want < len(p.s.rs.Grades) {
		// Graded by score, the grade most likely starts at its band's
		// floor: two probes make sure, instead of a search.
		k, _ := slices.BinarySearch(steps, bandFloor(p.s.rs.Grades[want]))
		if p.grade(steps[k]) <= want && (k == 0 || p.grade(steps[k-1]) > want) {
			return steps[k], true
		}
	}
	k, _ := slices.BinarySearchFunc(steps, want, func(t Score, want int) int {
		if p.grade(t) <= want {
			return 1
		}
		return -1
	})
	if k == len(steps) {
		return 0, false
	}
	return steps[k], true
}

// gateNeeds is the least score, in hundredths, each item needs for unit i to
// get grade number want when its total is high enough: 0 for an item no gate
// reads, or whose gate lowers no further than want. Only gated items are
// probed.
func (s *pathSearch) gateNeeds(i int, full []ItemScore, want int) []int64 {
	needs := make([]int64, len(full))
	for k, is := range full {
		if !slices.ContainsFunc(s.rs.Gates, func(g Gate) bool { return slices.Contains(g.Items, is.ID) }) {
			continue
		}
		items := slices.Clone(full)
		needs[k] = int64(sort.Search(int(is.Points), func(sc int) bool {
			items[k].Score = Score(sc)
			return s.gradeWith(i, s.high(), items) <= want
		}))
	}
	return needs
}

// rankTop is the rank grade number g needs when grading by rank, else 0.
func (s *pathSearch) rankTop(g int) int {
	if g < len(s.rs.GradesByRank) {
		return s.rs.GradesByRank[g].Top
	}
	return 0
}

// unit works out one unit's path and margin.
func (s *pathSearch) unit(i int, vals map[string]Value) NextGrade {
	sc := s.units[i]
	if sc.Vetoed {
		return NextGrade{Blocked: BlockedVetoed}
	}
	full := slices.Clone(sc.Items)
	for k := range full {
		full[k].Score = full[k].Points
	}
	levers := s.rs.levers(s.lines, vals)
	cur := gradeIndex(s.names, sc.Grade)
	probe := &totals{s: s, i: i, full: full, grades: map[Score]int{}}
	out := NextGrade{Margin: s.margin(i, vals, full, probe, levers, cur)}
	if cur == 0 {
		out.Blocked = BlockedTop
		return out
	}
	want := cur - 1
	out.Grade, out.Top = s.names[want], s.rankTop(want)
	out.Min, out.MinKnown = probe.min(want)
	if out.MinKnown {
		out.Gap = max(0, out.Min-sc.Total)
	}

	s.path(i, vals, full, levers, want, &out)
	return out
}

// path finds the fewest actions that get unit i grade number want, into
// out: or, when not even every improvable item full does, what that would
// give.
func (s *pathSearch) path(i int, vals map[string]Value, full []ItemScore, levers []*lever, want int, out *NextGrade) {
	sc := s.units[i]
	// The total before its floor at 0 has to gain need, and every gated
	// item has to reach its need: a lever's least actions, or never.
	raw := Score(0)
	for _, is := range sc.Items {
		raw += is.Score
	}
	for _, as := range sc.Adjustments {
		raw += as.Score
	}
	need := max(0, int64(out.Min-raw))
	needs := s.gateNeeds(i, full, want)
	reachable := out.MinKnown
	least, most := make([]int64, len(levers)), int64(0)
	for j, l := range levers {
		n, ok := l.least(needs)
		least[j], reachable = n, reachable && ok
		most += l.at(l.hi) - l.at(0)
	}
	for k, is := range sc.Items {
		if int64(is.Score) < needs[k] && !slices.ContainsFunc(levers, func(l *lever) bool { return slices.Contains(l.items, k) }) {
			reachable = false
		}
	}
	counts := make([]int64, len(levers))
	if !reachable || most < need {
		for j, l := range levers {
			counts[j] = l.hi
		}
		best := s.rescored(i, vals, levers, counts)
		out.Blocked = BlockedUnreachable
		out.Total, out.Rank, out.Reached = best.Total, best.Rank, best.Grade
		if out.MinKnown {
			out.Short = max(0, out.Min-best.Total)
		}
		out.Gate = best.GateExplanation
		return
	}
	// No lever of the best path takes more actions than a path found quickly.
	bound := quickPath(levers, least, need)
	choices := make([][]choice, len(levers))
	for j, l := range levers {
		choices[j] = l.choices(least[j], need, bound)
	}
	counts = s.fewestActions(choices, need, bound)
	after := s.rescored(i, vals, levers, counts)
	out.Total, out.Rank, out.Reached = after.Total, after.Rank, after.Grade
	for j, l := range levers {
		if counts[j] == 0 {
			continue
		}
		st := Step{Item: s.rs.Items[l.items[0]].ID, Title: s.rs.Items[l.items[0]].Title, Indicator: l.indicator,
			Count: counts[j], Text: l.work.ActionText(counts[j])}
		for _, k := range l.items {
			st.Gain += after.Items[k].Score - sc.Items[k].Score
		}
		out.Steps = append(out.Steps, st)
		out.Actions += counts[j]
	}
}

// margin is how far unit i stands above the floor of its grade (number cur)
// and the lever where the fewest setbacks cost it; nil when there is nothing
// to lose.
func (s *pathSearch) margin(i int, vals map[string]Value, full []ItemScore, probe *totals, levers []*lever, cur int) *Margin {
	sc := s.units[i]
	if cur >= len(s.names)-1 {
		return nil
	}
	floor, _ := probe.min(cur) // its own total, items full, gets at least its grade
	m := &Margin{Grade: sc.Grade, Top: s.rankTop(cur), Floor: floor, Points: sc.Total - floor}
	needs := s.gateNeeds(i, full, cur)
	pick, fewest := -1, int64(math.MaxInt64)
	for j, l := range levers {
		n, ok := int64(0), false
		if floor > 0 {
			// The total is above 0, so it is the sum; losing Points and a
			// hundredth more drops it below the floor.
			n, ok = l.setbacks(l.at(0) - int64(m.Points) - 1)
		}
		for k, item := range l.items {
			if needs[item] == 0 {
				continue
			}
			if c, found := l.curves[k].last(needs[item] - 1); found && c >= l.lo && (!ok || -c < n) {
				n, ok = -c, true
			}
		}
		if ok && n < fewest {
			pick, fewest = j, n
		}
	}
	if pick < 0 {
		return m
	}
	l := levers[pick]
	counts := make([]int64, len(levers))
	counts[pick] = -fewest
	fallen := s.rescored(i, vals, levers, counts)
	item := s.rs.Items[l.items[0]]
	m.Item, m.Title, m.Setbacks, m.Setback = item.ID, item.Title, fewest, l.work.SetbackText(fewest)
	m.Lost, m.Falls = sc.Total-fallen.Total, fallen.Grade
	return m
}

// quickPath is the number of actions of a path found quickly, an upper
// bound for the best: each lever's least first, then whole levers, most
// points an action first, the last only as far as need takes it; or the
// least and one lever alone, when that is fewer.
func quickPath(levers []*lever, least []int64, need int64) int64 {
	gains := make([]int64, len(levers))
	base, gain := int64(0), int64(0)
	for j, l := range levers {
		gains[j] = l.at(least[j]) - l.at(0)
		base, gain = base+least[j], gain+gains[j]
	}
	if gain >= need {
		return base
	}
	// reach is the least actions, beyond the least, for lever j to add more.
	reach := func(j int, more int64) (int64, bool) {
		n, ok := levers[j].reach(levers[j].at(0) + gains[j] + more)
		return n - least[j], ok
	}
	best := int64(math.MaxInt64)
	for j := range levers {
		if n, ok := reach(j, need-gain); ok {
			best = min(best, base+n)
		}
	}
	order := make([]int, len(levers))
	for j := range order {
		order[j] = j
	}
	// Points an action over a whole lever: (top − least gain)/(hi − least), compared crosswise.
	slices.SortStableFunc(order, func(x, y int) int {
		gx, nx := levers[x].at(levers[x].hi)-levers[x].at(0)-gains[x], max(1, levers[x].hi-least[x])
		gy, ny := levers[y].at(levers[y].hi)-levers[y].at(0)-gains[y], max(1, levers[y].hi-least[y])
		return cmp.Compare(gy*nx, gx*ny)
	})
	actions := base
	for _, j := range order {
		rest := need - gain
		if rest <= 0 {
			break
		}
		if n, ok := reach(j, rest); ok {
			actions, gain = actions+n, need
			break
		}
		l := levers[j]
		actions, gain = actions+l.hi-least[j], gain+l.at(l.hi)-l.at(0)-gains[j]
	}
	if gain >= need {
		best = min(best, actions)
	}
	return best
}

// choice is a number of actions on a lever and the hundredths they gain.
type choice struct {
	count, gain int64
}

// dpCell is the best way to finish a path: fewest actions, then most gain.
type dpCell struct {
	actions, gain int64
}

func (c dpCell) better(d dpCell) bool {
	return c.actions < d.actions || c.actions == d.actions && c.gain > d.gain
}

// fewestActions picks one choice per lever so that the gains add up to need
// with the fewest actions, then the most gain, then the most actions on the
// earliest levers. Each lever's choices are its counts where the score
// rises, from its least. The gains of tiers are uneven, so it is a knapsack,
// over the actions when the quick path's bound is the smaller, else over the
// gains in hundredths (a lever of 100,000 hazards gains less than a
// hundredth an action).
func (s *pathSearch) fewestActions(choices [][]choice, need, bound int64) []int64 {
	if bound < need {
		return s.fewestByActions(choices, need, bound)
	}
	return s.fewestByGain(choices, need)
}

// fewestByActions is the knapsack over numbers of actions up to bound: from
// the last lever back, the most gain the levers from j on give with at most
// b actions; then the fewest b whose gain reaches need, read from the first
// lever on, taking on each lever the most actions that keep the gain.
func (s *pathSearch) fewestByActions(choices [][]choice, need, bound int64) []int64 {
	k, w := len(choices), int(bound)+1
	if size := (k + 1) * w; cap(s.dp) < size {
		s.dp = make([]dpCell, size)
	} else {
		s.dp = s.dp[:size]
	}
	// Only the gain of a cell is used; math.MinInt64 marks too few actions
	// for the levers' least.
	clear(s.dp[k*w:])
	for j := k - 1; j >= 0; j-- {
		cur, next := s.dp[j*w:(j+1)*w], s.dp[(j+1)*w:(j+2)*w]
		for b := range cur {
			best := int64(math.MinInt64)
			for _, ch := range choices[j] {
				if ch.count > int64(b) {
					break
				}
				if g := next[int64(b)-ch.count].gain; g != math.MinInt64 {
					best = max(best, ch.gain+g)
				}
			}
			cur[b].gain = best
		}
	}
	b := slices.IndexFunc(s.dp[:w], func(c dpCell) bool { return c.gain >= need })
	counts := make([]int64, k)
	for j := range k {
		cur, next := s.dp[j*w:(j+1)*w], s.dp[(j+1)*w:(j+2)*w]
		for _, ch := range choices[j] {
			if ch.count > int64(b) {
				break
			}
			if g := next[int64(b)-ch.count].gain; g != math.MinInt64 && ch.gain+g == cur[b].gain {
				counts[j] = ch.count // the last match has the most actions on this lever
			}
		}
		b -= int(counts[j])
	}
	return counts
}

// fewestByGain is the knapsack over gains in hundredths (at most need + 1
// states, a gain beyond need counting as need), solved from the last lever
// back so that the path can be read from the first lever on.
func (s *pathSearch) fewestByGain(choices [][]choice, need int64) []int64 {
	k, w := len(choices), int(need)+1
	if size := (k + 1) * w; cap(s.dp) < size {
		s.dp = make([]dpCell, size)
	} else {
		s.dp = s.dp[:size]
	}
	unreached := dpCell{actions: math.MaxInt64}
	last := s.dp[k*w:]
	for g := range last {
		last[g] = unreached
	}
	last[need] = dpCell{}
	// step is where a choice from gain g leads and what the path then holds.
	step := func(next []dpCell, g int, ch choice) (dpCell, bool) {
		to := min(int64(g)+ch.gain, need)
		n := next[to]
		if n.actions == math.MaxInt64 {
			return n, to == need
		}
		return dpCell{actions: ch.count + n.actions, gain: ch.gain + n.gain}, to == need
	}
	for j := k - 1; j >= 0; j-- {
		cur, next := s.dp[j*w:(j+1)*w], s.dp[(j+1)*w:(j+2)*w]
		for g := range cur {
			best := unreached
			for _, ch := range choices[j] {
				c, capped := step(next, g, ch)
				if c.actions != math.MaxInt64 && c.better(best) {
					best = c
				}
				if capped {
					// Later choices also reach need, with more actions.
					break
				}
			}
			cur[g] = best
		}
	}
	counts := make([]int64, k)
	g := 0
	for j := range k {
		cur, next := s.dp[j*w:(j+1)*w], s.dp[(j+1)*w:(j+2)*w]
		var took choice
		for _, ch := range choices[j] {
			c, capped := step(next, g, ch)
			if c == cur[g] {
				took = ch // the last match has the most actions on this lever
			}
			if capped {
				break
			}
		}
		counts[j] = took.count
		g = int(min(int64(g)+took.gain, need))
	}
	return counts
}
