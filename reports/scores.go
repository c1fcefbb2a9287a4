package reports

import (
	"encoding/json"
	"io"

	"zhengzhi"
)

// Scores is an assessment as other tools read it: the JSON that `zhengzhi
// assess --format json` prints and the portal's /api/scores answers, units in
// registry order, scores and values as JSON numbers. Its shape is a stable
// interface; this is its one definition.
type Scores struct {
	RuleSet string         `json:"ruleset"`
	Title   string         `json:"title"`
	Level   zhengzhi.Level `json:"level"`
	AsOf    string         `json:"as_of"`
	// State is the period's state once past open (public, review, final);
	// absent while it is open.
	State zhengzhi.PeriodState `json:"state,omitempty"`
	Units []UnitScores         `json:"units"`
}

// UnitScores is one unit's scorecard in Scores.
type UnitScores struct {
	Code        string             `json:"code"`
	Name        string             `json:"name"`
	Total       zhengzhi.Score     `json:"total"`
	Grade       string             `json:"grade"`
	Rank        int                `json:"rank"`
	Vetoed      bool               `json:"vetoed"`
	Vetoes      []zhengzhi.VetoHit `json:"vetoes"`
	Gated       bool               `json:"gated"`
	Items       []ItemScores       `json:"items"`
	Adjustments []AdjustmentScores `json:"adjustments"`
	// NextGrade is the path to the next grade, null when there is none;
	// NextGradeBlocked then says why (vetoed, top, unreachable) and, for an
	// unreachable grade, NextGradeShort how far everything full stays below
	// it. NextGradeText says it all in words. An assessment whose rule set
	// is known only by its identity (a stored result of an edited file) has
	// no path and no text.
	NextGrade        *NextGradeScores `json:"next_grade"`
	NextGradeBlocked zhengzhi.Blocked `json:"next_grade_blocked,omitempty"`
	NextGradeShort   *zhengzhi.Score  `json:"next_grade_short,omitempty"`
	NextGradeText    string           `json:"next_grade_text"`
	// Margin is how safely the unit holds its grade; null at the lowest
	// grade and under a veto.
	Margin *MarginScores `json:"margin"`
}

// ItemScores is one item of a unit's scorecard in Scores.
type ItemScores struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Points      zhengzhi.Score `json:"points"`
	Score       zhengzhi.Score `json:"score"`
	Value       *float64       `json:"value"`
	Numerator   int64          `json:"numerator"`
	Denominator int64          `json:"denominator"`
	Empty       bool           `json:"empty"`
	Explanation string         `json:"explanation"`
	// Appeal is the accepted appeal that changed the item in a final
	// result, and ProvisionalScore the item's score in the 公示稿; both
	// absent on every other item.
	Appeal           int64           `json:"appeal,omitempty"`
	ProvisionalScore *zhengzhi.Score `json:"provisional_score,omitempty"`
}

// AdjustmentScores is one adjustment of a unit's total in Scores.
type AdjustmentScores struct {
	ID    string         `json:"id"`
	Value int64          `json:"value"`
	Score zhengzhi.Score `json:"score"`
}

// ItemValue is an item's value as a number: a ratio's share (nil when
// empty), a count's or a flag's number.
func ItemValue(it zhengzhi.ItemScore) *float64 {
	v := float64(it.Value.Numerator)
	if it.Kind == zhengzhi.Ratio {
		if it.Value.Denominator == 0 {
			return nil
		}
		v /= float64(it.Value.Denominator)
	}
	return &v
}

// NewScores is the Scores of an assessment, every unit included, with the
// paths to the next grade worked out from the values it was scored from.
func NewScores(a *zhengzhi.Assessment, values zhengzhi.Values) Scores {
	out := Scores{RuleSet: a.RuleSet.ID, Title: a.RuleSet.Title, Level: a.RuleSet.Level,
		AsOf: a.AsOf.String(), Units: make([]UnitScores, 0, len(a.Units))}
	if a.Review != nil {
		out.State = a.Review.State
	}
	var paths []zhengzhi.NextGrade
	if len(a.RuleSet.Items) > 0 {
		paths = zhengzhi.NextGrades(a, values)
	}
	for i, c := range a.Units {
		u := UnitScores{Code: c.Unit.Code, Name: c.Unit.Name, Total: c.Total, Grade: c.Grade, Rank: c.Rank,
			Vetoed: c.Vetoed, Vetoes: c.Vetoes, Gated: c.Gated,
			Items: make([]ItemScores, 0, len(c.Items)), Adjustments: make([]AdjustmentScores, 0, len(c.Adjustments))}
		if u.Vetoes == nil {
			u.Vetoes = []zhengzhi.VetoHit{}
		}
		for _, it := range c.Items {
			is := ItemScores{ID: it.ID, Title: it.Title, Points: it.Points, Score: it.Score,
				Value: ItemValue(it), Numerator: it.Value.Numerator, Denominator: it.Value.Denominator,
				Empty: it.Empty, Explanation: it.Explanation}
			if ap, provisional, ok := a.Review.ChangedBy(c.Unit.Code, it.ID); ok {
				is.Appeal, is.ProvisionalScore = ap.ID, &provisional
			}
			u.Items = append(u.Items, is)
		}
		for _, adj := range c.Adjustments {
			u.Adjustments = append(u.Adjustments, AdjustmentScores{ID: adj.ID, Value: adj.Value, Score: adj.Score})
		}
		if paths != nil {
			u.nextGradeFields(paths[i])
		}
		out.Units = append(out.Units, u)
	}
	return out
}

// NextGradeScores is a path to the next grade: the grade aimed at, the total it takes (for
// grades_by_rank, the total that reaches rank top with the other units as
// they stand), the gap to it, the actions by item, and the unit's total,
// rank and grade after them.
type NextGradeScores struct {
	Grade      string         `json:"grade"`
	Top        int            `json:"top,omitempty"`
	Min        zhengzhi.Score `json:"min"`
	Gap        zhengzhi.Score `json:"gap"`
	Actions    int64          `json:"actions"`
	Steps      []StepScores   `json:"steps"`
	TotalAfter zhengzhi.Score `json:"total_after"`
	RankAfter  int            `json:"rank_after"`
	GradeAfter string         `json:"grade_after"`
}

// StepScores is one item's actions on a path.
type StepScores struct {
	Item  string         `json:"item"`
	Count int64          `json:"count"`
	Gain  zhengzhi.Score `json:"gain"`
	Text  string         `json:"text"`
}

// MarginScores is the points above the grade's floor (for grades_by_rank, the
// lowest total that keeps rank top) and the item where the fewest setbacks
// would cost the grade, what they would cost and the grade they would leave;
// the item's keys are left out when setbacks on no one item can cost it.
type MarginScores struct {
	Grade    string         `json:"grade"`
	Top      int            `json:"top,omitempty"`
	Floor    zhengzhi.Score `json:"floor"`
	Points   zhengzhi.Score `json:"points"`
	Item     string         `json:"item,omitempty"`
	Setbacks int64          `json:"setbacks,omitempty"`
	Lost     zhengzhi.Score `json:"lost,omitempty"`
	FallsTo  string         `json:"falls_to,omitempty"`
	Text     string         `json:"text"`
}

// nextGradeFields fills a unit's path and margin.
func (u *UnitScores) nextGradeFields(n zhengzhi.NextGrade) {
	u.NextGradeText, u.NextGradeBlocked = n.Text(), n.Blocked
	if n.Blocked == zhengzhi.BlockedUnreachable && n.MinKnown {
		u.NextGradeShort = &n.Short
	}
	if n.Blocked == "" {
		ng := &NextGradeScores{Grade: n.Grade, Top: n.Top, Min: n.Min, Gap: n.Gap, Actions: n.Actions,
			Steps: make([]StepScores, 0, len(n.Steps)), TotalAfter: n.Total, RankAfter: n.Rank, GradeAfter: n.Reached}
		for _, st := range n.Steps {
			ng.Steps = append(ng.Steps, StepScores{Item: st.Item, Count: st.Count, Gain: st.Gain, Text: st.Text})
		}
		u.NextGrade = ng
	}
	if m := n.Margin; m != nil {
		u.Margin = &MarginScores{Grade: m.Grade, Top: m.Top, Floor: m.Floor, Points: m.Points, Item: m.Item,
			Setbacks: m.Setbacks, Lost: m.Lost, FallsTo: m.Falls, Text: m.Text()}
	}
}

// Write writes the scores as indented JSON, text unescaped.
func (s Scores) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
