package reports

import (
	"fmt"

	"zhengzhi"
)

// Draw is the province's random draw of counties for one month's supervision
// visits (随机抽查), published with its seed so anyone can re-run it.
type Draw struct {
	Meta  Meta
	Month string // "2026-12"
	Seed  string
	Picks []DrawPick
	// Rule says in words how the counties were drawn, step by step, so that
	// anyone holding the seed and the unit registry can re-check the draw by
	// hand; the draw step words it from its own rule.
	Rule []string
}

// Title is the draw's title, the same on its workbook and its PDF:
// 东川省2026年12月督查随机抽查县（市、区）抽取结果.
func (d Draw) Title() string {
	month := d.Month
	if first, err := zhengzhi.ParseDate(d.Month + "-01"); err == nil {
		month = fmt.Sprintf("%d年%d月", first.Year(), int(first.Month()))
	}
	return d.Meta.Province.Name + month + "督查随机抽查县（市、区）抽取结果"
}

// DrawPick is one city's drawn counties.
type DrawPick struct {
	City     string
	CityName string
	Counties []DrawCounty
}

// DrawCounty is one drawn county.
type DrawCounty struct {
	Code string
	Name string
}
