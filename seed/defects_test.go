package seed

import (
	"strings"
	"testing"
	"time"

	"zhengzhi"
)

// checkCtx is what a row check knows of the bureau the row came from.
type checkCtx struct {
	unit        zhengzhi.Unit
	reg         *zhengzhi.Registry
	enterprises map[string]bool
	until       time.Time
}

// rowCheck finds, independently of the generator, the rows that break the
// contract one way. kinds are the defects whose rows it must find — all of
// them, and nothing else: a good row it flags is a generator bug.
type rowCheck struct {
	name  string
	kinds []string
	bad   func(c *checkCtx, table string, r map[string]value) bool
}

// eventDates are the columns that record something that happened (the
// deadline is not one: it may lie ahead).
var eventDates = map[string][]string{
	"screenings":         {"screened_on"},
	"hazards":            {"found_on", "rectified_on", "verified_on"},
	"samplings":          {"sampled_on", "handled_on"},
	"nonconforming":      {"last_failed_on", "ordered_on", "rechecked_on", "followup_done_on"},
	"dormant_checks":     {"checked_on"},
	"risk_signals":       {"received_on", "assessed_on", "disposed_on"},
	"risk_points":        {"identified_on", "zeroed_on"},
	"activities":         {"started_on", "completed_on"},
	"supervision_visits": {"visited_on"},
	"submissions":        {"submitted_on"},
	"incidents":          {"occurred_on"},
}

var enumColumns = map[string]map[string]zhengzhi.Enum{
	"enterprises": {"category": zhengzhi.Categories, "license_status": zhengzhi.LicenseStatuses},
	"screenings":  {"kind": zhengzhi.ScreeningKinds},
	"hazards": {"source": zhengzhi.HazardSources, "severity": zhengzhi.Severities, "status": zhengzhi.HazardStatuses,
		"enforcement": zhengzhi.Enforcements, "license_action": zhengzhi.LicenseActions},
	"samplings": {"channel": zhengzhi.SamplingChannels, "category": zhengzhi.Categories,
		"plan": zhengzhi.SamplingPlans, "result": zhengzhi.SamplingResults},
	"nonconforming":  {"followup_status": zhengzhi.FollowupStatuses},
	"dormant_checks": {"kind": zhengzhi.DormantCheckKinds, "finding": zhengzhi.DormantFindings},
	"risk_signals": {"source": zhengzhi.SignalSources, "category": zhengzhi.Categories,
		"risk_level": zhengzhi.RiskLevels, "disposition": zhengzhi.Dispositions},
	"risk_points": {"level": zhengzhi.PointLevels, "measure": zhengzhi.PointMeasures},
	"activities":  {"action": zhengzhi.Actions},
	"submissions": {"kind": zhengzhi.SubmissionKinds},
	"incidents":   {"level": zhengzhi.IncidentLevels, "category": zhengzhi.Categories},
}

var flagColumns = map[string][]string{
	"enterprises":        {"producing"},
	"samplings":          {"traced", "exposed"},
	"risk_points":        {"briefing_held"},
	"activities":         {"escalated", "emergency_plan"},
	"supervision_visits": {"random_pick"},
	"submissions":        {"adopted"},
	"incidents":          {"direct_responsibility", "systemic"},
}

// outOfOrder is true when both dates are readable and then lies before first.
func outOfOrder(r map[string]value, first, then string) bool {
	a, okA := dateOf(r[first])
	b, okB := dateOf(r[then])
	return okA && okB && b.Before(a)
}

func orderCheck(kind, table, first, then string) rowCheck {
	return rowCheck{name: table + "." + first + " ≤ " + then, kinds: kindsOrNone(kind),
		bad: func(c *checkCtx, t string, r map[string]value) bool { return t == table && outOfOrder(r, first, then) }}
}

func kindsOrNone(kind string) []string {
	if kind == "" {
		return nil
	}
	return []string{kind}
}

func usccCheck(kind string, bad func(u string) bool) rowCheck {
	return rowCheck{name: "uscc " + kind, kinds: []string{kind}, bad: func(c *checkCtx, t string, r map[string]value) bool {
		return t == "enterprises" && bad(text(r["uscc"]))
	}}
}

var rowChecks = []rowCheck{
	{name: "unreadable date", kinds: []string{"date_unreadable", "date_compact", "date_words", "date_slashes"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			cols := append([]string{"deadline"}, eventDates[t]...)
			for _, col := range cols {
				if s := text(r[col]); s != "" {
					if _, ok := dateOf(s); !ok {
						return true
					}
				}
			}
			return false
		}},
	{name: "event date in the future", kinds: []string{"date_future"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for _, col := range eventDates[t] {
				if d, ok := dateOf(r[col]); ok && d.After(c.until) {
					return true
				}
			}
			return false
		}},
	usccCheck("uscc_alphabet", func(u string) bool {
		return len(u) == 18 && strings.ContainsAny(u, "IOZSV") && strings.ToUpper(u) == u
	}),
	usccCheck("uscc_lowercase", func(u string) bool { return strings.ToUpper(u) != u }),
	usccCheck("uscc_length", func(u string) bool { return len(u) != 18 }),
	usccCheck("uscc_check_digit", func(u string) bool { ok, checkOK := zhengzhi.ValidUSCC(u); return ok && !checkOK }),
	{name: "producer code", bad: func(c *checkCtx, t string, r map[string]value) bool {
		ok, checkOK := zhengzhi.ValidUSCC(text(r["producer_uscc"]))
		return t == "samplings" && r["producer_uscc"] != nil && !(ok && checkOK)
	}},
	{name: "unknown enum value", kinds: []string{"enum_category", "enum_hazard_status", "enum_channel",
		"enum_followup_status", "enum_finding", "enum_signal_source", "enum_measure", "enum_action",
		"enum_submission_kind", "enum_incident_level"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for col, e := range enumColumns[t] {
				if v := r[col]; v != nil && !e.Has(text(v)) {
					return true
				}
			}
			return false
		}},
	{name: "flag not 0/1", kinds: []string{"flag_producing", "flag_traced", "flag_emergency_plan", "flag_random_pick"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for _, col := range append([]string{"deleted"}, flagColumns[t]...) {
				if n := integer(r[col]); n != 0 && n != 1 {
					return true
				}
			}
			return false
		}},
	orderCheck("order_rectified_before_found", "hazards", "found_on", "rectified_on"),
	orderCheck("order_verified_before_rectified", "hazards", "rectified_on", "verified_on"),
	orderCheck("order_deadline_before_found", "hazards", "found_on", "deadline"),
	orderCheck("order_zeroed_before_identified", "risk_points", "identified_on", "zeroed_on"),
	orderCheck("order_completed_before_started", "activities", "started_on", "completed_on"),
	orderCheck("order_followup_before_ordered", "nonconforming", "ordered_on", "followup_done_on"),
	orderCheck("order_assessed_before_received", "risk_signals", "received_on", "assessed_on"),
	orderCheck("", "nonconforming", "last_failed_on", "ordered_on"),
	orderCheck("", "nonconforming", "ordered_on", "rechecked_on"),
	orderCheck("", "risk_signals", "assessed_on", "disposed_on"),
	orderCheck("", "samplings", "sampled_on", "handled_on"),
	{name: "dangling enterprise", kinds: []string{"enterprise_dangling"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for _, col := range []string{"enterprise_id", "producer_enterprise_id"} {
				if id := text(r[col]); id != "" && !c.enterprises[id] {
					return true
				}
			}
			return false
		}},
	{name: "county of another city", kinds: []string{"county_other_city", "unit_other_city"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			if c.unit.Level != zhengzhi.LevelCity {
				return false
			}
			for _, col := range unitColumns[t] {
				if city, ok := c.reg.CityOf(text(r[col])); ok && city != c.unit.Code {
					return true
				}
			}
			return false
		}},
	{name: "unit not in the registry", kinds: []string{"county_unknown"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for _, col := range unitColumns[t] {
				if _, ok := c.reg.Unit(text(r[col])); !ok {
					return true
				}
			}
			return false
		}},
	{name: "abolished county", kinds: []string{"county_abolished"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			for _, col := range unitColumns[t] {
				if u, ok := c.reg.Unit(text(r[col])); ok && u.Abolished {
					return true
				}
			}
			return false
		}},
	{name: "cleared above checked", kinds: []string{"cleared_above_checked"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			return t == "supervision_visits" && integer(r["hazards_confirmed_cleared"]) > integer(r["hazards_checked"])
		}},
	{name: "fail count below 1", kinds: []string{"fail_count_zero"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			return t == "nonconforming" && integer(r["fail_count"]) < 1
		}},
	{name: "verified without verified_on", kinds: []string{"verified_without_date"},
		bad: func(c *checkCtx, t string, r map[string]value) bool {
			return t == "hazards" && text(r["status"]) == "verified" && r["verified_on"] == nil
		}},
	{name: "status and rectified_on disagree", bad: func(c *checkCtx, t string, r map[string]value) bool {
		if t != "hazards" {
			return false
		}
		switch text(r["status"]) {
		case "rectified", "verified":
			return r["rectified_on"] == nil
		case "open", "rectifying", "refused":
			return r["rectified_on"] != nil || r["verified_on"] != nil
		}
		return false
	}},
	{name: "withdrawn", kinds: []string{"soft_deleted"},
		bad: func(c *checkCtx, t string, r map[string]value) bool { return integer(r["deleted"]) == 1 }},
}

func TestEveryDefectIsPresentAndGoodRowsAreClean(t *testing.T) {
	rows := demoRows(t)
	covered := map[string]bool{}
	for _, ck := range rowChecks {
		want, got := 0, 0
		for _, k := range ck.kinds {
			covered[k] = true
			for _, b := range demo.summary {
				want += b.Defects[k]
			}
		}
		for _, b := range demo.summary {
			unit, _ := demo.reg.Unit(b.Unit)
			c := &checkCtx{unit: unit, reg: demo.reg, enterprises: map[string]bool{}, until: DefaultUntil.Midnight(time.UTC)}
			for _, e := range rows[b.Unit]["enterprises"] {
				c.enterprises[text(e["id"])] = true
			}
			for _, table := range Tables {
				for _, r := range rows[b.Unit][table] {
					if ck.bad(c, table, r) {
						got++
					}
				}
			}
		}
		if got != want {
			t.Errorf("check %q: %d rows found, want exactly the %d written as %v", ck.name, got, want, ck.kinds)
		}
	}
	// Every defect of the catalogue is written at least once and checked.
	for _, d := range append(defects, defect{kind: "soft_deleted"}) {
		n := 0
		for _, b := range demo.summary {
			n += b.Defects[d.kind]
		}
		if n == 0 {
			t.Errorf("defect %s (%v) was never written", d.kind, d.table)
		}
		if !covered[d.kind] {
			t.Errorf("defect %s has no independent check", d.kind)
		}
	}
}

func TestAboutOnePercentOfRowsAreBad(t *testing.T) {
	bad, total := 0, 0
	for _, b := range demo.summary {
		total += b.Total()
		for kind, n := range b.Defects {
			if kind != "soft_deleted" {
				bad += n
			}
		}
	}
	if share := float64(bad) / float64(total); share < 0.005 || share > 0.02 {
		t.Errorf("%d of %d rows are bad (%.2f%%), want about 1%%", bad, total, 100*share)
	}
}
