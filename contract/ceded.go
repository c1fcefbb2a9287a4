package contract

// CededReason is why a city database's row about a county that reports by
// itself (its own source: a database or uploads) is set aside: a unit's rows
// come from exactly one source.
const CededReason = "本县（市、区）数据由县局自行填报，市局数据库中的记录不予采用"

// about says which unit a row of each table speaks of — the column the
// indicators group it by: a unit code of its own, or the county of the
// enterprise it refers to.
var about = map[string]struct{ column, via string }{
	"enterprises":        {column: "county_code"},
	"screenings":         {via: "enterprise_id"},
	"hazards":            {via: "enterprise_id"},
	"samplings":          {column: "unit_code"},
	"nonconforming":      {via: "enterprise_id"},
	"dormant_checks":     {via: "enterprise_id"},
	"risk_signals":       {column: "unit_code"},
	"risk_points":        {column: "county_code"},
	"activities":         {column: "unit_code"},
	"supervision_visits": {column: "inspector_unit"},
	"submissions":        {column: "unit_code"},
	"incidents":          {column: "county_code"},
}

// About names the column whose unit code says which unit a row speaks of,
// or (via) the column naming the enterprise whose county_code says it.
func (t *Table) About() (column, via string) {
	a := about[t.Name]
	return a.column, a.via
}

// ceded sets a row aside when it speaks of a county that reports by itself
// (Scope.Ceded): that reason alone is listed, since the row is not the
// bureau's to report whatever else is wrong with it.
func (v *validation) ceded() {
	if v.s.Ceded == nil {
		return
	}
	column, via := v.t.About()
	var county string
	i := v.t.Index(column)
	if via != "" {
		i = v.t.Index(via)
		id, _ := RawString(v.raw[i])
		county = v.s.CededEnterprise[id]
	} else if code, _ := RawString(v.raw[i]); v.s.Ceded(code) {
		county = code
	}
	if county == "" {
		return
	}
	value, _ := RawString(v.raw[i])
	v.res.Problems = []Problem{{Column: v.t.Columns[i].Name, Value: value, Severity: Reject, Reason: CededReason}}
	v.res.About = county
	v.rejected = true
}
