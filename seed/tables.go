package seed

// tableSpec is one contract table: its name, the prefix of its row ids and its
// columns in the order the generator writes them (id first, updated_at and
// deleted last), as in the contract (ContractDDL).
type tableSpec struct {
	name   string
	prefix string
	cols   []string
	index  map[string]int
}

// row is one row's values in its table's column order; nil is NULL.
type row []any

func spec(name, prefix string, cols ...string) *tableSpec {
	all := append(append([]string{"id"}, cols...), "updated_at", "deleted")
	t := &tableSpec{name: name, prefix: prefix, cols: all, index: map[string]int{}}
	for i, c := range all {
		t.index[c] = i
	}
	return t
}

// col is the position of a column; a misspelt name is a programming error.
func (t *tableSpec) col(name string) int {
	i, ok := t.index[name]
	if !ok {
		panic("seed: table " + t.name + " has no column " + name)
	}
	return i
}

// The twelve contract tables (数据报送标准 v1).
var (
	enterprisesTable = spec("enterprises", "E",
		"uscc", "name", "county_code", "category", "license_no", "license_status", "producing")
	screeningsTable = spec("screenings", "SC",
		"enterprise_id", "screened_on", "kind", "inspector_unit")
	hazardsTable = spec("hazards", "H",
		"enterprise_id", "source", "found_on", "severity", "description", "deadline", "status",
		"rectified_on", "verified_on", "enforcement", "license_action")
	samplingsTable = spec("samplings", "SP",
		"unit_code", "batch_no", "sampled_on", "channel", "outlet", "category", "plan",
		"producer_enterprise_id", "producer_uscc", "result", "traced", "handled_on", "exposed")
	nonconformingTable = spec("nonconforming", "NC",
		"enterprise_id", "first_failed_year", "fail_count", "last_failed_on", "ordered_on",
		"rechecked_on", "followup_status", "followup_done_on")
	dormantChecksTable = spec("dormant_checks", "DC",
		"enterprise_id", "checked_on", "kind", "finding")
	riskSignalsTable = spec("risk_signals", "RS",
		"unit_code", "received_on", "source", "category", "enterprise_id", "summary",
		"assessed_on", "risk_level", "disposition", "disposed_on")
	riskPointsTable = spec("risk_points", "RP",
		"county_code", "enterprise_id", "identified_on", "level", "description", "zeroed_on",
		"measure", "briefing_held")
	activitiesTable = spec("activities", "AC",
		"unit_code", "action", "started_on", "completed_on", "experts", "monitoring_projects",
		"escalated", "emergency_plan", "notes")
	supervisionVisitsTable = spec("supervision_visits", "SV",
		"inspector_unit", "inspected_unit", "visited_on", "random_pick", "enterprises_visited",
		"hazards_checked", "hazards_confirmed_cleared", "problems_found")
	submissionsTable = spec("submissions", "SB",
		"unit_code", "kind", "period", "submitted_on", "adopted")
	incidentsTable = spec("incidents", "IN",
		"county_code", "occurred_on", "level", "category", "enterprise_id", "direct_responsibility",
		"systemic", "summary")
)

// contractTables lists the tables in the contract's order.
var contractTables = []*tableSpec{
	enterprisesTable, screeningsTable, hazardsTable, samplingsTable, nonconformingTable,
	dormantChecksTable, riskSignalsTable, riskPointsTable, activitiesTable,
	supervisionVisitsTable, submissionsTable, incidentsTable,
}

// Tables names the twelve contract tables in the contract's order, the order
// a Summary is best printed in.
var Tables = func() []string {
	var out []string
	for _, t := range contractTables {
		out = append(out, t.name)
	}
	return out
}()
