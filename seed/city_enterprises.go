package seed

import (
	"fmt"

	"zhengzhi"
)

// writeCity writes a city bureau's twelve tables.
func (b *bureau) writeCity() error {
	steps := []struct {
		t    *tableSpec
		fill func(*tableWriter, *rnd) error
	}{
		{enterprisesTable, b.enterprises},
		{screeningsTable, b.screenings},
		{hazardsTable, b.hazards},
		{samplingsTable, b.citySamplings},
		{nonconformingTable, b.nonconforming},
		{dormantChecksTable, b.dormantChecks},
		{riskSignalsTable, b.cityRiskSignals},
		{riskPointsTable, b.riskPoints},
		{activitiesTable, b.activities},
		{supervisionVisitsTable, b.citySupervisionVisits},
		{submissionsTable, b.submissions},
		{incidentsTable, b.incidents},
	}
	for _, s := range steps {
		if err := b.table(s.t, s.fill); err != nil {
			return err
		}
	}
	return nil
}

// latest is the last of the dates that are set.
func latest(days ...day) day {
	var out day
	for _, d := range days {
		out = max(out, d)
	}
	return out
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nullable is NULL for the empty string.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// eachEnterprise calls f for every enterprise of the city in index order.
func (b *bureau) eachEnterprise(f func(e enterprise) error) error {
	for i := 0; i < b.world.enterprises; i++ {
		if err := f(b.world.enterprise(i)); err != nil {
			return err
		}
	}
	return nil
}

func (b *bureau) enterprises(tw *tableWriter, r *rnd) error {
	return b.eachEnterprise(func(e enterprise) error {
		// Other tables name enterprises by index; the numbering must agree.
		if id := tw.nextID(e.county.unit.Code); id != e.id {
			return fmt.Errorf("enterprise %d: numbered %s, expected %s", e.index, id, e.id)
		}
		return tw.add(row{e.id, e.uscc, e.name, e.county.unit.Code, e.category, nullable(e.licenseNo),
			e.licenseStatus, flag(e.producing), r.stamp(min(e.registered, b.until)), 0})
	})
}

// campaignDay draws an event date of the campaign.
func (b *bureau) campaignDay(r *rnd) day { return r.dayIn(campaignStart, b.until) }

func (b *bureau) screenings(tw *tableWriter, r *rnd) error {
	kinds := []string{"self_check", "onsite", "look_back", "flight"}
	return b.eachEnterprise(func(e enterprise) error {
		d := e.county.diligence
		covered := r.chance(0.15)
		if e.active() && e.producing {
			covered = r.chance(min(1, 0.35+0.68*d))
		}
		if !covered {
			return nil
		}
		for n := weighted(r, []int{1, 2, 3}, []int{50, 35, 15}); n > 0; n-- {
			on := b.campaignDay(r)
			kind := weighted(r, kinds, []int{30, 45, 15, 10})
			inspector := e.county.unit.Code
			if kind == "flight" {
				inspector = b.unit.Code
			}
			if err := tw.addNew(e.county.unit.Code, row{nil, e.id, on.String(), kind, inspector, r.stamp(on), 0}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (b *bureau) hazards(tw *tableWriter, r *rnd) error {
	err := b.eachEnterprise(func(e enterprise) error {
		if !e.active() && !r.chance(0.1) {
			return nil
		}
		for n := weighted(r, []int{0, 1, 2, 3}, []int{35, 35, 20, 10}); n > 0; n-- {
			severity := "general"
			if r.chance(0.08) {
				severity = "major"
			}
			if err := tw.addNew(e.county.unit.Code, b.hazard(r, e, b.campaignDay(r), severity)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || !b.world.profile.lagging {
		return err
	}
	// A lagging city leaves major hazards open past their deadline in every
	// other county: what the province's chase list must show.
	for k := 0; k < len(b.world.counties); k += 2 {
		c := &b.world.counties[k]
		e := b.world.someEnterprise(r, c)
		found := campaignStart + day(r.between(3, 20))
		deadline := found + 30
		if deadline >= b.until {
			continue
		}
		x := row{nil, e.id, pick(r, "screening", "supervision"), found.String(), "major",
			pick(r, hazardDescriptions[e.category]...), deadline.String(), pick(r, "open", "rectifying"),
			nil, nil, "none", "none", r.stamp(found), 0}
		if err := tw.addNew(c.unit.Code, x); err != nil {
			return err
		}
	}
	return nil
}

// hazard is one hazard found on a day: the more diligent the county, the more
// is rectified, the sooner, and verified after.
func (b *bureau) hazard(r *rnd, e enterprise, found day, severity string) row {
	d := e.county.diligence
	deadline := found + day(r.between(10, 30))
	pRectify := 0.55 + 0.45*d
	if severity == "major" {
		deadline = found + day(r.between(30, 60))
		pRectify = 0.45 + 0.55*d
	}
	source := weighted(r, zhengzhi.HazardSources.Values, []int{60, 10, 10, 15, 5})
	status, enforcement, licenseAction := "open", "none", "none"
	var rectified, verified day
	switch {
	case r.chance(0.005 + 0.08*(1-d)):
		status = "refused"
		if r.chance(0.3 + 0.6*d) {
			enforcement = pick(r, "case_filed", "penalized")
		}
		if r.chance(0.2) {
			licenseAction = pick(r, "reported", "revoked", "cancelled")
		}
	case r.chance(pRectify):
		rectified = found + day(1+r.IntN(6)+int((1-d)*float64(r.IntN(80))))
		if rectified > b.until {
			rectified, status = 0, "rectifying"
			break
		}
		status = "rectified"
		verified = rectified + day(r.between(2, 5+int((1-d)*40)))
		if verified <= b.until && r.chance(0.4+0.6*d) {
			status = "verified"
		} else {
			verified = 0
		}
	default:
		status = pick(r, "open", "rectifying", "rectifying")
	}
	if severity == "major" && status != "refused" && r.chance(0.1) {
		enforcement = "case_filed"
	}
	return row{nil, e.id, source, found.String(), severity, pick(r, hazardDescriptions[e.category]...),
		deadline.String(), status, date(rectified), date(verified), enforcement, licenseAction,
		r.stamp(latest(found, rectified, verified)), 0}
}

func (b *bureau) nonconforming(tw *tableWriter, r *rnd) error {
	earliest := DefaultUntil.AddMonths(-32) // about March 2024
	return b.eachEnterprise(func(e enterprise) error {
		zoned := e.county.zone != zhengzhi.ZoneNone
		pListed, pRepeat := 0.06, 0.25
		if zoned {
			pListed, pRepeat = 0.18, 0.7
		}
		if !r.chance(pListed) {
			return nil
		}
		repeat := r.chance(pRepeat)
		fails := 1
		if repeat {
			fails = r.between(2, 4)
		}
		lastFailed := r.dayIn(earliest, b.until-20)
		firstYear := lastFailed.Year() - (fails-1)*r.between(0, 1)
		ordered := lastFailed + day(r.between(3, 20))
		d := e.county.diligence
		pDone := 0.3 + 0.7*d
		if zoned && repeat {
			pDone *= 0.6 // the red and yellow zones' repeat offenders are the ones left behind
		}
		status := "pending"
		var rechecked, done day
		switch {
		case ordered > b.until:
			ordered = 0
		case r.chance(pDone):
			// A diligent bureau rechecks well inside the 75 days; a slack one late.
			rechecked = ordered + day(r.between(15, 20+int(50*(1-d))))
			done = rechecked + day(r.between(0, 10))
			if done > b.until {
				rechecked, done, status = 0, 0, "rectifying"
				break
			}
			status = weighted(r, []string{"rechecked_pass", "penalized", "stopped", "deregistered", "closed"},
				[]int{60, 15, 10, 5, 10})
		case r.chance(0.3):
			rechecked = ordered + day(r.between(40, 90))
			status = "rechecked_fail"
			if rechecked > b.until {
				rechecked, status = 0, "rectifying"
			}
		default:
			status = weighted(r, []string{"pending", "rectifying"}, []int{1, 4})
		}
		return tw.addNew(e.county.unit.Code, row{nil, e.id, firstYear, fails, lastFailed.String(), date(ordered),
			date(rechecked), status, date(done), r.stamp(latest(lastFailed, ordered, rechecked, done)), 0})
	})
}

func (b *bureau) dormantChecks(tw *tableWriter, r *rnd) error {
	return b.eachEnterprise(func(e enterprise) error {
		var n int
		finding := "not_producing"
		switch {
		case e.active() && !e.producing && r.chance(0.3+0.7*e.county.diligence):
			n = r.between(1, 2)
		case !e.active() && r.chance(0.1):
			n, finding = 1, "license_cancelled"
		}
		for ; n > 0; n-- {
			on := b.campaignDay(r)
			f := finding
			if f == "not_producing" {
				f = weighted(r, []string{"not_producing", "no_capacity", "producing"}, []int{85, 10, 5})
			}
			if err := tw.addNew(e.county.unit.Code, row{nil, e.id, on.String(), pick(r, "patrol", "patrol", "flight"),
				f, r.stamp(on), 0}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (b *bureau) riskPoints(tw *tableWriter, r *rnd) error {
	measures := []string{"rectified", "assisted", "closed", "suspended", "merged", "converted"}
	return b.eachEnterprise(func(e enterprise) error {
		p := 0.25
		if e.county.zone != zhengzhi.ZoneNone {
			p = 0.4
		}
		if !e.active() || !r.chance(p) {
			return nil
		}
		d := e.county.diligence
		identified := b.campaignDay(r)
		level := "general"
		if r.chance(0.1) {
			level = "major"
		}
		var enterpriseID any = e.id
		description := pick(r, hazardDescriptions[e.category]...)
		if r.chance(0.1) {
			enterpriseID = nil
			description = e.county.place + pick(r, "建材市场电线电缆经营户", "危化品仓储集中区", "防爆电器销售网点")
		}
		var zeroed day
		var measure any
		if r.chance(0.35 + 0.65*d) {
			zeroed = identified + day(r.between(2, 6+int((1-d)*60)))
		}
		if zeroed > b.until {
			zeroed = 0
		}
		if zeroed != 0 || r.chance(0.3) {
			measure = weighted(r, measures, []int{60, 15, 5, 8, 4, 8})
		}
		return tw.addNew(e.county.unit.Code, row{nil, e.county.unit.Code, enterpriseID, identified.String(), level,
			description, date(zeroed), measure, flag(r.chance(0.5 + 0.5*d)), r.stamp(latest(identified, zeroed)), 0})
	})
}
