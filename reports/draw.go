package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

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
	return d.Meta.Province.Name + d.MonthText() + "督查随机抽查县（市、区）抽取结果"
}

// Command is the command that re-runs the draw: zhengzhi draw --month 2026-12 --seed ….
func (d Draw) Command() string {
	return fmt.Sprintf("zhengzhi draw --month %s --seed %s", d.Month, d.Seed)
}

// MonthText is the draw's month in Chinese: "2026年12月".
func (d Draw) MonthText() string {
	if first, err := zhengzhi.ParseDate(d.Month + "-01"); err == nil {
		return fmt.Sprintf("%d年%d月", first.Year(), int(first.Month()))
	}
	return d.Month
}

// SeedDigest is the seed's SHA-256 in hex: the commitment published before
// the draw, which the seed, shown after it, must hash to.
func (d Draw) SeedDigest() string {
	sum := sha256.Sum256([]byte(d.Seed))
	return hex.EncodeToString(sum[:])
}

// DrawPick is one city's drawn counties.
type DrawPick struct {
	City     string
	CityName string
	Counties []DrawCounty
}

// CountyList names the drawn counties with their codes, in draw order:
// 白盛县（991026）、雁埔市（991027）.
func (p DrawPick) CountyList() string {
	names := make([]string, len(p.Counties))
	for i, c := range p.Counties {
		names[i] = c.Name + "（" + c.Code + "）"
	}
	return strings.Join(names, "、")
}

// CountyNames names the drawn counties in draw order, without codes:
// 白盛县、雁埔市.
func (p DrawPick) CountyNames() string {
	names := make([]string, len(p.Counties))
	for i, c := range p.Counties {
		names[i] = c.Name
	}
	return strings.Join(names, "、")
}

// DrawCounty is one drawn county.
type DrawCounty struct {
	Code string
	Name string
}

// DrawnCity is one city's drawn counties, by code, as the draw step stored them.
type DrawnCity struct {
	City     string
	Counties []string
}

// BuildDraw builds a month's draw with the names of its units from the
// registry; rule is the draw step's own wording of how it drew.
func BuildDraw(meta Meta, reg *zhengzhi.Registry, month, seed string, rule []string, picks []DrawnCity) Draw {
	d := Draw{Meta: meta, Month: month, Seed: seed, Rule: rule}
	for _, p := range picks {
		pick := DrawPick{City: p.City, CityName: reg.Name(p.City)}
		for _, c := range p.Counties {
			pick.Counties = append(pick.Counties, DrawCounty{Code: c, Name: reg.Name(c)})
		}
		d.Picks = append(d.Picks, pick)
	}
	return d
}
