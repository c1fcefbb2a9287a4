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
	Units   []UnitScores   `json:"units"`
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

// NewScores is the Scores of an assessment, every unit included.
func NewScores(a *zhengzhi.Assessment) Scores {
	out := Scores{RuleSet: a.RuleSet.ID, Title: a.RuleSet.Title, Level: a.RuleSet.Level,
		AsOf: a.AsOf.String(), Units: make([]UnitScores, 0, len(a.Units))}
	for _, c := range a.Units {
		u := UnitScores{Code: c.Unit.Code, Name: c.Unit.Name, Total: c.Total, Grade: c.Grade, Rank: c.Rank,
			Vetoed: c.Vetoed, Vetoes: c.Vetoes, Gated: c.Gated,
			Items: make([]ItemScores, 0, len(c.Items)), Adjustments: make([]AdjustmentScores, 0, len(c.Adjustments))}
		if u.Vetoes == nil {
			u.Vetoes = []zhengzhi.VetoHit{}
		}
		for _, it := range c.Items {
			u.Items = append(u.Items, ItemScores{ID: it.ID, Title: it.Title, Points: it.Points, Score: it.Score,
				Value: ItemValue(it), Numerator: it.Value.Numerator, Denominator: it.Value.Denominator,
				Empty: it.Empty, Explanation: it.Explanation})
		}
		for _, adj := range c.Adjustments {
			u.Adjustments = append(u.Adjustments, AdjustmentScores{ID: adj.ID, Value: adj.Value, Score: adj.Score})
		}
		out.Units = append(out.Units, u)
	}
	return out
}

// Write writes the scores as indented JSON, text unescaped.
func (s Scores) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
