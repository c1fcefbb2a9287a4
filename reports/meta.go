// Package reports builds the report models — what each reader sees, in
// numbers and Chinese text — from scores, indicator values and warehouse
// extracts, and holds their renderers: PDF (reports/pdf, maroto) and Excel
// (reports/excel, excelize). It never opens a database.
package reports

import (
	"fmt"
	"strings"
	"time"

	"zhengzhi"
)

// Meta is what every report states about itself: the as-of date, when it was
// made (set from the run, never the clock, so a re-run gives the same bytes),
// whether the data is the synthetic demo, and each bureau's data pull.
type Meta struct {
	AsOf        time.Time
	GeneratedAt time.Time
	Demo        bool
	Province    zhengzhi.Unit
	Pulls       []Pull
}

// Pull is one bureau's data as the report rests on it.
type Pull struct {
	Unit     string
	Name     string
	Outcome  string    // of the last attempt: ok, refused, unreachable; "" = never pulled
	LastGood time.Time // finish time of the last good pull; zero if none
	Error    string
}

// Stale reports whether the bureau's numbers are not from its latest attempt:
// the last pull failed, or there was none.
func (p Pull) Stale() bool { return p.Outcome != "ok" }

// Mark is the short Chinese mark a report prints beside a stale or refused bureau.
func (p Pull) Mark() string {
	switch {
	case p.Outcome == "":
		return "无数据"
	case p.Outcome == "refused" && p.LastGood.IsZero():
		return "数据被拒收"
	case p.Outcome == "refused":
		return "数据被拒收，沿用" + p.LastGood.Format("01-02 15:04") + "数据"
	case p.Outcome == "unreachable" && p.LastGood.IsZero():
		return "无法连接"
	case p.Outcome == "unreachable":
		return "无法连接，沿用" + p.LastGood.Format("01-02 15:04") + "数据"
	}
	return ""
}

// DemoMark is printed on every page of a report built from synthetic data.
const DemoMark = "演示数据"

// PullsLine is the one-line statement of data freshness every report prints:
// "数据截至：东川市 11-24 08:00，临江市 11-24 08:00……；临江市数据被拒收".
func (m Meta) PullsLine() string {
	var ok, bad []string
	for _, p := range m.Pulls {
		if !p.LastGood.IsZero() {
			ok = append(ok, fmt.Sprintf("%s %s", p.Name, p.LastGood.Format("01-02 15:04")))
		}
		if p.Stale() {
			bad = append(bad, p.Name+p.Mark())
		}
	}
	line := "数据截至：" + strings.Join(ok, "，")
	if len(bad) > 0 {
		line += "；" + strings.Join(bad, "；")
	}
	return line
}

// PullOf finds a bureau's pull by unit code.
func (m Meta) PullOf(unit string) (Pull, bool) {
	for _, p := range m.Pulls {
		if p.Unit == unit {
			return p, true
		}
	}
	return Pull{}, false
}
