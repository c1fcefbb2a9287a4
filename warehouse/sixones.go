package warehouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
)

// SixOnes fills the 'six ones' progress statistics of a scope — the province
// (a row per city) or a city (a row per county), each followed by the scope's
// own row — for the window [windowStart, asOf]. Each contract table is read by
// one query grouped by the unit a row belongs to (its county, or the unit it
// names); those per-unit groups are then added up into the scope's rows along
// the registry. Meta gets AsOf and Province; the caller adds the pulls.
func (w *Warehouse) SixOnes(ctx context.Context, reg *zhengzhi.Registry, scope string, windowStart, asOf time.Time) (*reports.SixOnes, error) {
	unit, ok := reg.Unit(scope)
	if !ok || unit.Level == zhengzhi.LevelCounty {
		return nil, fmt.Errorf("six ones: scope %s is neither the province nor a city of the registry", scope)
	}
	q := sixOnesQuery{
		w:      w,
		prefix: scopePrefix(unit) + "%",
		start:  sqldb.DateOf(windowStart),
		asOf:   sqldb.DateOf(asOf),
		// ordered_on + 75 days < D is ordered_on < D − 75 days: no date arithmetic in SQL.
		recheckCutoff: sqldb.DateOf(asOf.AddDate(0, 0, -75)),
		leaves:        map[string]*reports.SixOnesRow{},
		meetingOn:     map[string]sqldb.Date{},
		selfInspected: map[string]bool{},
		cityVisited:   map[string]bool{},
	}
	for _, step := range []struct {
		table string
		read  func(context.Context) error
	}{
		{"enterprises", q.screeningCoverage},
		{"hazards", q.hazards},
		{"samplings", q.samplings},
		{"activities", q.activities},
		{"risk_points", q.riskPoints},
		{"supervision_visits", q.visits(reg)},
		{"nonconforming", q.nonconforming},
		{"risk_signals", q.riskSignals},
	} {
		if err := step.read(ctx); err != nil {
			return nil, fmt.Errorf("six ones of %s, table %s: %w", unit.Name, step.table, err)
		}
	}
	m := &reports.SixOnes{
		Meta:        reports.Meta{AsOf: asOf, Province: reg.Province},
		Scope:       unit,
		WindowStart: windowStart,
	}
	if err := q.rollUp(reg, m); err != nil {
		return nil, fmt.Errorf("six ones of %s: %w", unit.Name, err)
	}
	return m, nil
}

// scopePrefix is the code prefix every unit inside the scope shares: PP for
// the province, PPCC for a city.
func scopePrefix(u zhengzhi.Unit) string {
	if u.Level == zhengzhi.LevelProvince {
		return u.Code[:2]
	}
	return u.Code[:4]
}

// sixOnesQuery gathers per-unit groups (keyed by the unit code the rows
// belong to) before they are added up into the scope's rows.
type sixOnesQuery struct {
	w             *Warehouse
	prefix        string
	start, asOf   sqldb.Date
	recheckCutoff sqldb.Date
	leaves        map[string]*reports.SixOnesRow
	meetingOn     map[string]sqldb.Date // a unit's own first qualifying analysis meeting
	selfInspected map[string]bool       // a unit with a self-inspection of its own
	cityVisited   map[string]bool       // a county visited in W by its own city
}

func (q *sixOnesQuery) leaf(code string) *reports.SixOnesRow {
	r, ok := q.leaves[code]
	if !ok {
		r = &reports.SixOnesRow{Unit: zhengzhi.Unit{Code: code}}
		q.leaves[code] = r
	}
	return r
}

// rollUp adds the per-unit groups into the scope's rows: in the province
// scope a county's groups go to its city's row and the province's own to the
// last row; in a city scope each county has its row and the city's own go
// last. Per-unit facts that do not add (own meeting, counties done/visited)
// are set from the registry.
func (q *sixOnesQuery) rollUp(reg *zhengzhi.Registry, m *reports.SixOnes) error {
	var subUnits []zhengzhi.Unit
	if m.Scope.Level == zhengzhi.LevelProvince {
		subUnits = reg.Units(zhengzhi.LevelCity)
	} else {
		subUnits = reg.Counties(m.Scope.Code)
	}
	index := map[string]int{}
	for i, u := range subUnits {
		index[u.Code] = i
		m.Rows = append(m.Rows, reports.SixOnesRow{Unit: u})
	}
	m.Rows = append(m.Rows, reports.SixOnesRow{Unit: m.Scope, Own: true})
	own := len(m.Rows) - 1

	rowOf := func(code string) (int, bool) {
		if code == m.Scope.Code {
			return own, true
		}
		key := code
		if m.Scope.Level == zhengzhi.LevelProvince {
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
	for code, leaf := range q.leaves {
		i, ok := rowOf(code)
		if !ok {
			strangers = append(strangers, code)
			continue
		}
		m.Rows[i].Add(*leaf)
	}
	if len(strangers) > 0 {
		sort.Strings(strangers)
		return fmt.Errorf("rows name units the registry does not list in this scope: %v (add them to the registry or fix the bureau data)", strangers)
	}

	for i := range m.Rows {
		r := &m.Rows[i]
		if on, ok := q.meetingOn[r.Unit.Code]; ok {
			r.Meeting.Held, r.Meeting.HeldOn = true, on.Time()
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
			if q.selfInspected[c.Code] {
				r.SelfInspection.Done++
			}
			if q.cityVisited[c.Code] {
				r.Supervision.CountiesVisited++
			}
		}
	}
	return nil
}
