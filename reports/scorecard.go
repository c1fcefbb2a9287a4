package reports

import (
	"fmt"

	"zhengzhi"
)

// Scorecard is one unit's 考核评分表 in one assessment: every item with the
// numbers behind it, the adjustments and vetoes, the total, the grade, the
// rank among its peers, and each item's attainment against the peers' average.
type Scorecard struct {
	Meta         Meta               `json:"-"`
	RuleSetID    string             `json:"ruleset_id"`
	RuleSetTitle string             `json:"ruleset_title"`
	AsOf         string             `json:"as_of"`
	Unit         zhengzhi.Unit      `json:"unit"`
	Items        []ScorecardItem    `json:"items"`
	Adjustments  []ScorecardAdjust  `json:"adjustments"`
	Vetoes       []zhengzhi.VetoHit `json:"vetoes"`
	Gated        bool               `json:"gated"`
	// GateExplanation says which key items lowered the grade, when Gated.
	GateExplanation string         `json:"gate_explanation,omitempty"`
	Points          zhengzhi.Score `json:"points"` // the items' full marks
	Total           zhengzhi.Score `json:"total"`
	Grade           string         `json:"grade"`
	Rank            int            `json:"rank"`
	Peers           int            `json:"peers"` // units ranked, this one included
	// Path is the path to the next grade in words (提升路径), or why there is
	// none; Margin how safely the grade is held, "" at the lowest grade and
	// under a veto. Both are "" when the assessment's rule set is known only
	// by its identity (a stored result of a since edited file).
	Path   string `json:"path"`
	Margin string `json:"margin,omitempty"`
	// State is "公示稿" or "最终结果" once the period is past open (StateMark),
	// and Review the unit's appeals in it (复核情况).
	State  string      `json:"state,omitempty"`
	Review []ReviewRow `json:"review,omitempty"`
}

// ScorecardItem is one row of the scorecard table.
type ScorecardItem struct {
	No          int            `json:"no"`
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Points      zhengzhi.Score `json:"points"`
	Basis       string         `json:"basis"` // 指标情况: "123/130（94.6%）", "3", "是"
	Score       zhengzhi.Score `json:"score"`
	Explanation string         `json:"explanation"`
	// Attainment is the score as a share of the points, in percent; PeerAverage
	// is the same averaged over the other units of the assessment.
	Attainment  float64 `json:"attainment"`
	PeerAverage float64 `json:"peer_average"`
}

// ScorecardAdjust is one bonus or penalty line.
type ScorecardAdjust struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Value       int64          `json:"value"`
	Score       zhengzhi.Score `json:"score"`
	Explanation string         `json:"explanation"`
}

// RankText is the rank among peers as printed: "第3名/共12个".
func (s Scorecard) RankText() string {
	return fmt.Sprintf("第%d名/共%d个", s.Rank, s.Peers)
}

// BuildScorecards makes one scorecard per unit of an assessment, in the
// assessment's order. Indicator values come from values (the unit's row)
// where present, else from the item itself. A unit's peers are the other
// units of the same assessment; a unit alone is its own peer average. Each
// card says the unit's path to the next grade and its margin
// (zhengzhi.NextGrades, from the same values), when the assessment carries
// its full rule set.
func BuildScorecards(meta Meta, a *zhengzhi.Assessment, values zhengzhi.Values) []Scorecard {
	var rsID, rsTitle string
	if a.RuleSet != nil {
		rsID, rsTitle = a.RuleSet.ID, a.RuleSet.Title
	}
	asOf := meta.AsOf
	if !a.AsOf.IsZero() {
		asOf = a.AsOf
	}
	sums := map[string]float64{}
	for _, u := range a.Units {
		for _, it := range u.Items {
			sums[it.ID] += attainment(it)
		}
	}
	n := len(a.Units)
	var paths []zhengzhi.NextGrade
	if a.RuleSet != nil && len(a.RuleSet.Items) > 0 {
		paths = zhengzhi.NextGrades(a, values)
	}
	out := make([]Scorecard, 0, n)
	for k, u := range a.Units {
		sc := Scorecard{
			Meta: meta, RuleSetID: rsID, RuleSetTitle: rsTitle, AsOf: asOf.String(),
			Unit: u.Unit, Vetoes: u.Vetoes, Gated: u.Gated, GateExplanation: u.GateExplanation, Total: u.Total, Grade: u.Grade, Rank: u.Rank, Peers: n,
			State: a.StateMark(), Review: ReviewRows(a, u.Unit.Code),
		}
		for i, it := range u.Items {
			v := it.Value
			if uv, ok := values[u.Unit.Code][it.Indicator]; ok {
				v = uv
			}
			own := attainment(it)
			peer := own
			if n > 1 {
				peer = (sums[it.ID] - own) / float64(n-1)
			}
			sc.Items = append(sc.Items, ScorecardItem{
				No: i + 1, ID: it.ID, Title: it.Title, Points: it.Points, Basis: Basis(it.Kind, v),
				Score: it.Score, Explanation: it.Explanation, Attainment: round1(own), PeerAverage: round1(peer),
			})
			sc.Points += it.Points
		}
		for _, adj := range u.Adjustments {
			sc.Adjustments = append(sc.Adjustments, ScorecardAdjust{ID: adj.ID, Title: adj.Title,
				Value: adj.Value, Score: adj.Score, Explanation: adj.Explanation})
		}
		if paths != nil {
			sc.Path = paths[k].Text()
			if m := paths[k].Margin; m != nil {
				sc.Margin = m.Text()
			}
		}
		out = append(out, sc)
	}
	return out
}

// attainment is an item's score as a percentage of its points.
func attainment(it zhengzhi.ItemScore) float64 {
	if it.Points == 0 {
		return 0
	}
	return float64(it.Score) * 100 / float64(it.Points)
}

func round1(v float64) float64 {
	if v < 0 {
		return -round1(-v)
	}
	return float64(int64(v*10+0.5)) / 10
}

// Basis prints an indicator value with its basis: a ratio as
// numerator/denominator and percent with two decimals always, so the
// scorecard's 指标情况 column keeps one precision ("123/130（94.62%）",
// "345/345（100.00%）"), an empty ratio as such, a count as its number, a
// flag as 是/否.
func Basis(kind zhengzhi.Kind, v zhengzhi.Value) string {
	switch kind {
	case zhengzhi.Ratio:
		if v.Denominator == 0 {
			return fmt.Sprintf("%d/0（无应办事项）", v.Numerator)
		}
		hundredths := (v.Numerator*20000 + v.Denominator) / (2 * v.Denominator)
		return fmt.Sprintf("%d/%d（%d.%02d%%）", v.Numerator, v.Denominator, hundredths/100, hundredths%100)
	case zhengzhi.Flag:
		if v.Numerator >= 1 {
			return "是"
		}
		return "否"
	}
	return fmt.Sprintf("%d", v.Numerator)
}

// Percent prints a ratio as a percentage with one decimal, rounded half-up
// in integer arithmetic ("94.6%"); an empty ratio prints "—".
func Percent(v zhengzhi.Value) string {
	if v.Denominator == 0 {
		return "—"
	}
	tenths := (v.Numerator*2000 + v.Denominator) / (2 * v.Denominator)
	return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
}
