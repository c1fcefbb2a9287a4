// Package draw is the province's monthly random draw of counties for
// supervision visits (随机抽查): 1–2 counties per city, chosen from a seed so
// anyone holding the seed and the unit registry gets the same counties.
//
// The rule, so it can be checked by hand: for a month M and seed S, every
// current (not abolished) county C of a city gets the key
// SHA-256(S + "\n" + M + "\n" + C) in hex; counties not drawn for the city in
// the month before come first, each group in ascending key order; the city
// gets the first two when it has 8 or more current counties, else the first
// one. A hash ranking instead of a seeded PRNG stream keeps the result
// independent of the Go version and of the order counties are listed in.
package draw

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"zhengzhi"
)

// Pick is one city's drawn counties, in registry order.
type Pick struct {
	City     string   `json:"city"`
	Counties []string `json:"counties"`
}

// Result is one month's draw as it is published.
type Result struct {
	Month string `json:"month"`
	Seed  string `json:"seed"`
	Picks []Pick `json:"picks"`
	// Commitment is the seed's commitment published before the draw; nil
	// (and left out of the JSON) for a month drawn without one.
	Commitment *Commitment `json:"commitment,omitempty"`
	// DrawnAt is when the month was first drawn (kept out of the published
	// JSON so that re-running a draw prints the same bytes).
	DrawnAt time.Time `json:"-"`
}

// TwoCountiesFrom is the number of current counties from which a city gets two visits instead of one.
const TwoCountiesFrom = 8

// CountFor is how many counties a city with n current counties gets.
func CountFor(n int) int {
	switch {
	case n >= TwoCountiesFrom:
		return 2
	case n > 0:
		return 1
	}
	return 0
}

// ParseMonth checks a "YYYY-MM" month and returns its first day.
func ParseMonth(month string) (zhengzhi.Date, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return 0, fmt.Errorf("month %q: want YYYY-MM, e.g. 2026-12", month)
	}
	return zhengzhi.DateOf(t), nil
}

// PreviousMonth is the month before a valid "YYYY-MM" month.
func PreviousMonth(month string) string {
	first, _ := ParseMonth(month)
	return first.AddMonths(-1).Format("2006-01")
}

// RegistryHash is a short fingerprint of the registry's units — codes, names
// and abolished marks in registry order — so a seed derived from it changes
// when the registry does, and not when the file's comments or layout do.
func RegistryHash(reg *zhengzhi.Registry) string {
	h := sha256.New()
	write := func(u zhengzhi.Unit) { fmt.Fprintf(h, "%s\t%s\t%t\n", u.Code, u.Name, u.Abolished) }
	write(reg.Province)
	for _, c := range reg.Cities {
		write(c.Unit)
		for _, k := range c.Counties {
			write(k)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// DefaultSeed is the seed used when none is given: the month and the registry fingerprint.
func DefaultSeed(reg *zhengzhi.Registry, month string) string {
	return month + "-" + RegistryHash(reg)
}

// Rule is the draw's rule in words, as the published record states it: the
// steps by which anyone can repeat a month's draw by hand from the seed and
// the unit registry (the same steps key and Choose take).
func Rule(month, seed string) []string {
	return []string{
		fmt.Sprintf("1. 对每个设区市的每个现有（未撤销）县（市、区），计算 SHA-256（“%s”＋换行＋“%s”＋换行＋该县六位行政区划代码）的十六进制值，作为该县的排序键；", seed, month),
		fmt.Sprintf("2. 上月（%s）已抽中的县排在其余县之后，两组内各按排序键从小到大排列；", PreviousMonth(month)),
		fmt.Sprintf("3. 现有县（市、区）%d个及以上的市取排在最前的2个，不足%d个的市取最前的1个。", TwoCountiesFrom, TwoCountiesFrom),
	}
}

// key ranks a county in a month's draw.
func key(seed, month, county string) string {
	sum := sha256.Sum256([]byte(seed + "\n" + month + "\n" + county))
	return hex.EncodeToString(sum[:])
}

// Choose draws the counties of every city in registry order. previous holds
// the counties drawn per city the month before; they are drawn again only
// when the city has too few other counties.
func Choose(reg *zhengzhi.Registry, month, seed string, previous map[string][]string) []Pick {
	picks := make([]Pick, 0, len(reg.Cities))
	for _, city := range reg.Cities {
		var current []string
		for _, c := range city.Counties {
			if !c.Abolished {
				current = append(current, c.Code)
			}
		}
		ranked := slices.Clone(current)
		slices.SortFunc(ranked, func(a, b string) int {
			aPrev, bPrev := slices.Contains(previous[city.Code], a), slices.Contains(previous[city.Code], b)
			if aPrev != bPrev {
				if aPrev {
					return 1
				}
				return -1
			}
			return strings.Compare(key(seed, month, a), key(seed, month, b))
		})
		chosen := ranked[:CountFor(len(current))]
		counties := []string{}
		for _, c := range current {
			if slices.Contains(chosen, c) {
				counties = append(counties, c)
			}
		}
		picks = append(picks, Pick{City: city.Code, Counties: counties})
	}
	return picks
}
