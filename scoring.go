package zhengzhi

import (
	"math/big"
	"slices"
	"sort"
	"strings"
)

// Assess scores every unit (registry order, as given) from its indicator
// values and returns the assessment with totals, grades, ranks, vetoes, gates
// and explanations. values[unit][indicator]; a missing value is a zero count
// or an empty ratio. The rule set must come from ParseRuleSet (validated).
// asOf is D, the as-of date already clamped to the window's end
// (RuleSet.WindowEnd): the date the values were counted up to.
// It is not called Score: that is the type of hundredths of a point.
func Assess(rs *RuleSet, units []Unit, values Values, asOf Date) *Assessment {
	return assess(rs, units, values, asOf, nil)
}

// assess is Assess with item scores set by rulings on appeals
// (scores[unit][item]) taking the place of the rule's score.
func assess(rs *RuleSet, units []Unit, values Values, asOf Date, scores map[string]map[string]Score) *Assessment {
	a := &Assessment{RuleSet: rs, AsOf: asOf, Units: make([]Scorecard, len(units))}
	for i, u := range units {
		a.Units[i] = scoreUnit(rs, u, values[u.Code], scores[u.Code])
	}
	rankScorecards(rs, a.Units)
	for i := range a.Units {
		gradeScorecard(rs, &a.Units[i])
	}
	return a
}

// scoreUnit scores one unit's items, adds them up with its adjustments and
// applies its vetoes' caps; grades wait for the ranks. An item with a score
// set by a ruling keeps its value and takes that score, capped at its points.
func scoreUnit(rs *RuleSet, u Unit, vals map[string]Value, ruled map[string]Score) Scorecard {
	sc := Scorecard{Unit: u, Items: make([]ItemScore, 0, len(rs.Items))}
	for _, it := range rs.Items {
		is := scoreItem(it, vals[it.Indicator])
		if s, ok := ruled[it.ID]; ok {
			is.Score = min(max(s, 0), is.Points)
			is.Explanation = "经复核认定得" + is.Score.Text() + "分（原：" + is.Explanation + "）"
		}
		sc.Items = append(sc.Items, is)
	}
	return addUp(rs, sc, vals)
}

// addUp adds up a scorecard's item scores and the unit's adjustments and
// applies its vetoes' caps. The path to the next grade calls it with only
// the items that moved scored anew.
func addUp(rs *RuleSet, sc Scorecard, vals map[string]Value) Scorecard {
	var total Score
	for _, is := range sc.Items {
		total += is.Score
	}
	for _, adj := range rs.Adjustments {
		as := scoreAdjustment(adj, vals[adj.Indicator].Numerator)
		sc.Adjustments = append(sc.Adjustments, as)
		total += as.Score
	}
	if total < 0 {
		total = 0
	}
	for _, v := range rs.Vetoes {
		n := vals[v.Indicator].Numerator
		if n <= v.Above {
			continue
		}
		hit := VetoHit{ID: v.ID, Title: v.Title, Value: n, Cap: roundScore(v.Cap.Rat()), Grade: v.Grade}
		hit.Explanation = explainVeto(v, n)
		sc.Vetoes = append(sc.Vetoes, hit)
		sc.Vetoed = true
		total = min(total, hit.Cap)
	}
	sc.Total = total
	return sc
}

// scoreItem applies an item's rule to its indicator value, exactly, and
// rounds the result half-up to hundredths, with the explanation of the score.
func scoreItem(it Item, v Value) ItemScore {
	in := indicatorOf(it.Indicator)
	is := scoreItemValue(it, in, v)
	if is.Empty {
		is.Explanation = explainEmpty(it, in, v)
	} else {
		is.Explanation = explainItem(it, in, v, is)
	}
	return is
}

// scoreItemValue is scoreItem without the explanation, for the path to the
// next grade, which scores items many times over and reads only the scores;
// in is the item's indicator.
func scoreItemValue(it Item, in Indicator, v Value) ItemScore {
	points := it.Points.Rat()
	is := ItemScore{
		ID: it.ID, Title: it.Title, Indicator: it.Indicator,
		Points: roundScore(points), Value: v, Kind: in.Kind,
	}
	if in.Kind == Ratio && v.Denominator == 0 {
		is.Empty = true
		if it.Rule.WhenEmpty != WhenEmptyZero {
			is.Score = is.Points
		}
		return is
	}
	is.Score = roundScore(ruleScore(it.Rule, points, valueRat(in, v)))
	return is
}

// indicatorOf finds an item's indicator; an unknown name (only possible in a
// rule set built by hand, never a parsed one) reads as a count.
func indicatorOf(name string) Indicator {
	if in, ok := LookupIndicator(name); ok {
		return in
	}
	return Indicator{Name: name, Kind: Count, Title: name}
}

// valueRat is v of the spec: a ratio's share, or a count's or flag's number.
func valueRat(in Indicator, v Value) *big.Rat {
	if in.Kind == Ratio {
		return big.NewRat(v.Numerator, v.Denominator)
	}
	return big.NewRat(v.Numerator, 1)
}

// ruleScore is the unrounded item score of the spec's rule table.
func ruleScore(r Rule, points, v *big.Rat) *big.Rat {
	zero := new(big.Rat)
	switch r.Type {
	case RuleLinear:
		a, b := r.ZeroAt.Rat(), r.FullAt.Rat()
		f := new(big.Rat).Quo(new(big.Rat).Sub(v, a), new(big.Rat).Sub(b, a))
		return new(big.Rat).Mul(points, clampRat(f, zero, big.NewRat(1, 1)))
	case RuleDeduct:
		return maxRat(zero, new(big.Rat).Sub(points, deductLoss(r, v)))
	case RuleCountDeduct:
		lost := new(big.Rat).Mul(r.PerCount.Rat(), v)
		return maxRat(zero, new(big.Rat).Sub(points, lost))
	case RuleBoolean:
		if v.Cmp(big.NewRat(1, 1)) >= 0 {
			return points
		}
	case RuleTiers:
		if t, ok := tierOf(r.Tiers, v); ok {
			return t.Score.Rat()
		}
	}
	return zero
}

// deductLoss is the unrounded loss of a deduct rule at value v: the
// shortfall below the target (none above it), times deduct per per.
func deductLoss(r Rule, v *big.Rat) *big.Rat {
	short := maxRat(new(big.Rat), new(big.Rat).Sub(r.Target.Rat(), v))
	return new(big.Rat).Quo(new(big.Rat).Mul(r.Deduct.Rat(), short), r.Per.Rat())
}

// tierOf is the first tier (highest min first) that v reaches.
func tierOf(tiers []Tier, v *big.Rat) (Tier, bool) {
	for _, t := range tiers {
		if v.Cmp(t.Min.Rat()) >= 0 {
			return t, true
		}
	}
	return Tier{}, false
}

// scoreAdjustment is per × value limited to ±max, rounded like an item.
func scoreAdjustment(adj Adjustment, n int64) AdjustmentScore {
	raw := new(big.Rat).Mul(adj.Per.Rat(), big.NewRat(n, 1))
	limit := adj.Max.Rat()
	raw = clampRat(raw, new(big.Rat).Neg(limit), limit)
	as := AdjustmentScore{ID: adj.ID, Title: adj.Title, Value: n, Score: roundScore(raw)}
	as.Explanation = explainAdjustment(adj, indicatorOf(adj.Indicator), n, as.Score)
	return as
}

// rankScorecards ranks by total, highest first, with competition ranking:
// equal totals share a rank and the next rank is skipped (1, 2, 2, 4). A
// unit hit by a veto with rank: last ranks after every unit that is not
// (列末位), among the others so hit by its total.
func rankScorecards(rs *RuleSet, cards []Scorecard) {
	last := make([]bool, len(cards))
	for i, sc := range cards {
		last[i] = rs.RanksLast(sc)
	}
	order := make([]int, len(cards))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if last[a] != last[b] {
			return last[b]
		}
		return cards[a].Total > cards[b].Total
	})
	for k, idx := range order {
		if prev := order[max(k-1, 0)]; k > 0 && last[idx] == last[prev] && cards[idx].Total == cards[prev].Total {
			cards[idx].Rank = cards[prev].Rank
		} else {
			cards[idx].Rank = k + 1
		}
	}
}

// RanksLast reports whether a veto with rank: last hit the unit, so that it
// ranks after every unit no such veto hit.
func (rs *RuleSet) RanksLast(sc Scorecard) bool {
	for _, hit := range sc.Vetoes {
		for _, v := range rs.Vetoes {
			if v.ID == hit.ID && v.RanksLast() {
				return true
			}
		}
	}
	return false
}

// gradeScorecard grades by score band or by rank, then lets vetoes force
// their grade and gates lower it.
func gradeScorecard(rs *RuleSet, sc *Scorecard) {
	names := rs.GradeNames()
	sc.Grade = baseGrade(rs, sc)
	for i, hit := range sc.Vetoes {
		// Several vetoes: the worst of their grades holds.
		if i == 0 || gradeIndex(names, hit.Grade) > gradeIndex(names, sc.Grade) {
			sc.Grade = hit.Grade
		}
	}
	var notes []string
	for _, g := range rs.Gates {
		failed := gateFailures(g, sc.Items)
		if len(failed) == 0 || gradeIndex(names, sc.Grade) >= gradeIndex(names, g.GradeAtMost) {
			continue
		}
		sc.Grade = g.GradeAtMost
		sc.Gated = true
		notes = append(notes, explainGate(g, failed))
	}
	sc.GateExplanation = strings.Join(notes, "；")
}

// baseGrade is the grade before vetoes and gates: the first score band whose
// min the total reaches (以上包括本数), or the first rank grade whose top the
// rank is within.
func baseGrade(rs *RuleSet, sc *Scorecard) string {
	for _, g := range rs.GradesByRank {
		if g.Top == 0 || sc.Rank <= g.Top {
			return g.Name
		}
	}
	for _, g := range rs.Grades {
		// Total is in hundredths, Min in millionths.
		if int64(sc.Total)*(decimalScale/100) >= int64(g.Min) {
			return g.Name
		}
	}
	return ""
}

// gateFailures lists the gate's items that score below min_share of their points.
func gateFailures(g Gate, items []ItemScore) []ItemScore {
	var out []ItemScore
	for _, is := range items {
		if !slices.Contains(g.Items, is.ID) {
			continue
		}
		threshold := new(big.Rat).Mul(g.MinShare.Rat(), big.NewRat(int64(is.Points), 100))
		if big.NewRat(int64(is.Score), 100).Cmp(threshold) < 0 {
			out = append(out, is)
		}
	}
	return out
}

// gradeIndex is a grade's position in the rule set's grade list (best first).
func gradeIndex(names []string, grade string) int {
	for i, n := range names {
		if n == grade {
			return i
		}
	}
	return len(names)
}

// roundScore rounds to hundredths, half away from zero (四舍五入): 2.345 is
// 2.35 and −2.345 is −2.35.
func roundScore(x *big.Rat) Score {
	return Score(roundRat(x, 100))
}

// roundRat is x × scale rounded half away from zero to an integer.
func roundRat(x *big.Rat, scale int64) int64 {
	n := new(big.Rat).Mul(x, big.NewRat(scale, 1))
	neg := n.Sign() < 0
	n.Abs(n)
	n.Add(n, big.NewRat(1, 2))
	q := new(big.Int).Quo(n.Num(), n.Denom())
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

func clampRat(x, lo, hi *big.Rat) *big.Rat {
	if x.Cmp(lo) < 0 {
		return lo
	}
	if x.Cmp(hi) > 0 {
		return hi
	}
	return x
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}
