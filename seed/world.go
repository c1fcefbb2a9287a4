package seed

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"

	"zhengzhi"
)

// enterprisesPerCounty sets a scale's size: every other table grows with the
// number of enterprises. Demo gives about 25,000 rows in all, province about
// a million, large about ten million.
var enterprisesPerCounty = map[Scale]int{
	ScaleDemo:     55,
	ScaleProvince: 2450,
	ScaleLarge:    24500,
}

// countyPlan is one live county of a city with its share of the enterprises.
type countyPlan struct {
	unit      zhengzhi.Unit
	place     string
	diligence float64
	zone      zhengzhi.Zone
	first     int // index of its first enterprise in the city
	count     int
}

// cityWorld is everything fixed about one city before any table is written:
// its profile, counties and how many enterprises each has. Enterprises are not
// kept: enterprise(i) derives the i-th from the seed whenever a table needs it,
// so memory does not grow with the scale.
type cityWorld struct {
	city        zhengzhi.Unit
	place       string
	profile     profile
	counties    []countyPlan
	abolished   []zhengzhi.Unit
	enterprises int
	key         uint64
	// supplementary marks the city whose first enterprise carries the run's
	// one name with a character above U+FFFF.
	supplementary bool
}

// enterprise is one generated enterprise.
type enterprise struct {
	index         int
	id            string
	uscc          string
	name          string
	county        *countyPlan
	category      string
	licenseNo     string
	licenseStatus string
	producing     bool
	registered    day
}

// active is the contract's active enterprise: its licence not revoked or cancelled.
func (e enterprise) active() bool {
	return e.licenseStatus != "revoked" && e.licenseStatus != "cancelled"
}

func newCityWorld(reg *zhengzhi.Registry, city zhengzhi.Unit, p profile, seed int64, scale Scale) *cityWorld {
	w := &cityWorld{city: city, place: placeName(city.Name), profile: p,
		key:           streamKey(strconv.FormatInt(seed, 10), city.Code, "enterprises"),
		supplementary: len(reg.Cities) > 0 && reg.Cities[0].Code == city.Code}
	r := newRnd(seed, city.Code, "counties")
	per := enterprisesPerCounty[scale]
	for _, c := range reg.Counties(city.Code) {
		if c.Abolished {
			w.abolished = append(w.abolished, c)
			continue
		}
		spread := 0.15
		if p.diligence >= 0.97 {
			spread = 0.02 // a leading city leads everywhere
		}
		d := min(1, max(0.3, p.diligence+spread*(2*r.Float64()-1)))
		n := max(3, int(float64(per)*(0.6+0.8*r.Float64())))
		w.counties = append(w.counties, countyPlan{unit: c, place: placeName(c.Name), diligence: d,
			zone: reg.Zone(campaignYear, c.Code), first: w.enterprises, count: n})
		w.enterprises += n
	}
	return w
}

// countyOf is the county the i-th enterprise is registered in.
func (w *cityWorld) countyOf(i int) *countyPlan {
	k := sort.Search(len(w.counties), func(k int) bool { return w.counties[k].first+w.counties[k].count > i })
	return &w.counties[k]
}

// enterpriseID is the id of the i-th enterprise, which the enterprises table
// writes in index order so that its row numbers match.
func enterpriseID(county string, i int) string {
	return fmt.Sprintf("%s-%s-%06d", enterprisesTable.prefix, county, i+1)
}

// enterprise derives the i-th enterprise of the city from its own random stream.
func (w *cityWorld) enterprise(i int) enterprise {
	r := &rnd{rand.New(rand.NewPCG(w.key, uint64(i)))}
	c := w.countyOf(i)
	e := enterprise{index: i, id: enterpriseID(c.unit.Code, i), county: c}
	e.category = weighted(r, zhengzhi.Categories.Values, []int{15, 40, 25, 20})
	if k := i - c.first; k < len(zhengzhi.Categories.Values) {
		e.category = zhengzhi.Categories.Values[k] // every county has all four categories
	}
	e.uscc = newUSCC(r, c.unit.Code, i)
	e.name = enterpriseName(r, pick(r, c.place, c.place, w.place), e.category, w.supplementary && i == 0)
	e.licenseStatus = weighted(r, []string{"valid", "suspended", "revoked", "cancelled", "none"}, []int{84, 3, 3, 4, 6})
	if e.licenseStatus != "none" {
		e.licenseNo = licenceNumber(r, e.category)
	}
	e.producing = !r.chance(0.1)
	if e.licenseStatus == "suspended" && r.chance(0.6) {
		e.producing = false
	}
	e.registered = campaignStart + day(r.between(0, 25)) // the ledger was drawn up in the first weeks
	return e
}

// someEnterprise draws an enterprise of a county.
func (w *cityWorld) someEnterprise(r *rnd, c *countyPlan) enterprise {
	return w.enterprise(c.first + r.IntN(c.count))
}
