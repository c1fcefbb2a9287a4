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

// PullOutcome is a pull's outcome in Chinese, as the data-quality workbook
// and the portal state it.
func PullOutcome(outcome string) string {
	switch outcome {
	case "ok":
		return "成功"
	case "refused":
		return "拒收（数据库缺少规定的表或字段）"
	case "unreachable":
		return "无法连接"
	case "failed":
		return "入库失败"
	case "running":
		return "正在提取"
	case "":
		return "从未抽取"
	}
	return outcome
}

// Mark is the short Chinese mark a report prints beside a stale or refused
// bureau: "数据被拒收，沿用11月23日 08:00的数据".
func (p Pull) Mark() string {
	kept := ""
	if !p.LastGood.IsZero() {
		kept = "，沿用" + p.LastGood.Format("1月2日 15:04") + "的数据"
	}
	switch p.Outcome {
	case "":
		return "尚无数据"
	case "refused":
		return "数据被拒收" + kept
	case "unreachable":
		return "无法连接" + kept
	case "failed":
		return "入库失败" + kept
	case "running":
		return "正在提取"
	}
	return ""
}

// DemoMark is printed on every page of a report built from synthetic data.
const DemoMark = "演示数据"

// Provenance is the one line every report prints about its data: the as-of
// date, when the newest data was pulled, and whether every bureau's is in —
// "统计截止：2026年11月24日　数据提取：2026年11月29日 20:03（12个设区市及省本级
// 均已报送）" — naming each bureau whose data is stale or refused:
// "（临江市数据被拒收，沿用11月28日 08:00的数据；其余11个设区市及省本级均已报送）".
func (m Meta) Provenance() string {
	var newest time.Time
	var bad []string
	cities, province := 0, false
	for _, p := range m.Pulls {
		if p.LastGood.After(newest) {
			newest = p.LastGood
		}
		switch {
		case p.Stale():
			bad = append(bad, m.bureauName(p)+p.Mark())
		case p.Unit == m.Province.Code:
			province = true
		default:
			cities++
		}
	}
	line := "统计截止：" + m.AsOf.Chinese() + "　数据提取："
	if newest.IsZero() {
		line += "尚无成功提取的数据"
	} else {
		line += newest.Format("2006年1月2日 15:04")
	}
	var in string
	switch {
	case cities > 0 && province:
		in = fmt.Sprintf("%d个设区市及省本级", cities)
	case cities > 0:
		in = fmt.Sprintf("%d个设区市", cities)
	case province:
		in = "省本级"
	}
	if in != "" {
		if len(bad) > 0 {
			in = "其余" + in
		}
		in += "均已报送"
	}
	if parts := append(bad, in); len(m.Pulls) > 0 {
		line += "（" + strings.Trim(strings.Join(parts, "；"), "；") + "）"
	}
	return line
}

// Note is the provenance as an official document's 附注 says it, without
// brackets inside its own: "统计截止：2026年11月24日；数据提取：2026年11月29日
// 20:03，12个设区市及省本级均已报送".
func (m Meta) Note() string {
	line := m.Provenance()
	head, tail, ok := strings.Cut(line, "（")
	if !ok {
		return strings.Replace(line, "　", "；", 1)
	}
	return strings.Replace(head, "　", "；", 1) + "，" + strings.TrimSuffix(tail, "）")
}

// bureauName is how the provenance line names a bureau: the province's own
// office is 省本级.
func (m Meta) bureauName(p Pull) string {
	if p.Unit == m.Province.Code && p.Unit != "" {
		return "省本级"
	}
	return p.Name
}
