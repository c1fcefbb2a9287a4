package seed

import (
	"fmt"
	"strings"

	"zhengzhi"
)

// defect is one way a row can break the contract (or, for the warnings, be
// doubtful but usable). Every bureau database gets each defect that fits it
// at least once, on a copy of one of the table's first rows, and more of them
// as the table grows, so that about 1% of rows are bad at every scale.
type defect struct {
	kind  string
	table *tableSpec
	// cityOnly defects speak of another city or an abolished county: they
	// only make sense in a city bureau's database.
	cityOnly bool
	// apply turns a copy of a good row into the bad one; it reports false
	// when the bureau has nothing to build this defect from.
	apply func(b *bureau, r *rnd, x row) bool
}

// set writes a column of a row of table t.
func set(t *tableSpec, x row, col string, v any) { x[t.col(col)] = v }

// getDay reads a date column of a good row.
func getDay(t *tableSpec, x row, col string) day {
	s, _ := x[t.col(col)].(string)
	d, _ := zhengzhi.ParseDate(s)
	return d
}

// always wraps a defect that any bureau can have.
func always(f func(b *bureau, r *rnd, x row)) func(b *bureau, r *rnd, x row) bool {
	return func(b *bureau, r *rnd, x row) bool { f(b, r, x); return true }
}

// replaceAt puts c at byte position i of a code.
func replaceAt(s string, i int, c string) string { return s[:i] + c + s[i+1:] }

// futureDay is an event date years after the campaign, a typing slip for 2026.
func (b *bureau) futureDay() day { return monthStart(b.until).AddMonths(40) + 14 }

// danglingEnterprise is an enterprise id of the right shape that no row has.
func (b *bureau) danglingEnterprise(r *rnd, x row, t *tableSpec) {
	county := strings.Split(x[t.col("enterprise_id")].(string), "-")[1]
	set(t, x, "enterprise_id", enterpriseID(county, 900000+r.IntN(90000)))
}

// otherCityCounty is a live county of the next city in the registry.
func (b *bureau) otherCityCounty() (string, bool) {
	cities := b.reg.Units(zhengzhi.LevelCity)
	for i, c := range cities {
		if c.Code != b.unit.Code {
			continue
		}
		for j := 1; j < len(cities); j++ {
			for _, k := range b.reg.Counties(cities[(i+j)%len(cities)].Code) {
				if !k.Abolished {
					return k.Code, true
				}
			}
		}
	}
	return "", false
}

// unknownCounty is a county code of the bureau's city shape that the registry lacks (990199).
func (b *bureau) unknownCounty() (string, bool) {
	for n := 99; n > 80; n-- {
		code := fmt.Sprintf("%s%02d", b.unit.Code[:4], n)
		if _, ok := b.reg.Unit(code); !ok {
			return code, true
		}
	}
	return "", false
}

// freshEnterprise gives a copied enterprise row a code and name of its own.
func (b *bureau) freshEnterprise(r *rnd, x row, county string) {
	t := enterprisesTable
	set(t, x, "county_code", county)
	set(t, x, "uscc", newUSCC(r, county, 800000+r.IntN(100000)))
	set(t, x, "name", enterpriseName(r, b.world.place, x[t.col("category")].(string), false))
}

// defects is the catalogue: every way the contract lists of breaking a row.
var defects = []defect{
	// enterprises
	{kind: "uscc_alphabet", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		u := x[enterprisesTable.col("uscc")].(string)
		set(enterprisesTable, x, "uscc", replaceAt(u, 10+r.IntN(4), pick(r, "I", "O", "Z", "S", "V")))
	})},
	{kind: "uscc_lowercase", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		u := x[enterprisesTable.col("uscc")].(string)
		set(enterprisesTable, x, "uscc", replaceAt(u, 9, pick(r, "a", "b", "m", "x")))
	})},
	{kind: "uscc_length", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		u := x[enterprisesTable.col("uscc")].(string)
		set(enterprisesTable, x, "uscc", pick(r, u[:17], u+"0", u[:15]))
	})},
	{kind: "uscc_check_digit", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		u := x[enterprisesTable.col("uscc")].(string)
		wrong := usccAlphabet[(strings.IndexByte(usccAlphabet, u[17])+1+r.IntN(29))%31]
		set(enterprisesTable, x, "uscc", u[:17]+string(wrong))
	})},
	{kind: "enum_category", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(enterprisesTable, x, "category", pick(r, "电线电缆", "toys", "Wire_Cable"))
	})},
	{kind: "flag_producing", table: enterprisesTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(enterprisesTable, x, "producing", pick(r, 2, -1, 9))
	})},
	{kind: "county_other_city", table: enterprisesTable, cityOnly: true, apply: func(b *bureau, r *rnd, x row) bool {
		code, ok := b.otherCityCounty()
		if ok {
			b.freshEnterprise(r, x, code)
		}
		return ok
	}},
	{kind: "county_unknown", table: enterprisesTable, cityOnly: true, apply: func(b *bureau, r *rnd, x row) bool {
		code, ok := b.unknownCounty()
		if ok {
			b.freshEnterprise(r, x, code)
		}
		return ok
	}},
	{kind: "county_abolished", table: enterprisesTable, cityOnly: true, apply: func(b *bureau, r *rnd, x row) bool {
		if len(b.world.abolished) == 0 {
			return false
		}
		b.freshEnterprise(r, x, b.world.abolished[0].Code)
		return true
	}},
	// screenings
	{kind: "date_unreadable", table: screeningsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(screeningsTable, x, "screened_on", "2026-13-45")
	})},
	{kind: "date_future", table: screeningsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(screeningsTable, x, "screened_on", b.futureDay().String())
	})},
	{kind: "enterprise_dangling", table: screeningsTable, apply: always(func(b *bureau, r *rnd, x row) {
		b.danglingEnterprise(r, x, screeningsTable)
	})},
	// hazards
	{kind: "enum_hazard_status", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(hazardsTable, x, "status", pick(r, "closed", "已整改", "done"))
	})},
	{kind: "date_compact", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(hazardsTable, x, "found_on", strings.ReplaceAll(getDay(hazardsTable, x, "found_on").String(), "-", ""))
	})},
	{kind: "date_future", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		found := b.futureDay()
		set(hazardsTable, x, "found_on", found.String())
		set(hazardsTable, x, "deadline", (found + 30).String())
		set(hazardsTable, x, "status", "open")
		set(hazardsTable, x, "rectified_on", nil)
		set(hazardsTable, x, "verified_on", nil)
	})},
	{kind: "order_rectified_before_found", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		found := getDay(hazardsTable, x, "found_on")
		set(hazardsTable, x, "status", "rectified")
		set(hazardsTable, x, "rectified_on", (found - day(r.between(1, 20))).String())
		set(hazardsTable, x, "verified_on", nil)
	})},
	{kind: "order_verified_before_rectified", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		rectified := min(getDay(hazardsTable, x, "found_on")+3, b.until)
		set(hazardsTable, x, "status", "verified")
		set(hazardsTable, x, "rectified_on", rectified.String())
		set(hazardsTable, x, "verified_on", (rectified - day(r.between(1, 5))).String())
	})},
	{kind: "order_deadline_before_found", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(hazardsTable, x, "deadline", (getDay(hazardsTable, x, "found_on") - day(r.between(1, 30))).String())
	})},
	{kind: "verified_without_date", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(hazardsTable, x, "status", "verified")
		set(hazardsTable, x, "rectified_on", min(getDay(hazardsTable, x, "found_on")+3, b.until).String())
		set(hazardsTable, x, "verified_on", nil)
	})},
	{kind: "enterprise_dangling", table: hazardsTable, apply: always(func(b *bureau, r *rnd, x row) {
		b.danglingEnterprise(r, x, hazardsTable)
	})},
	// samplings
	{kind: "enum_channel", table: samplingsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(samplingsTable, x, "channel", pick(r, "wechat", "电商平台", "market"))
	})},
	{kind: "date_future", table: samplingsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(samplingsTable, x, "sampled_on", b.futureDay().String())
		set(samplingsTable, x, "handled_on", nil)
	})},
	{kind: "flag_traced", table: samplingsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(samplingsTable, x, "traced", pick(r, 2, 10))
	})},
	{kind: "unit_other_city", table: samplingsTable, cityOnly: true, apply: func(b *bureau, r *rnd, x row) bool {
		code, ok := b.otherCityCounty()
		set(samplingsTable, x, "unit_code", code)
		return ok
	}},
	// nonconforming
	{kind: "enum_followup_status", table: nonconformingTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(nonconformingTable, x, "followup_status", pick(r, "done", "已复查"))
	})},
	{kind: "order_followup_before_ordered", table: nonconformingTable, apply: always(func(b *bureau, r *rnd, x row) {
		ordered := min(getDay(nonconformingTable, x, "last_failed_on")+10, b.until)
		set(nonconformingTable, x, "ordered_on", ordered.String())
		set(nonconformingTable, x, "rechecked_on", nil)
		set(nonconformingTable, x, "followup_status", "closed")
		set(nonconformingTable, x, "followup_done_on", (ordered - day(r.between(1, 9))).String())
	})},
	{kind: "fail_count_zero", table: nonconformingTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(nonconformingTable, x, "fail_count", 0)
	})},
	// dormant_checks
	{kind: "enum_finding", table: dormantChecksTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(dormantChecksTable, x, "finding", pick(r, "停产", "closed"))
	})},
	{kind: "enterprise_dangling", table: dormantChecksTable, apply: always(func(b *bureau, r *rnd, x row) {
		b.danglingEnterprise(r, x, dormantChecksTable)
	})},
	// risk_signals
	{kind: "date_words", table: riskSignalsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(riskSignalsTable, x, "received_on", pick(r, "昨天", "上周三"))
	})},
	{kind: "order_assessed_before_received", table: riskSignalsTable, apply: always(func(b *bureau, r *rnd, x row) {
		received := getDay(riskSignalsTable, x, "received_on")
		set(riskSignalsTable, x, "assessed_on", (received - day(r.between(1, 10))).String())
		set(riskSignalsTable, x, "risk_level", "medium")
		set(riskSignalsTable, x, "disposition", "monitor")
		set(riskSignalsTable, x, "disposed_on", nil)
	})},
	{kind: "enum_signal_source", table: riskSignalsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(riskSignalsTable, x, "source", pick(r, "hotline", "12315"))
	})},
	// risk_points
	{kind: "order_zeroed_before_identified", table: riskPointsTable, apply: always(func(b *bureau, r *rnd, x row) {
		identified := getDay(riskPointsTable, x, "identified_on")
		set(riskPointsTable, x, "zeroed_on", (identified - day(r.between(1, 15))).String())
		set(riskPointsTable, x, "measure", "rectified")
	})},
	{kind: "enum_measure", table: riskPointsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(riskPointsTable, x, "measure", pick(r, "整改", "shutdown"))
	})},
	{kind: "county_other_city", table: riskPointsTable, cityOnly: true, apply: func(b *bureau, r *rnd, x row) bool {
		code, ok := b.otherCityCounty()
		set(riskPointsTable, x, "county_code", code)
		return ok
	}},
	{kind: "county_unknown", table: riskPointsTable, apply: func(b *bureau, r *rnd, x row) bool {
		code, ok := b.unknownCounty()
		set(riskPointsTable, x, "county_code", code)
		return ok
	}},
	// activities
	{kind: "enum_action", table: activitiesTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(activitiesTable, x, "action", pick(r, "meeting", "隐患排查行动"))
	})},
	{kind: "order_completed_before_started", table: activitiesTable, apply: always(func(b *bureau, r *rnd, x row) {
		started := getDay(activitiesTable, x, "started_on")
		set(activitiesTable, x, "completed_on", (started - day(r.between(1, 10))).String())
	})},
	{kind: "flag_emergency_plan", table: activitiesTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(activitiesTable, x, "emergency_plan", pick(r, 2, 3))
	})},
	// supervision_visits
	{kind: "cleared_above_checked", table: supervisionVisitsTable, apply: always(func(b *bureau, r *rnd, x row) {
		checked := r.between(2, 10)
		set(supervisionVisitsTable, x, "hazards_checked", checked)
		set(supervisionVisitsTable, x, "hazards_confirmed_cleared", checked+r.between(1, 5))
	})},
	{kind: "flag_random_pick", table: supervisionVisitsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(supervisionVisitsTable, x, "random_pick", 2)
	})},
	// submissions
	{kind: "enum_submission_kind", table: submissionsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(submissionsTable, x, "kind", pick(r, "weekly", "月报"))
	})},
	{kind: "date_slashes", table: submissionsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(submissionsTable, x, "submitted_on", strings.ReplaceAll(getDay(submissionsTable, x, "submitted_on").String(), "-", "/"))
	})},
	// incidents
	{kind: "enum_incident_level", table: incidentsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(incidentsTable, x, "level", pick(r, "serious", "较大"))
	})},
	{kind: "date_future", table: incidentsTable, apply: always(func(b *bureau, r *rnd, x row) {
		set(incidentsTable, x, "occurred_on", b.futureDay().String())
	})},
	{kind: "enterprise_dangling", table: incidentsTable, apply: always(func(b *bureau, r *rnd, x row) {
		b.danglingEnterprise(r, x, incidentsTable)
	})},
}

// breakRows appends the table's deliberately bad rows and a few withdrawn
// rows (deleted = 1), all copies of the table's first good rows under new ids.
// A table gets about one bad row per hundred good ones, cycling through the
// defects that fit it; a defect the cycle misses still appears once in its
// home bureau, so every scale has every defect in a stable place.
func (b *bureau) breakRows(tw *tableWriter, r *rnd) error {
	templates := tw.templates
	tw.frozen = true
	if len(templates) == 0 {
		return nil
	}
	var kinds []int
	for i, d := range defects {
		if d.table == tw.spec && (!d.cityOnly || b.world != nil) {
			kinds = append(kinds, i)
		}
	}
	good := tw.seq
	counts := make([]int, len(kinds))
	for j := 0; j < good/100 && len(kinds) > 0; j++ {
		counts[j%len(kinds)]++
	}
	for k, i := range kinds {
		if counts[k] == 0 && b.isHome(i) {
			counts[k] = 1
		}
	}
	t := tw.spec
	next := 0
	copyOf := func() row {
		x := append(row(nil), templates[next%len(templates)]...)
		next++
		// The unit part of the id stays the model row's: ids look like every other.
		unit := strings.Split(x[0].(string), "-")[1]
		x[0] = tw.nextID(unit)
		if t == enterprisesTable {
			b.freshEnterprise(r, x, unit)
		}
		return x
	}
	for k, i := range kinds {
		d := defects[i]
		for c := 0; c < counts[k]; c++ {
			x := copyOf()
			if !d.apply(b, r, x) {
				tw.seq--
				continue
			}
			if err := tw.add(x); err != nil {
				return err
			}
			b.rows.Defects[d.kind]++
		}
	}
	for j := 0; j < max(1, good/500); j++ {
		x := copyOf()
		set(t, x, "deleted", 1)
		if err := tw.add(x); err != nil {
			return err
		}
		b.rows.Defects["soft_deleted"]++
	}
	return nil
}

// isHome tells whether this bureau is where the i-th defect of the catalogue
// appears even when its table is too small for its share: the province office
// for every defect that fits its tables, and for the cities the i-th city
// (modulo their number); defects that need an abolished county appear in every
// city that has one.
func (b *bureau) isHome(i int) bool {
	if b.world == nil {
		return true
	}
	if defects[i].kind == "county_abolished" {
		return true
	}
	cities := b.reg.Units(zhengzhi.LevelCity)
	return cities[i%len(cities)].Code == b.unit.Code
}
