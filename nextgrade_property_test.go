package zhengzhi_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"zhengzhi"
)

// randomCase is a small random assessment: two or three items (sometimes two
// on one indicator), a filler, sometimes a gate or a penalty, graded by bands
// or by rank, and up to three peers of the unit under test (the first).
type randomCase struct {
	rs     *zhengzhi.RuleSet
	units  []map[string]zhengzhi.Value
	levers []string // the improvable indicators in item order
}

func newRandomCase(t testing.TB, r *rand.Rand) randomCase {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	var c randomCase
	rs := &zhengzhi.RuleSet{}
	used := map[string]bool{}
	indicators := []string{"screening_coverage", "hazard_rectification_rate", "dormant_tracking_rate",
		"overdue_major_hazards", "analysis_meeting_held", "monitoring_projects"}
	for k := range 2 + r.IntN(2) {
		ind := indicators[r.IntN(len(indicators))]
		if k > 0 && r.IntN(5) == 0 {
			ind = rs.Items[0].Indicator // two items on one indicator
		}
		points := pick("5", "10", "15", "20", "30")
		id := fmt.Sprintf("A%d", k+1)
		var it zhengzhi.Item
		switch ind {
		case "overdue_major_hazards":
			it = countDeductItem(t, id, ind, points, pick("1", "2", "3.5", "7"))
		case "analysis_meeting_held":
			it = zhengzhi.Item{ID: id, Points: dec(t, points), Indicator: ind, Rule: zhengzhi.Rule{Type: zhengzhi.RuleBoolean}}
		case "monitoring_projects":
			if r.IntN(2) == 0 {
				it = linearItem(t, id, ind, points, "0", pick("2", "3", "4"))
			} else {
				it = tiersItem(t, id, ind, "10", "3", "10", "1", "3")
			}
		default:
			switch r.IntN(3) {
			case 0:
				it = linearItem(t, id, ind, points, pick("0", "0.25", "0.5"), pick("0.75", "1"))
			case 1:
				it = deductItem(t, id, ind, points, pick("0.01", "0.05", "0.1"), pick("0.5", "1", "2"))
			default:
				it = tiersItem(t, id, ind, "10", "1", "10", "0.8", pick("6", "10"), "0.5", "2")
			}
		}
		rs.Items = append(rs.Items, it)
		if !used[ind] {
			used[ind] = true
			c.levers = append(c.levers, ind)
		}
	}
	rs.Items = append(rs.Items, filler(t, pick("40", "60", "80")))
	if r.IntN(3) == 0 {
		rs.Gates = []zhengzhi.Gate{{Items: []string{rs.Items[r.IntN(len(rs.Items)-1)].ID}, MinShare: dec(t, pick("0.5", "0.8")), GradeAtMost: pick("合格", "良好")}}
	}
	if r.IntN(4) == 0 {
		rs.Adjustments = []zhengzhi.Adjustment{{ID: "P1", Indicator: "larger_incidents", Per: dec(t, "-5"), Max: dec(t, "10")}}
	}
	rs.Vetoes = []zhengzhi.Veto{{ID: "V1", Indicator: "major_incidents", Above: 0, Cap: dec(t, "59"), Grade: "不合格"}}
	if r.IntN(3) == 0 {
		rs.Grades = nil
		rs.GradesByRank = []zhengzhi.RankGrade{{Top: 1, Name: "优秀"}, {Top: 3, Name: "良好"}, {Top: 4, Name: "合格"}, {Name: "不合格"}}
		if rs.Gates != nil {
			rs.Gates[0].GradeAtMost = "良好"
		}
	} else {
		rs.Grades = bandGrades(t)
	}
	c.rs = rs
	for range 1 + r.IntN(4) {
		v := map[string]zhengzhi.Value{"overdue_hazards": count(int64(50 * r.IntN(80)))} // whole and half points, so totals meet floors
		for ind := range used {
			switch ind {
			case "overdue_major_hazards", "monitoring_projects":
				v[ind] = count(int64(r.IntN(5)))
			case "analysis_meeting_held":
				v[ind] = count(int64(r.IntN(2)))
			default:
				d := int64(1 + r.IntN(5))
				v[ind] = ratio(int64(r.IntN(int(d)+1)), d)
			}
		}
		if r.IntN(6) == 0 {
			v["larger_incidents"] = count(int64(1 + r.IntN(2)))
		}
		if r.IntN(12) == 0 {
			v["major_incidents"] = count(1)
		}
		c.units = append(c.units, v)
	}
	return c
}

// moved is the unit's values after counts[j] actions on lever j (negative:
// setbacks), done by hand: a ratio's numerator or a flag up, an overdue
// count down, a count of projects up.
func (c randomCase) moved(counts []int64) map[string]zhengzhi.Value {
	v := maps(c.units[0])
	for j, ind := range c.levers {
		x := v[ind]
		if ind == "overdue_major_hazards" {
			x.Numerator -= counts[j]
		} else {
			x.Numerator += counts[j]
		}
		v[ind] = x
	}
	return v
}

func maps(v map[string]zhengzhi.Value) map[string]zhengzhi.Value {
	out := map[string]zhengzhi.Value{}
	for k, x := range v {
		out[k] = x
	}
	return out
}

// bounds is how many actions each lever allows (projects: beyond any
// rule's saturation) and how many setbacks brute force tries.
func (c randomCase) bounds() (actions, setbacks []int64) {
	for _, ind := range c.levers {
		x := c.units[0][ind]
		switch ind {
		case "overdue_major_hazards":
			actions, setbacks = append(actions, x.Numerator), append(setbacks, 30)
		case "analysis_meeting_held":
			actions, setbacks = append(actions, 1-x.Numerator), append(setbacks, x.Numerator)
		case "monitoring_projects":
			actions, setbacks = append(actions, 6-x.Numerator), append(setbacks, x.Numerator)
		default:
			actions, setbacks = append(actions, x.Denominator-x.Numerator), append(setbacks, x.Numerator)
		}
	}
	return actions, setbacks
}

// scored is the unit under test with these values, among the others as they stand.
func (c randomCase) scored(v map[string]zhengzhi.Value) zhengzhi.Scorecard {
	units := slices.Clone(c.units)
	units[0] = v
	a, _ := assessed(c.rs, units...)
	return a.Units[0]
}

// TestNextGradeAgainstBruteForce checks, for random small units, that the
// path re-scored by the ordinary scoring reaches the grade, that no choice
// of fewer actions does, and the tie-breaks (the highest total, then the
// most actions on the earliest items); and that the margin's item is the
// one where the fewest setbacks cost the grade.
func TestNextGradeAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	blocked := map[zhengzhi.Blocked]int{}
	for n := range 300 {
		c := newRandomCase(t, r)
		a, values := assessed(c.rs, c.units...)
		got := zhengzhi.NextGrades(a, values)[0]
		blocked[got.Blocked]++
		sc := a.Units[0]
		names := c.rs.GradeNames()
		cur := slices.Index(names, sc.Grade)
		describe := func() string {
			return fmt.Sprintf("case %d: %+v\nunits %v\ngrade %s total %s\ngot %+v", n, c.rs, c.units, sc.Grade, sc.Total, got)
		}

		// Every choice of actions, fewest first, then highest total, then
		// the most actions on the earliest levers.
		maxActions, maxSetbacks := c.bounds()
		var best []int64
		var bestCard zhengzhi.Scorecard
		counts := make([]int64, len(c.levers))
		var walk func(j int)
		walk = func(j int) {
			if j == len(counts) {
				card := c.scored(c.moved(counts))
				if slices.Index(names, card.Grade) >= cur {
					return
				}
				sum, bestSum := total(counts), total(best)
				if best == nil || sum < bestSum || sum == bestSum && (card.Total > bestCard.Total ||
					card.Total == bestCard.Total && slices.Compare(counts, best) > 0) {
					best, bestCard = slices.Clone(counts), card
				}
				return
			}
			for k := int64(0); k <= maxActions[j]; k++ {
				counts[j] = k
				walk(j + 1)
			}
			counts[j] = 0
		}
		switch {
		case sc.Vetoed:
			if got.Blocked != zhengzhi.BlockedVetoed {
				t.Fatalf("vetoed, but %s", describe())
			}
			continue
		case cur == 0:
			if got.Blocked != zhengzhi.BlockedTop {
				t.Fatalf("at the top, but %s", describe())
			}
		default:
			walk(0)
			if best == nil {
				if got.Blocked != zhengzhi.BlockedUnreachable {
					t.Fatalf("no choice of actions reaches %s, but %s", names[cur-1], describe())
				}
				break
			}
			gotCounts := make([]int64, len(c.levers))
			for _, st := range got.Steps {
				gotCounts[slices.Index(c.levers, st.Indicator)] = st.Count
			}
			if got.Blocked != "" || !slices.Equal(gotCounts, best) || got.Total != bestCard.Total || got.Reached != bestCard.Grade {
				t.Fatalf("brute force: %v → %s %s\n%s", best, bestCard.Total, bestCard.Grade, describe())
			}
		}

		// The margin: the fewest setbacks on one lever that cost the grade.
		if cur == len(names)-1 {
			if got.Margin != nil {
				t.Fatalf("a margin at the lowest grade: %s", describe())
			}
			continue
		}
		lever, fewest, falls := -1, int64(0), ""
		for j := range c.levers {
			for s := int64(1); s <= maxSetbacks[j] && (lever < 0 || s < fewest); s++ {
				counts := make([]int64, len(c.levers))
				counts[j] = -s
				if card := c.scored(c.moved(counts)); slices.Index(names, card.Grade) > cur {
					lever, fewest, falls = j, s, card.Grade
					break
				}
			}
		}
		m := got.Margin
		switch {
		case m == nil:
			t.Fatalf("no margin: %s", describe())
		case lever < 0 && m.Item != "":
			t.Fatalf("no setbacks cost the grade, but the margin says %+v: %s", m, describe())
		case lever >= 0 && (m.Setbacks != fewest || m.Falls != falls || indicatorOfItem(c.rs, m.Item) != c.levers[lever]):
			t.Fatalf("brute force: %d setbacks on %s fall to %s; margin %+v: %s", fewest, c.levers[lever], falls, m, describe())
		}
	}
	t.Logf("paths by outcome: %v", blocked)
}

func total(counts []int64) int64 {
	var s int64
	for _, n := range counts {
		s += n
	}
	return s
}

func indicatorOfItem(rs *zhengzhi.RuleSet, id string) string {
	for _, it := range rs.Items {
		if it.ID == id {
			return it.Indicator
		}
	}
	return ""
}
