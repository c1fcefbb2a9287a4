package zhengzhi

import (
	"fmt"
	"strings"
)

// Work is what one action on an indicator is, for the path to the next
// grade: one more in a ratio's numerator (its denominator unchanged), one
// more or one fewer of a count, or a flag done. A setback is the reverse.
type Work struct {
	// Fewer is set for a count that work brings down (overdue hazards);
	// other counts, ratios and flags go up.
	Fewer bool
	// Action and Setback print n actions or setbacks ("再排查%d家企业",
	// "少排查%d家企业"); a flag's have no number.
	Action, Setback string
}

// step is what one action adds to the indicator's number: −1 for a count
// that work brings down, else +1.
func (w Work) step() int64 {
	if w.Fewer {
		return -1
	}
	return 1
}

// LookupWork is the work that moves an indicator, false for an indicator no
// work of the unit moves (incidents, the province's random check) or one not
// in the library.
func LookupWork(indicator string) (Work, bool) {
	in, ok := LookupIndicator(indicator)
	return in.Work, ok && in.Work.Action != ""
}

// ActionText prints n actions: "再排查3家企业", or a flag's "召开安全隐患分析大会".
func (w Work) ActionText(n int64) string { return countText(w.Action, n) }

// SetbackText prints n setbacks: "少排查3家企业", "新增1处逾期重大隐患".
func (w Work) SetbackText(n int64) string { return countText(w.Setback, n) }

func countText(format string, n int64) string {
	if !strings.Contains(format, "%d") {
		return format
	}
	return fmt.Sprintf(format, n)
}
