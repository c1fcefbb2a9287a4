package zhengzhi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Level is the administrative level an assessment scores.
type Level string

// The levels of the registry.
const (
	LevelProvince Level = "province"
	LevelCity     Level = "city"
	LevelCounty   Level = "county"
)

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case LevelProvince:
		return "省"
	case LevelCity:
		return "市"
	case LevelCounty:
		return "县（市、区）"
	}
	return string(l)
}

// Zone marks a unit as a yellow-warning or red-alert area (黄色警示、红色警情区域) for a year.
type Zone string

// The zone marks.
const (
	ZoneNone   Zone = ""
	ZoneYellow Zone = "yellow"
	ZoneRed    Zone = "red"
)

// Label is the zone's Chinese name.
func (z Zone) Label() string {
	switch z {
	case ZoneYellow:
		return "黄色警示"
	case ZoneRed:
		return "红色警情"
	}
	return ""
}

// Unit is one administrative unit: the province, a city or a county, named by
// its 6-digit GB/T 2260 code (PP0000, PPCC00, PPCCXX).
type Unit struct {
	Code      string `yaml:"code" json:"code"`
	Name      string `yaml:"name" json:"name"`
	Level     Level  `yaml:"-" json:"level"`
	Parent    string `yaml:"-" json:"parent,omitempty"`
	Abolished bool   `yaml:"abolished,omitempty" json:"abolished,omitempty"`
}

// City is a city with its counties, as written in the registry file.
type City struct {
	Unit     `yaml:",inline"`
	Counties []Unit `yaml:"counties"`
}

// Registry is the province's unit registry (单位名录): the province, its cities
// and counties in registry order, and the zone marks per year.
type Registry struct {
	Province Unit
	// Issuer is the authority that issues the province's documents (the
	// year-end 通报), from the province's entry.
	Issuer Issuer
	Cities []City
	Zones  map[int]map[string]Zone
	// Hash is the sha256 of the registry file's bytes: a stored result
	// records the registry it was scored on, and one scored on another is
	// scored again.
	Hash   string
	byCode map[string]Unit
}

// Issuer is the authority that issues the province's official documents and
// whom they are addressed to, as the registry's province entry says:
// province: {code, name, authority: 东川省市场监督管理局, short: 东川省市场监管局,
// addressees: 各设区市市场监督管理局}.
type Issuer struct {
	// Authority is the issuing authority's full name (发文机关), in the
	// document's head.
	Authority string `yaml:"authority" json:"authority"`
	// Short is its standard short name, signed at the document's end (发文机关署名).
	Short string `yaml:"short" json:"short"`
	// Addressees are whom the document is addressed to (主送机关).
	Addressees string `yaml:"addressees" json:"addressees"`
	// CC are the bodies the document is copied to (抄送机关), printed in its
	// 版记; empty prints no 抄送 line.
	CC string `yaml:"cc" json:"cc,omitempty"`
	// PrintedBy is the office that prints and sends the document (印发机关),
	// in the 版记; "" takes the authority's 办公室.
	PrintedBy string `yaml:"printed_by" json:"printed_by,omitempty"`
}

// Printer is the 印发机关 of the 版记: PrintedBy, or the authority's 办公室.
func (i Issuer) Printer() string {
	if i.PrintedBy != "" {
		return i.PrintedBy
	}
	return i.Authority + "办公室"
}

// Missing names the keys of the province's entry an official document needs
// and the registry lacks ("authority, addressees"), or "".
func (i Issuer) Missing() string {
	var out []string
	for _, k := range []struct{ key, value string }{
		{"authority", i.Authority}, {"short", i.Short}, {"addressees", i.Addressees}} {
		if strings.TrimSpace(k.value) == "" {
			out = append(out, k.key)
		}
	}
	return strings.Join(out, ", ")
}

// registryFile is the registry as written: the province's entry holds its
// unit and its issuer.
type registryFile struct {
	Province struct {
		Unit   `yaml:",inline"`
		Issuer `yaml:",inline"`
	} `yaml:"province"`
	Cities []City                  `yaml:"cities"`
	Zones  map[int]map[string]Zone `yaml:"zones"`
}

// ParseRegistry reads a registry from its YAML text and checks it: codes are
// six digits of the right shape, unique, and every county lies in its city.
// A key the registry does not know is refused with its line.
func ParseRegistry(text []byte) (*Registry, error) {
	var f registryFile
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("unit registry: %w", err)
	}
	sum := sha256.Sum256(text)
	r := Registry{Province: f.Province.Unit, Issuer: f.Province.Issuer, Cities: f.Cities, Zones: f.Zones, Hash: hex.EncodeToString(sum[:])}
	if err := r.index(); err != nil {
		return nil, fmt.Errorf("unit registry: %w", err)
	}
	return &r, nil
}

func (r *Registry) index() error {
	r.byCode = map[string]Unit{}
	add := func(u Unit) error {
		if !isUnitCode(u.Code) {
			return fmt.Errorf("unit %q (%s): code must be 6 digits", u.Code, u.Name)
		}
		if _, dup := r.byCode[u.Code]; dup {
			return fmt.Errorf("unit code %s appears twice", u.Code)
		}
		r.byCode[u.Code] = u
		return nil
	}
	r.Province.Level = LevelProvince
	if !strings.HasSuffix(r.Province.Code, "0000") {
		return fmt.Errorf("province code %q must end in 0000", r.Province.Code)
	}
	if err := add(r.Province); err != nil {
		return err
	}
	for i := range r.Cities {
		c := &r.Cities[i]
		c.Level, c.Parent = LevelCity, r.Province.Code
		if c.Code[:2] != r.Province.Code[:2] || !strings.HasSuffix(c.Code, "00") || strings.HasSuffix(c.Code, "0000") {
			return fmt.Errorf("city %s (%s): code must have the shape %sCC00", c.Code, c.Name, r.Province.Code[:2])
		}
		if err := add(c.Unit); err != nil {
			return err
		}
		for j := range c.Counties {
			k := &c.Counties[j]
			k.Level, k.Parent = LevelCounty, c.Code
			if !isUnitCode(k.Code) || k.Code[:4] != c.Code[:4] || strings.HasSuffix(k.Code, "00") {
				return fmt.Errorf("county %s (%s): code must have the shape %sXX", k.Code, k.Name, c.Code[:4])
			}
			if err := add(*k); err != nil {
				return err
			}
		}
	}
	for year, marks := range r.Zones {
		for code, z := range marks {
			if _, ok := r.byCode[code]; !ok {
				return fmt.Errorf("zones %d: unknown unit %s", year, code)
			}
			if z != ZoneRed && z != ZoneYellow {
				return fmt.Errorf("zones %d: unit %s: zone %q is neither red nor yellow", year, code, z)
			}
		}
	}
	return nil
}

func isUnitCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Unit looks a unit up by code.
func (r *Registry) Unit(code string) (Unit, bool) {
	u, ok := r.byCode[code]
	return u, ok
}

// Name is the unit's name, or the code itself when the registry lacks it.
func (r *Registry) Name(code string) string {
	if u, ok := r.byCode[code]; ok {
		return u.Name
	}
	return code
}

// CityOf is the city a unit belongs to: a city is its own city, a county its
// parent. The province and unknown codes have none.
func (r *Registry) CityOf(code string) (string, bool) {
	u, ok := r.byCode[code]
	switch {
	case !ok:
		return "", false
	case u.Level == LevelCity:
		return u.Code, true
	case u.Level == LevelCounty:
		return u.Parent, true
	}
	return "", false
}

// Units lists the units of one level in registry order.
func (r *Registry) Units(level Level) []Unit {
	var out []Unit
	switch level {
	case LevelProvince:
		out = append(out, r.Province)
	case LevelCity:
		for _, c := range r.Cities {
			out = append(out, c.Unit)
		}
	case LevelCounty:
		for _, c := range r.Cities {
			out = append(out, c.Counties...)
		}
	}
	return out
}

// Counties lists a city's counties in registry order.
func (r *Registry) Counties(city string) []Unit {
	for _, c := range r.Cities {
		if c.Code == city {
			return c.Counties
		}
	}
	return nil
}

// Zone is a unit's zone mark in a year.
func (r *Registry) Zone(year int, code string) Zone {
	return r.Zones[year][code]
}

// CountyZones maps each current county in a red or yellow zone of the year
// to its zone, in registry order of its codes: a county's own mark wins over
// its city's (a zoned city zones all its counties).
func (r *Registry) CountyZones(year int) (map[string]Zone, []string) {
	zones := map[string]Zone{}
	var codes []string
	for _, c := range r.Units(LevelCounty) {
		z := r.Zone(year, c.Code)
		if z == ZoneNone {
			z = r.Zone(year, c.Parent)
		}
		if z != ZoneNone {
			zones[c.Code] = z
			codes = append(codes, c.Code)
		}
	}
	return zones, codes
}
