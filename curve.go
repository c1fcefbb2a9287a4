package zhengzhi

import (
	"math"
	"math/big"
	"slices"
)

// The path to the next grade searches over counts of work, so it needs an
// item's score as a function of the count, and above all the counts where the
// rounded score changes: a ratio's numerator may be thousands short of its
// denominator, and trying one action at a time would be far too slow. A curve
// gives those counts exactly, in integers, from the same rule parameters that
// ruleScore reads; TestCurvesMatchScoring holds the two together.

// curve is one item's rounded score, in hundredths, as a non-decreasing
// function of c, the number of actions on its indicator (c < 0: setbacks).
// It is defined for every c; the lever that owns it knows which counts the
// value allows.
//
// The linear, deduct and count_deduct rules score an affine function of the
// value clamped to [0, P], and half-up rounding of x is ⌊x + ½⌋ for x ≥ 0, so
// their curve is clamp(⌊(p2 + p3·c) / p1⌋, 0, max) with p1, p3 > 0. The tiers
// and boolean rules are steps: the score of the first step whose count c
// reaches, else 0.
type curve struct {
	max        int64 // the item's points in hundredths
	p1, p2, p3 *big.Int
	steps      []curveStep // highest first; nil for an affine curve
	x, y       big.Int     // scratch
}

// curveStep is a tier reached from count at on.
type curveStep struct {
	at, score int64
}

// itemLine is what an item's rule makes of its indicator's value, read
// once per rule set: the exact score alpha + beta·value before it is clamped
// to [0, P] (linear, deduct, count_deduct), or the tiers (boolean: one tier
// at 1).
type itemLine struct {
	max            int64 // the points in hundredths
	an, ad, bn, bd *big.Int
	tiers          []Tier
}

// lineOf reads an item's rule. A rule type it does not know (only in a
// rule set built by hand; scoreItem scores it 0) gives a line work never moves.
func lineOf(it Item) itemLine {
	points := it.Points.Rat()
	ln := itemLine{max: int64(roundScore(points))}
	r := it.Rule
	var alpha, beta *big.Rat
	switch r.Type {
	case RuleTiers:
		ln.tiers = r.Tiers
		return ln
	case RuleBoolean:
		ln.tiers = []Tier{{Min: decimalOne, Score: it.Points}}
		return ln
	case RuleLinear:
		beta = new(big.Rat).Quo(points, new(big.Rat).Sub(r.FullAt.Rat(), r.ZeroAt.Rat()))
		alpha = new(big.Rat).Neg(new(big.Rat).Mul(beta, r.ZeroAt.Rat()))
	case RuleDeduct:
		beta = new(big.Rat).Quo(r.Deduct.Rat(), r.Per.Rat())
		alpha = new(big.Rat).Sub(points, new(big.Rat).Mul(beta, r.Target.Rat()))
	case RuleCountDeduct:
		beta = new(big.Rat).Neg(r.PerCount.Rat())
		alpha = points
	default:
		return ln
	}
	ln.an, ln.ad, ln.bn, ln.bd = alpha.Num(), alpha.Denom(), beta.Num(), beta.Denom()
	return ln
}

// curve is the item's curve when its indicator has the value v and each
// action moves the indicator's number by dir (+1 or −1). It is false when
// work cannot raise the score: an empty ratio keeps its when_empty score,
// and a rule that falls as the value moves that way (an overdue count
// scored linearly, a growing count scored count_deduct) is not one that
// work improves.
func (ln itemLine) curve(kind Kind, v Value, dir int64) (*curve, bool) {
	den := int64(1)
	if kind == Ratio {
		if v.Denominator == 0 {
			return nil, false
		}
		den = v.Denominator
	}
	c := &curve{max: ln.max}
	if ln.tiers != nil {
		if dir < 0 {
			return nil, false
		}
		for _, t := range ln.tiers {
			// The tier holds from numerator ⌈min·den⌉ on.
			need := new(big.Rat).Mul(t.Min.Rat(), big.NewRat(den, 1))
			c.steps = append(c.steps, curveStep{at: ceilRat(need) - v.Numerator, score: int64(roundScore(t.Score.Rat()))})
		}
		return c, true
	}
	if ln.bn == nil || ln.bn.Sign()*int(dir) <= 0 {
		return nil, false
	}
	// In hundredths, plus the half of half-up rounding, after c actions:
	// 100·(alpha + beta·(number + dir·c)/den) + ½ = (p2 + p3·c)/p1 with
	// p1 = 2·den·ad·bd, p2 = 200·an·bd·den + den·ad·bd + 200·bn·ad·number
	// and p3 = 200·bn·ad·dir.
	dd, ab := big.NewInt(den), new(big.Int).Mul(ln.ad, ln.bd)
	c.p1 = new(big.Int).Mul(dd, ab)
	c.p1.Lsh(c.p1, 1)
	c.p3 = new(big.Int).Mul(ln.bn, ln.ad)
	c.p3.Mul(c.p3, big.NewInt(200*dir))
	c.p2 = new(big.Int).Mul(ln.an, ln.bd)
	c.p2.Mul(c.p2, dd).Mul(c.p2, big.NewInt(200))
	c.p2.Add(c.p2, new(big.Int).Mul(dd, ab))
	c.p2.Add(c.p2, new(big.Int).Mul(new(big.Int).Mul(ln.bn, ln.ad), big.NewInt(200*v.Numerator)))
	return c, true
}

// at is the rounded score, in hundredths, after c actions.
func (c *curve) at(n int64) int64 {
	if c.steps != nil {
		for _, s := range c.steps {
			if n >= s.at {
				return s.score
			}
		}
		return 0
	}
	c.x.SetInt64(n)
	c.x.Mul(&c.x, c.p3).Add(&c.x, c.p2)
	c.x.Div(&c.x, c.p1) // Euclidean: the floor, as p1 > 0
	switch {
	case c.x.Sign() <= 0:
		return 0
	case !c.x.IsInt64() || c.x.Int64() >= c.max:
		return c.max
	}
	return c.x.Int64()
}

// first is the least count whose score reaches level, or false when none
// does; math.MinInt64 when every count does.
func (c *curve) first(level int64) (int64, bool) {
	switch {
	case level <= 0:
		return math.MinInt64, true
	case level > c.max:
		return 0, false
	}
	if c.steps != nil {
		// Scores fall down the list, so the steps reaching level come first
		// and the last of them is reached soonest.
		at, ok := int64(0), false
		for _, s := range c.steps {
			if s.score < level {
				break
			}
			at, ok = s.at, true
		}
		return at, ok
	}
	// ⌊(p2 + p3·n)/p1⌋ ≥ level ⇔ n ≥ (level·p1 − p2)/p3.
	c.x.SetInt64(level)
	c.x.Mul(&c.x, c.p1).Sub(&c.x, c.p2)
	return ceilDiv(&c.x, c.p3, &c.y), true
}

// last is the greatest count whose score is at most t, or false when none
// is; math.MaxInt64 when every count is.
func (c *curve) last(t int64) (int64, bool) {
	switch {
	case t < 0:
		return 0, false
	case t >= c.max:
		return math.MaxInt64, true
	}
	if c.steps != nil {
		at, ok := int64(0), false
		for _, s := range c.steps {
			if s.score <= t {
				break
			}
			at, ok = s.at, true
		}
		if !ok {
			return math.MaxInt64, true
		}
		return at - 1, true
	}
	// ⌊(p2 + p3·n)/p1⌋ ≤ t ⇔ p2 + p3·n < (t+1)·p1.
	c.x.SetInt64(t + 1)
	c.x.Mul(&c.x, c.p1).Sub(&c.x, c.p2)
	return ceilDiv(&c.x, c.p3, &c.y) - 1, true
}

// ceilDiv is ⌈x/d⌉ for d > 0, using y as scratch; x is overwritten.
func ceilDiv(x, d, y *big.Int) int64 {
	x.Neg(x)
	y.Div(x, d) // ⌊−x/d⌋
	y.Neg(y)
	switch {
	case y.IsInt64():
		return y.Int64()
	case y.Sign() > 0:
		return math.MaxInt64
	}
	return math.MinInt64
}

// ceilRat is ⌈x⌉.
func ceilRat(x *big.Rat) int64 {
	q := new(big.Int).Neg(x.Num())
	q.Div(q, x.Denom())
	return -q.Int64()
}

// lever is the work on one indicator: the improvable items that read it,
// which move together.
type lever struct {
	indicator string
	work      Work
	value     Value
	dir       int64    // what one action adds to the indicator's number: +1, or −1 for an overdue count
	items     []int    // the items' places in the rule set
	curves    []*curve // the items' curves, in the same order
	// lo ≤ 0 is the most setbacks that still change a score (as a negative
	// count), hi ≥ 0 the most actions that still do.
	lo, hi int64
}

// levers are a unit's levers in the order of their first items, from the
// rule set's items and their lines. An item no work may improve (see
// RuleSet.itemWork) is on none; nor is an indicator whose ratio is empty,
// or one of whose items work would lower (ParseRuleSet wants such an item
// marked improvable: false, which leaves its indicator alone).
func (rs *RuleSet) levers(lines []itemLine, vals map[string]Value) []*lever {
	var out []*lever
	stuck := map[string]bool{}
	for k, it := range rs.Items {
		w, ok := rs.itemWork(it)
		if !ok || stuck[it.Indicator] {
			continue
		}
		kind, v, dir := indicatorOf(it.Indicator).Kind, vals[it.Indicator], w.step()
		j := slices.IndexFunc(out, func(l *lever) bool { return l.indicator == it.Indicator })
		c, ok := lines[k].curve(kind, v, dir)
		if !ok {
			stuck[it.Indicator] = true
			if j >= 0 {
				out = slices.Delete(out, j, j+1)
			}
			continue
		}
		if j < 0 {
			j = len(out)
			out = append(out, newLever(it.Indicator, w, kind, v, dir))
		}
		out[j].items = append(out[j].items, k)
		out[j].curves = append(out[j].curves, c)
	}
	for _, l := range out {
		l.narrow()
	}
	return out
}

// itemWork is the work that improves an item; false when no work may: an
// item reading the indicator says improvable: false, no work of the unit
// moves the indicator, or an adjustment or a veto reads it too (those are
// never improvable, so work must not move them). A parsed rule set says
// improvable: false wherever this is false.
func (rs *RuleSet) itemWork(it Item) (Work, bool) {
	w, ok := LookupWork(it.Indicator)
	fixed := slices.ContainsFunc(rs.Items, func(o Item) bool { return o.Indicator == it.Indicator && !o.CanImprove() })
	if !ok || fixed || rs.readsOutsideItems(it.Indicator) {
		return Work{}, false
	}
	return w, true
}

// readsOutsideItems says whether an adjustment or a veto reads the indicator.
func (rs *RuleSet) readsOutsideItems(indicator string) bool {
	return slices.ContainsFunc(rs.Adjustments, func(a Adjustment) bool { return a.Indicator == indicator }) ||
		slices.ContainsFunc(rs.Vetoes, func(v Veto) bool { return v.Indicator == indicator })
}

// newLever bounds the work by the value: a ratio's numerator between 0 and
// its denominator, a flag between 0 and 1, a count not below 0.
func newLever(indicator string, w Work, kind Kind, v Value, dir int64) *lever {
	l := &lever{indicator: indicator, work: w, value: v, dir: dir}
	n := v.Numerator
	switch {
	case kind == Ratio:
		l.lo, l.hi = -n, v.Denominator-n
	case kind == Flag:
		l.lo, l.hi = -min(n, 1), max(0, 1-n)
	case w.Fewer:
		l.lo, l.hi = math.MinInt64, n
	default:
		l.lo, l.hi = -n, math.MaxInt64
	}
	return l
}

// narrow brings lo and hi in to the counts beyond which no item's score
// changes, so that both are finite.
func (l *lever) narrow() {
	top, bottom := int64(0), int64(0)
	for _, c := range l.curves {
		if best := c.at(l.hi); best > c.at(0) {
			n, _ := c.first(best)
			top = max(top, n)
		}
		if n, ok := c.last(0); ok && n != math.MaxInt64 {
			bottom = min(bottom, n)
		}
	}
	l.hi = top
	if l.lo == math.MinInt64 {
		l.lo = bottom
	}
}

// at is the items' score, in hundredths, after n actions.
func (l *lever) at(n int64) int64 {
	sum := int64(0)
	for _, c := range l.curves {
		sum += c.at(n)
	}
	return sum
}

// next is the least count above n, up to hi, where the score rises.
func (l *lever) next(n int64) (int64, bool) {
	best, ok := int64(0), false
	for _, c := range l.curves {
		if f, found := c.first(c.at(n) + 1); found && f <= l.hi && (!ok || f < best) {
			best, ok = f, true
		}
	}
	return best, ok
}

// least is the fewest actions after which every gated item on the lever
// scores its need (hundredths, by the item's place in the rule set); false
// when no number of actions does.
func (l *lever) least(needs []int64) (int64, bool) {
	n := int64(0)
	for k, item := range l.items {
		if c := l.curves[k]; needs[item] > c.at(0) {
			f, ok := c.first(needs[item])
			if !ok || f > l.hi {
				return 0, false
			}
			n = max(n, f)
		}
	}
	return n, true
}

// choices are the counts from least on, up to most, where the score rises,
// with their gains, up to the first that gains need.
func (l *lever) choices(least, need, most int64) []choice {
	base := l.at(0)
	out := []choice{{least, l.at(least) - base}}
	for n := least; out[len(out)-1].gain < need; {
		next, ok := l.next(n)
		if !ok || next > most {
			break
		}
		n = next
		out = append(out, choice{n, l.at(n) - base})
	}
	return out
}

// reach is the least count, up to hi, whose score reaches level.
func (l *lever) reach(level int64) (int64, bool) {
	if l.at(l.hi) < level {
		return 0, false
	}
	if len(l.curves) == 1 {
		n, _ := l.curves[0].first(level)
		return max(n, 0), true
	}
	lo, hi := int64(-1), l.hi // at(lo) < level ≤ at(hi), lo < 0 standing for "no count"
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if l.at(mid) >= level {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// setbacks is the fewest setbacks after which the score is at most t (below
// its score now), false when not even the most setbacks bring it that low.
func (l *lever) setbacks(t int64) (int64, bool) {
	if l.at(l.lo) > t {
		return 0, false
	}
	if len(l.curves) == 1 {
		n, _ := l.curves[0].last(t)
		return -n, true
	}
	// at(lo) ≤ t < at(hi): the greatest count with a score at most t.
	lo, hi := l.lo, int64(0)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if l.at(mid) <= t {
			lo = mid
		} else {
			hi = mid
		}
	}
	return -lo, true
}
