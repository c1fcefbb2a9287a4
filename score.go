package zhengzhi

import (
	"fmt"
	"math/big"
	"strconv"
)

// Score is a number of points in hundredths (87.25 points is 8725), so that
// half-up rounding to two decimals is exact decimal arithmetic, never a
// binary floating-point surprise.
type Score int64

// Float is the score as a float64, for charts and spreadsheets.
func (s Score) Float() float64 { return float64(s) / 100 }

// String prints the score with two decimals ("87.25", "-5.00").
func (s Score) String() string {
	neg := s < 0
	if neg {
		s = -s
	}
	out := strconv.FormatInt(int64(s/100), 10) + "." + strconv.FormatInt(int64(s%100)/10, 10) + strconv.FormatInt(int64(s%10), 10)
	if neg {
		out = "-" + out
	}
	return out
}

// Text is the score as a sentence says it: without trailing zeros, so whole
// points have no decimals ("扣5分", "得9.5分", "扣1.52分").
func (s Score) Text() string { return trimZeros(s.String()) }

// MarshalJSON writes the score as a JSON number with at most two decimals.
func (s Score) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(s.Float(), 'f', -1, 64)), nil
}

// UnmarshalJSON reads a JSON number's decimal text exactly and rounds it to
// hundredths half away from zero, as the scoring does: "1.005" is 1.01, never
// a binary floating-point 1.00.
func (s *Score) UnmarshalJSON(b []byte) error {
	x, ok := new(big.Rat).SetString(string(b))
	if !ok {
		return fmt.Errorf("score %s is not a number", b)
	}
	*s = roundScore(x)
	return nil
}

// Value is an indicator's value for one unit. A ratio has a numerator and a
// denominator (a denominator of 0 makes it empty); a count or a flag keeps its
// number in Numerator and leaves Denominator 0.
type Value struct {
	Numerator   int64 `json:"numerator"`
	Denominator int64 `json:"denominator"`
}

// Values holds indicator values by unit code, then by indicator name.
type Values map[string]map[string]Value

// Assessment is the result of scoring every unit of a level against a rule
// set as of a date.
type Assessment struct {
	RuleSet *RuleSet    `json:"-"`
	AsOf    Date        `json:"-"`
	Units   []Scorecard `json:"units"`
	// Review is the period's state and appeals once it is past open (公示,
	// 复核, final); nil while it is open.
	Review *Review `json:"-"`
}

// Scorecard is one unit's result in an assessment (考核评分表).
type Scorecard struct {
	Unit        Unit              `json:"-"`
	Total       Score             `json:"total"`
	Grade       string            `json:"grade"`
	Rank        int               `json:"rank"`
	Vetoed      bool              `json:"vetoed"`
	Vetoes      []VetoHit         `json:"vetoes"`
	Gated       bool              `json:"gated"`
	Items       []ItemScore       `json:"items"`
	Adjustments []AdjustmentScore `json:"adjustments"`
	// GateExplanation says which key items lowered the grade, when Gated.
	GateExplanation string `json:"gate_explanation,omitempty"`
}

// ItemScore is one item of a scorecard with the reasons for its score.
type ItemScore struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Indicator   string `json:"indicator"`
	Points      Score  `json:"points"`
	Score       Score  `json:"score"`
	Value       Value  `json:"-"`
	Kind        Kind   `json:"kind"`
	Empty       bool   `json:"empty"`
	Explanation string `json:"explanation"`
}

// Lost is the points the item lost.
func (i ItemScore) Lost() Score { return i.Points - i.Score }

// AdjustmentScore is one bonus or penalty applied outside the items.
type AdjustmentScore struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Value       int64  `json:"value"`
	Score       Score  `json:"score"`
	Explanation string `json:"explanation"`
}

// VetoHit is a veto that applied to a unit (一票否决).
type VetoHit struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Value       int64  `json:"value"`
	Cap         Score  `json:"cap"`
	Grade       string `json:"grade"`
	Explanation string `json:"explanation"`
}
