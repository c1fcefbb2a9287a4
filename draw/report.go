package draw

import (
	"zhengzhi"
	"zhengzhi/reports"
)

// Report is the draw as the PDF and Excel renderers take it, with names;
// meta comes from the caller (demo mark, generation time).
func Report(res Result, reg *zhengzhi.Registry, meta reports.Meta) reports.Draw {
	d := reports.Draw{Meta: meta, Month: res.Month, Seed: res.Seed, Rule: Rule(res.Month, res.Seed)}
	for _, p := range res.Picks {
		pick := reports.DrawPick{City: p.City, CityName: reg.Name(p.City)}
		for _, c := range p.Counties {
			pick.Counties = append(pick.Counties, reports.DrawCounty{Code: c, Name: reg.Name(c)})
		}
		d.Picks = append(d.Picks, pick)
	}
	return d
}
