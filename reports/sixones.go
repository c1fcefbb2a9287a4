package reports

import (
	"fmt"
	"slices"

	"zhengzhi"
)

// SixOnes is the 'six ones' progress statistics (“六个一”行动进展情况统计表)
// of one scope: the province (a row per city) or a city (a row per county).
// Every row counts the rows attributed to its unit (a city: its counties'
// and its own); the last row, marked Own, counts the rows that name the
// scope unit itself (省本级 / 市本级), so the rows add up to the scope.
// Counts in the window W = [WindowStart, Meta.AsOf]; a date after the as-of
// date has not happened; withdrawn rows never count.
type SixOnes struct {
	Meta        Meta
	Scope       zhengzhi.Unit // the province or a city
	WindowStart zhengzhi.Date
	Rows        []SixOnesRow
}

// SixOnesRow is one unit's progress in the six actions and the two
// follow-up tables.
type SixOnesRow struct {
	Unit zhengzhi.Unit
	Own  bool // the scope unit's own rows (省本级/市本级), not a sub-unit
	zhengzhi.Progress
}

// Total adds up all rows into one, for the totals line of a table. Counts
// add; the own-meeting flag and date are per unit and stay empty.
func (m *SixOnes) Total() SixOnesRow {
	t := SixOnesRow{Unit: m.Scope}
	for _, r := range m.Rows {
		t.Add(r)
	}
	return t
}

// RowName is how the tables name a row: its unit's name, or 省本级 / 市本级
// for the scope's own row.
func (m *SixOnes) RowName(r SixOnesRow) string {
	if r.Own {
		return m.Scope.Level.Label() + "本级"
	}
	return r.Unit.Name
}

// Add adds another row's counts to this one (a county's into its city's).
func (r *SixOnesRow) Add(o SixOnesRow) { r.Progress.Add(o.Progress) }

// BuildSixOnes adds the warehouse's per-unit counts up into the scope's rows:
// in the province scope a county's counts go to its city's row and the
// province's own to the last row; in a city scope each county has its row and
// the city's own go last. The per-unit facts that do not add (own meeting,
// counties self-inspected or visited) are set from the registry, leaving
// abolished counties out. Counts naming a unit outside the scope are an error:
// the registry or the bureau data must be fixed.
func BuildSixOnes(meta Meta, reg *zhengzhi.Registry, scope zhengzhi.Unit, windowStart zhengzhi.Date, x zhengzhi.ProgressExtract) (*SixOnes, error) {
	m := &SixOnes{Meta: meta, Scope: scope, WindowStart: windowStart}
	var subUnits []zhengzhi.Unit
	if scope.Level == zhengzhi.LevelProvince {
		subUnits = reg.Units(zhengzhi.LevelCity)
	} else {
		subUnits = reg.Counties(scope.Code)
	}
	index := map[string]int{}
	for i, u := range subUnits {
		index[u.Code] = i
		m.Rows = append(m.Rows, SixOnesRow{Unit: u})
	}
	m.Rows = append(m.Rows, SixOnesRow{Unit: scope, Own: true})
	own := len(m.Rows) - 1

	rowOf := func(code string) (int, bool) {
		if code == scope.Code {
			return own, true
		}
		key := code
		if scope.Level == zhengzhi.LevelProvince {
			city, ok := reg.CityOf(code)
			if !ok {
				return 0, false
			}
			key = city
		}
		i, ok := index[key]
		return i, ok
	}
	var strangers []string
	for code, p := range x.ByUnit {
		i, ok := rowOf(code)
		if !ok {
			strangers = append(strangers, code)
			continue
		}
		m.Rows[i].Progress.Add(*p)
	}
	if len(strangers) > 0 {
		slices.Sort(strangers)
		return nil, fmt.Errorf("six ones of %s: rows name units the registry does not list in this scope: %v (add them to the registry or fix the bureau data)", scope.Name, strangers)
	}

	for i := range m.Rows {
		r := &m.Rows[i]
		if on, ok := x.MeetingOn[r.Unit.Code]; ok {
			r.Meeting.Held, r.Meeting.HeldOn = true, on
		}
		if r.Own {
			continue
		}
		counties := []zhengzhi.Unit{r.Unit}
		if r.Unit.Level == zhengzhi.LevelCity {
			counties = reg.Counties(r.Unit.Code)
		}
		for _, c := range counties {
			if c.Abolished {
				continue
			}
			r.SelfInspection.Counties++
			r.Supervision.Counties++
			if x.SelfInspected[c.Code] {
				r.SelfInspection.Done++
			}
			if x.CityVisited[c.Code] {
				r.Supervision.CountiesVisited++
			}
		}
	}
	return m, nil
}
