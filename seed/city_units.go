package seed

import (
	"fmt"

	"zhengzhi"
)

// foreignCounties are county codes outside the province, for producers traced
// to other provinces.
var foreignCounties = []string{"330102", "320505", "440305", "370211", "130104", "420106"}

func (b *bureau) citySamplings(tw *tableWriter, r *rnd) error {
	w := b.world
	for k := range w.counties {
		c := &w.counties[k]
		n := int(float64(c.count) * 0.25 * (0.5 + 0.5*c.diligence) * (0.8 + 0.4*r.Float64()))
		for ; n > 0; n-- {
			plan := weighted(r, []string{"routine", "city"}, []int{60, 40})
			if err := tw.addNew(c.unit.Code, b.sampling(r, tw, c.unit.Code, plan, w.someEnterprise(r, c))); err != nil {
				return err
			}
		}
	}
	// The city bureau's own special sampling (市局专项).
	for n := 2 + int(0.03*float64(w.enterprises)*w.profile.diligence); n > 0; n-- {
		e := w.enterprise(r.IntN(w.enterprises))
		if err := tw.addNew(b.unit.Code, b.sampling(r, tw, b.unit.Code, "city", e)); err != nil {
			return err
		}
	}
	return nil
}

// sampling is one sampling batch organised by unit of a product of e: fails
// are traced and handled as diligently as e's county works.
func (b *bureau) sampling(r *rnd, tw *tableWriter, unit, plan string, e enterprise) row {
	d := e.county.diligence
	on := b.campaignDay(r)
	channel := weighted(r, zhengzhi.SamplingChannels.Values, []int{30, 25, 45})
	var outlet any
	switch channel {
	case "ecommerce":
		outlet = pick(r, ecommerceOutlets...)
	case "retail":
		outlet = retailOutlet(r, e.county.place)
	}
	result := "pass"
	switch {
	case on > b.until-25 && r.chance(0.3):
		result = "pending"
	case r.chance(0.11):
		result = "fail"
	}
	var producerID, producerUSCC any
	traced := false
	switch {
	case channel == "producer":
		producerID, producerUSCC, traced = e.id, e.uscc, true
	case result == "fail" && !r.chance(0.4+0.6*d), result != "fail" && r.chance(0.4):
		// not traced back to a producer
	case r.chance(0.6):
		producerID, producerUSCC, traced = e.id, e.uscc, true
	default:
		producerUSCC, traced = newUSCC(r, pick(r, foreignCounties...), r.IntN(1e6)), true
	}
	var handled day
	if result == "fail" && r.chance(0.35+0.6*d) {
		if handled = on + day(r.between(7, 30)); handled > b.until {
			handled = 0
		}
	}
	exposed := result == "fail" && r.chance(0.7) || result == "pass" && r.chance(0.1)
	batch := fmt.Sprintf("CJ%d-%s-%05d", on.Year(), unit, tw.seq+1)
	return row{nil, unit, batch, on.String(), channel, outlet, e.category, plan, producerID, producerUSCC, result,
		flag(traced), date(handled), flag(exposed), r.stamp(latest(on, handled)), 0}
}

func (b *bureau) cityRiskSignals(tw *tableWriter, r *rnd) error {
	w := b.world
	for k := range w.counties {
		c := &w.counties[k]
		for n := max(1, int(0.12*float64(c.count))); n > 0; n-- {
			unit := c.unit.Code
			if r.chance(0.2) {
				unit = b.unit.Code
			}
			var e *enterprise
			if r.chance(0.5) {
				x := w.someEnterprise(r, c)
				e = &x
			}
			if err := tw.addNew(unit, b.riskSignal(r, unit, e, c.diligence)); err != nil {
				return err
			}
		}
	}
	return nil
}

// riskSignal is one piece of risk information received by unit, about e when known.
func (b *bureau) riskSignal(r *rnd, unit string, e *enterprise, d float64) row {
	received := b.campaignDay(r)
	category := pick(r, zhengzhi.Categories.Values...)
	var enterpriseID any
	if e != nil {
		category, enterpriseID = e.category, e.id
	}
	var assessed, disposed day
	var level, disposition any
	if r.chance(0.55 + 0.45*d) {
		if r.chance(0.3 + 0.7*d) {
			assessed = received + day(r.between(0, 7))
		} else {
			assessed = received + day(r.between(8, 40))
		}
	}
	if assessed > b.until {
		assessed = 0
	}
	if assessed != 0 {
		level = weighted(r, zhengzhi.RiskLevels.Values, []int{50, 35, 15})
		disp := weighted(r, zhengzhi.Dispositions.Values, []int{30, 30, 20, 5, 15})
		disposition = disp
		if disp != "monitor" {
			if disposed = assessed + day(r.between(0, 20)); disposed > b.until {
				disposed = 0
			}
		}
	}
	return row{nil, unit, received.String(),
		weighted(r, zhengzhi.SignalSources.Values, []int{30, 25, 15, 5, 15, 10}), category, enterpriseID,
		pick(r, signalSummaries[category]...), date(assessed), level, disposition, date(disposed),
		r.stamp(latest(received, assessed, disposed)), 0}
}

// activities writes the 'six ones' (六个一) as the city and each county carried them out.
func (b *bureau) activities(tw *tableWriter, r *rnd) error {
	w := b.world
	p := w.profile
	for _, action := range zhengzhi.Actions.Values {
		started := campaignStart + day(r.between(0, 30))
		completed := started + day(r.between(20, 60))
		var experts, projects any
		escalated, plan := false, false
		notes := "市局统一部署"
		switch action {
		case "analysis_meeting":
			if p.meeting == meetingNotHeld {
				continue
			}
			completed = started
			experts, projects = r.between(2, 6), r.between(1, 4)
			if p.meeting == meetingWithoutExperts {
				experts = 0
			}
			escalated = r.chance(0.5)
			notes = "召开全市重点工业产品安全隐患分析大会"
		case "screening":
			plan = p.emergencyPlan // the plan is drawn up with the screening's deployment
			notes = "印发隐患排查工作方案及应急预案"
		}
		if completed > b.until || action != "analysis_meeting" && action != "screening" && r.chance(0.25) {
			completed, plan = 0, false // still under way
		}
		if err := tw.addNew(b.unit.Code, row{nil, b.unit.Code, action, started.String(), date(completed), experts,
			projects, flag(escalated), flag(plan), notes, r.stamp(latest(started, completed)), 0}); err != nil {
			return err
		}
	}
	for k := range w.counties {
		c := &w.counties[k]
		d := c.diligence
		for _, action := range zhengzhi.Actions.Values {
			var experts, projects any
			plan := false
			switch action {
			case "supervision":
				// A county supervises its own towns; the assessments score the city's visits.
				if !r.chance(0.5) {
					continue
				}
			case "self_inspection":
				if !r.chance(0.55 + 0.45*d) {
					continue
				}
			case "analysis_meeting":
				if !r.chance(0.5) {
					continue
				}
				experts, projects = r.between(0, 3), r.between(0, 2)
			case "screening":
				plan = r.chance(0.4 + 0.6*d)
			}
			started := campaignStart + day(r.between(3, 45))
			completed := started + day(r.between(10, 40+int((1-d)*60)))
			if completed > b.until {
				completed, plan = 0, false
			}
			if err := tw.addNew(c.unit.Code, row{nil, c.unit.Code, action, started.String(), date(completed),
				experts, projects, 0, flag(plan), nil, r.stamp(latest(started, completed)), 0}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *bureau) citySupervisionVisits(tw *tableWriter, r *rnd) error {
	w := b.world
	for k := range w.counties {
		c := &w.counties[k]
		if !r.chance(0.35 + 0.65*w.profile.diligence) {
			continue
		}
		for n := r.between(1, 2); n > 0; n-- {
			if err := tw.addNew(c.unit.Code, b.visit(r, b.unit.Code, c.unit.Code, false, b.campaignDay(r), c.diligence)); err != nil {
				return err
			}
		}
	}
	return nil
}

// visit is one supervision visit of a county.
func (b *bureau) visit(r *rnd, inspector, county string, random bool, on day, d float64) row {
	checked := r.between(2, 20)
	cleared := checked - int(float64(checked)*(1-d)*r.Float64())
	return row{nil, inspector, county, on.String(), flag(random), r.between(3, 15), checked, cleared,
		r.between(0, 6), r.stamp(on), 0}
}

// progressDue is the due date of a month's progress report: the 5th of the next month.
func progressDue(month day) day { return month.AddMonths(1) + 4 }

// submissions writes what the city and its counties sent the province: the
// plan, monthly progress (mostly on time, some late, some missing) and
// typical experience, some of it adopted.
func (b *bureau) submissions(tw *tableWriter, r *rnd) error {
	w := b.world
	units := []struct {
		code string
		d    float64
	}{{b.unit.Code, w.profile.diligence}}
	for _, c := range w.counties {
		units = append(units, struct {
			code string
			d    float64
		}{c.unit.Code, c.diligence})
	}
	period := func(d day) string { return d.String()[:7] }
	for _, u := range units {
		add := func(kind, per string, on day, adopted bool) error {
			return tw.addNew(u.code, row{nil, u.code, kind, per, on.String(), flag(adopted), r.stamp(on), 0})
		}
		if err := add("plan", period(campaignStart), campaignStart+day(r.between(3, 20)), false); err != nil {
			return err
		}
		for m := campaignStart; progressDue(m) <= b.until; m = m.AddMonths(1) {
			due := progressDue(m)
			var on day
			switch {
			case r.chance(0.5 + 0.5*u.d):
				on = due - day(r.between(0, 4))
			case r.chance(0.5):
				on = due + day(r.between(1, 12))
			}
			if on == 0 || on > b.until {
				continue // missing
			}
			if err := add("progress", period(m), on, false); err != nil {
				return err
			}
		}
		if r.chance(0.3) {
			on := b.campaignDay(r)
			if err := add("experience", period(on), on, u.d >= 0.8 && r.chance(0.4)); err != nil {
				return err
			}
		}
		if r.chance(0.05) {
			on := b.campaignDay(r)
			if err := add("major_issue", period(on), on, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// incidents writes a few general incidents and the profile's larger and major ones.
func (b *bureau) incidents(tw *tableWriter, r *rnd) error {
	w := b.world
	add := func(level string, direct bool) error {
		c := &w.counties[r.IntN(len(w.counties))]
		e := w.someEnterprise(r, c)
		on := r.dayIn(campaignStart+20, b.until-10)
		summary := e.name + pick(r, incidentSummaries[e.category]...)
		return tw.addNew(c.unit.Code, row{nil, c.unit.Code, on.String(), level, e.category, e.id, flag(direct),
			flag(level != "general" && r.chance(0.3)), summary, r.stamp(on), 0})
	}
	for n := 1 + int(0.005*float64(w.enterprises)); n > 0; n-- {
		if err := add("general", r.chance(0.2)); err != nil {
			return err
		}
	}
	for n := w.profile.largerIncidents; n > 0; n-- {
		if err := add("larger", true); err != nil {
			return err
		}
	}
	if w.profile.majorIncident {
		return add("major", true)
	}
	return nil
}
