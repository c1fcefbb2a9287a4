package zhengzhi

import (
	"errors"
	"fmt"
	"maps"
	"time"
)

// PeriodState is where an assessment period (a rule set and an as-of date)
// stands on its way from scores computed on each run to the final result.
type PeriodState string

// The states of a period, in order.
const (
	// PeriodOpen is scored anew on each run, as the data moves.
	PeriodOpen PeriodState = "open"
	// PeriodPublic is 公示: the result and the pulls it rests on are frozen
	// and appeals may be filed until the deadline.
	PeriodPublic PeriodState = "public"
	// PeriodReview is 复核: the window has closed, rulings are pending.
	PeriodReview PeriodState = "review"
	// PeriodFinal is the final result: the frozen one with the accepted
	// rulings applied.
	PeriodFinal PeriodState = "final"
)

// StateMark is what a report, a page or a notice says of an assessment's
// standing: "公示稿" on a result in 公示 or 复核, "最终结果" once final, ""
// while the period is open (scored anew on each run).
func (a *Assessment) StateMark() string {
	if a == nil || a.Review == nil {
		return ""
	}
	if a.Review.State == PeriodFinal {
		return "最终结果"
	}
	return "公示稿"
}

// Label is the state as a page or report names it.
func (s PeriodState) Label() string {
	switch s {
	case PeriodPublic:
		return "公示稿"
	case PeriodReview:
		return "复核中"
	case PeriodFinal:
		return "最终结果"
	}
	return "考核中"
}

// Period is an assessment period past open: its frozen result and its
// window of appeals.
type Period struct {
	RuleSet string
	AsOf    Date
	State   PeriodState
	// Assessment is the id of the frozen stored result.
	Assessment int64
	// Published is the day of publication, Deadline the last day of the
	// window (the end of its Nth working day after publication).
	Published, Deadline Date
}

// StateOn is the period's state on a day: a 公示 whose deadline has passed
// is in 复核, whatever was last stored.
func (p Period) StateOn(today Date) PeriodState {
	if p.State == PeriodPublic && today > p.Deadline {
		return PeriodReview
	}
	return p.State
}

// AppealState is where one appeal stands.
type AppealState string

// The states of an appeal.
const (
	AppealPending  AppealState = "pending"
	AppealAccepted AppealState = "accepted"
	AppealRejected AppealState = "rejected"
)

// Label is the state as a page or report names it.
func (s AppealState) Label() string {
	switch s {
	case AppealAccepted:
		return "采纳"
	case AppealRejected:
		return "不予采纳"
	}
	return "待复核"
}

// Appeal is a unit's written objection (申诉) to one item of its result in
// a period in 公示, with the value it claims and its evidence.
type Appeal struct {
	ID      int64
	RuleSet string
	AsOf    Date
	Unit    string
	Item    string
	Claim   string
	// Value is the corrected indicator value the unit proposes, nil when it
	// proposes none.
	Value    *Value
	Evidence []Evidence
	FiledBy  string
	FiledAt  time.Time
	State    AppealState
	// Ruling is the province's decision, nil while pending.
	Ruling *Ruling
}

// Ruling is the province's final decision on an appeal, signed by the
// account that made it.
type Ruling struct {
	// Value is the indicator value accepted, or Score the item score
	// accepted where the rule set allows it; both nil on a rejection.
	Value  *Value
	Score  *Score
	Reason string
	By     string
	At     time.Time
}

// Evidence is one file brought with an appeal.
type Evidence struct {
	// ID is the stored file's id, 0 before it is stored.
	ID     int64
	Name   string
	SHA256 string
	// Type is the content type read from the file's bytes.
	Type string
	Size int64
}

// ErrImpossibleValue refuses an indicator value that cannot be.
var ErrImpossibleValue = errors.New("申诉值不可能成立")

// CheckValue checks that v can be a value of an indicator of this kind: a
// ratio's numerator between 0 and its denominator, a count not negative, a
// flag 0 or 1.
func CheckValue(kind Kind, v Value) error {
	switch kind {
	case Ratio:
		if v.Denominator < 0 || v.Numerator < 0 {
			return fmt.Errorf("%w：比率的分子分母不能为负（%d/%d）", ErrImpossibleValue, v.Numerator, v.Denominator)
		}
		if v.Numerator > v.Denominator {
			return fmt.Errorf("%w：分子%d大于分母%d", ErrImpossibleValue, v.Numerator, v.Denominator)
		}
	case Flag:
		if v.Denominator != 0 || (v.Numerator != 0 && v.Numerator != 1) {
			return fmt.Errorf("%w：是否类指标只能为0或1", ErrImpossibleValue)
		}
	default:
		if v.Denominator != 0 {
			return fmt.Errorf("%w：计数类指标不能有分母", ErrImpossibleValue)
		}
		if v.Numerator < 0 {
			return fmt.Errorf("%w：计数不能为负（%d）", ErrImpossibleValue, v.Numerator)
		}
	}
	return nil
}

// ItemKind is the kind of the value an item of the rule set scores; false
// when the rule set has no such item.
func (rs *RuleSet) ItemKind(item string) (Kind, bool) {
	for _, it := range rs.Items {
		if it.ID == item {
			return indicatorOf(it.Indicator).Kind, true
		}
	}
	return "", false
}

// ItemPoints is an item's full points, as its scores are counted; 0 when
// the rule set has no such item.
func (rs *RuleSet) ItemPoints(item string) Score {
	for _, it := range rs.Items {
		if it.ID == item {
			return roundScore(it.Points.Rat())
		}
	}
	return 0
}

// ApplyRulings is the final result of a frozen one: every accepted
// appeal's value replaces its item's indicator value for its unit (or its
// score the item's score), and the real scoring runs again over the frozen
// result's units, so caps, tiers, gates, vetoes, grades by rank and ranks
// all follow. It returns the final assessment and the values it was scored
// from; the frozen values are left as they were.
func ApplyRulings(rs *RuleSet, frozen *Assessment, values Values, appeals []Appeal) (*Assessment, Values) {
	final := Values{}
	for unit, vals := range values {
		final[unit] = maps.Clone(vals)
	}
	scores := map[string]map[string]Score{}
	for _, ap := range appeals {
		if ap.State != AppealAccepted || ap.Ruling == nil {
			continue
		}
		if ap.Ruling.Value != nil {
			indicator := itemIndicator(rs, ap.Item)
			if final[ap.Unit] == nil {
				final[ap.Unit] = map[string]Value{}
			}
			final[ap.Unit][indicator] = *ap.Ruling.Value
		}
		if ap.Ruling.Score != nil {
			if scores[ap.Unit] == nil {
				scores[ap.Unit] = map[string]Score{}
			}
			scores[ap.Unit][ap.Item] = *ap.Ruling.Score
		}
	}
	units := make([]Unit, len(frozen.Units))
	for i, c := range frozen.Units {
		units[i] = c.Unit
	}
	return assess(rs, units, final, frozen.AsOf, scores), final
}

// itemIndicator is the indicator an item of the rule set scores.
func itemIndicator(rs *RuleSet, item string) string {
	for _, it := range rs.Items {
		if it.ID == item {
			return it.Indicator
		}
	}
	return ""
}

// Review is what a period past open adds to its result: the state, the
// deadline of its window, every appeal filed in it and, on a final result,
// the frozen one the rulings were applied to.
type Review struct {
	State    PeriodState
	Deadline Date
	Appeals  []Appeal
	// Provisional is the frozen result (公示稿) a final one came from; nil
	// before final.
	Provisional *Assessment
}

// ChangedBy is the accepted appeal that changed a unit's item, and the
// item's provisional score; false when none did.
func (r *Review) ChangedBy(unit, item string) (Appeal, Score, bool) {
	if r == nil || r.Provisional == nil {
		return Appeal{}, 0, false
	}
	for _, ap := range r.Appeals {
		if ap.Unit != unit || ap.Item != item || ap.State != AppealAccepted {
			continue
		}
		for _, c := range r.Provisional.Units {
			if c.Unit.Code != unit {
				continue
			}
			for _, it := range c.Items {
				if it.ID == item {
					return ap, it.Score, true
				}
			}
		}
	}
	return Appeal{}, 0, false
}

// Final is the result of a frozen one in a period: the frozen result in 公示
// and 复核, the rulings applied once final. The result carries its Review.
func Final(rs *RuleSet, frozen *Assessment, values Values, p Period, appeals []Appeal) (*Assessment, Values) {
	review := &Review{State: p.State, Deadline: p.Deadline, Appeals: appeals}
	if p.State != PeriodFinal {
		frozen.Review = review
		return frozen, values
	}
	final, finalValues := ApplyRulings(rs, frozen, values, appeals)
	review.Provisional = frozen
	final.Review = review
	return final, finalValues
}
