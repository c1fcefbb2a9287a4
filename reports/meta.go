// Package reports builds the report models — what each reader sees, in
// numbers and Chinese text — from scores, indicator values and warehouse
// extracts, and holds their renderers: PDF (reports/pdf, maroto) and Excel
// (reports/excel, excelize). It never opens a database.
package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"zhengzhi"
)

// Meta is what every report states about itself: the as-of date, when it was
// made (set from the run, never the clock, so a re-run gives the same bytes),
// whether the data is the synthetic demo, and each bureau's data pull.
type Meta struct {
	AsOf        zhengzhi.Date
	GeneratedAt time.Time
	Demo        bool
	Province    zhengzhi.Unit
	Pulls       []Pull
}

// Pull is one bureau's data as the report rests on it.
type Pull struct {
	Unit     string
	Name     string
	Outcome  string    // of the last attempt: ok, refused, unreachable, failed, running; "" = never pulled
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
	case p.Outcome == "failed" && p.LastGood.IsZero():
		return "入库失败"
	case p.Outcome == "failed":
		return "入库失败，沿用" + p.LastGood.Format("01-02 15:04") + "数据"
	case p.Outcome == "running":
		return "正在拉取"
	}
	return ""
}

// DemoMark is printed on every page of a report built from synthetic data.
const DemoMark = "演示数据"

// PullsLine is the one-line statement of data freshness every report prints.
// Bureaus pulled at the same minute are counted rather than listed, and the
// others are named: "数据截至：其余12个单位 11-24 08:00，临江市 11-23 08:00；
// 临江市数据被拒收，沿用11-23 08:00数据".
func (m Meta) PullsLine() string {
	type group struct {
		at    string
		names []string
	}
	var groups []group
	var bad []string
	for _, p := range m.Pulls {
		if !p.LastGood.IsZero() {
			at := p.LastGood.Format("01-02 15:04")
			i := slices.IndexFunc(groups, func(g group) bool { return g.at == at })
			if i < 0 {
				groups = append(groups, group{at: at})
				i = len(groups) - 1
			}
			groups[i].names = append(groups[i].names, p.Name)
		}
		if p.Stale() {
			bad = append(bad, p.Name+p.Mark())
		}
	}
	largest := -1
	for i, g := range groups {
		if len(g.names) > 2 && (largest < 0 || len(g.names) > len(groups[largest].names)) {
			largest = i
		}
	}
	var parts []string
	for i, g := range groups {
		switch {
		case i == largest && len(g.names) == len(m.Pulls):
			parts = append(parts, fmt.Sprintf("全部%d个单位 %s", len(g.names), g.at))
		case i == largest && len(groups) == 1:
			parts = append(parts, fmt.Sprintf("%d个单位 %s", len(g.names), g.at))
		case i == largest:
			parts = append(parts, fmt.Sprintf("其余%d个单位 %s", len(g.names), g.at))
		default:
			parts = append(parts, strings.Join(g.names, "、")+" "+g.at)
		}
	}
	if largest >= 0 {
		// The counted group reads best last: "临江市 11-23 08:00，其余12个单位 11-24 08:00".
		parts = append(append(parts[:largest:largest], parts[largest+1:]...), parts[largest])
	}
	line := "数据截至：" + strings.Join(parts, "，")
	if len(parts) == 0 {
		line += "尚无成功拉取的数据"
	}
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
