package reports

// Draw is the province's random draw of counties for one month's supervision
// visits (随机抽查), published with its seed so anyone can re-run it.
type Draw struct {
	Meta  Meta
	Month string // "2026-12"
	Seed  string
	Picks []DrawPick
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
