package seed

import (
	"strings"
	"testing"

	"zhengzhi"
)

// live is the rows of a table that count: not withdrawn.
func live(rs []map[string]value) []map[string]value {
	var out []map[string]value
	for _, r := range rs {
		if integer(r["deleted"]) == 0 {
			out = append(out, r)
		}
	}
	return out
}

func TestEnterpriseNames(t *testing.T) {
	supplementary, rare := 0, 0
	for _, b := range demoRows(t) {
		for _, r := range b["enterprises"] {
			name := text(r["name"])
			for _, c := range name {
				if c > 0xFFFF {
					supplementary++
					break
				}
			}
			if strings.ContainsAny(name, "堃喆镕") {
				rare++
			}
			if !strings.HasSuffix(name, "公司") {
				t.Errorf("enterprise %v: name %q is not a company name", r["id"], name)
			}
		}
	}
	if supplementary != 1 {
		t.Errorf("%d enterprise names hold a character above U+FFFF, want exactly 1", supplementary)
	}
	if rare == 0 {
		t.Error("no enterprise name uses 堃, 喆 or 镕")
	}
}

func TestEveryCountyHasItsEnterprises(t *testing.T) {
	rows := demoRows(t)
	for _, city := range demo.reg.Units(zhengzhi.LevelCity) {
		categories := map[string]map[string]bool{}
		idle, closed := 0, 0
		for _, r := range live(rows[city.Code]["enterprises"]) {
			county := text(r["county_code"])
			if categories[county] == nil {
				categories[county] = map[string]bool{}
			}
			categories[county][text(r["category"])] = true
			if integer(r["producing"]) == 0 {
				idle++
			}
			if s := text(r["license_status"]); s == "revoked" || s == "cancelled" {
				closed++
			}
		}
		for _, c := range demo.reg.Counties(city.Code) {
			if !c.Abolished && len(categories[c.Code]) < 4 {
				t.Errorf("county %s: enterprises in %d categories, want all 4", c.Code, len(categories[c.Code]))
			}
		}
		if idle == 0 || closed == 0 {
			t.Errorf("city %s: %d enterprises not producing, %d with licences revoked or cancelled; want some of each",
				city.Code, idle, closed)
		}
	}
}

func TestCitiesDifferInDiligence(t *testing.T) {
	rows := demoRows(t)
	major, larger := 0, 0
	best, worst := 0.0, 1.0
	overdueCities, meetings, plans := 0, 0, 0
	statuses := map[string]bool{}
	for _, city := range demo.reg.Units(zhengzhi.LevelCity) {
		b := rows[city.Code]
		cityMajor := false
		for _, r := range live(b["incidents"]) {
			if integer(r["direct_responsibility"]) != 1 {
				continue
			}
			switch text(r["level"]) {
			case "major":
				cityMajor = true
			case "larger":
				larger++
			}
		}
		if cityMajor {
			major++
		}
		rectified, found, overdue := 0, 0, 0
		for _, r := range live(b["hazards"]) {
			statuses[text(r["status"])] = true
			found++
			if r["rectified_on"] != nil {
				rectified++
			}
			if text(r["severity"]) == "major" && r["rectified_on"] == nil && text(r["deadline"]) < "2026-11-24" {
				overdue++
			}
		}
		rate := float64(rectified) / float64(found)
		best, worst = max(best, rate), min(worst, rate)
		if overdue > 0 {
			overdueCities++
		}
		for _, r := range live(b["activities"]) {
			if text(r["unit_code"]) != city.Code {
				continue
			}
			if text(r["action"]) == "analysis_meeting" && integer(r["experts"]) >= 1 {
				meetings++
			}
			if integer(r["emergency_plan"]) == 1 && r["completed_on"] != nil {
				plans++
			}
		}
	}
	if major != 1 {
		t.Errorf("%d cities have a major incident with direct responsibility, want 1 (the veto)", major)
	}
	if larger < 1 || larger > 2 {
		t.Errorf("%d larger incidents with direct responsibility, want 1 or 2", larger)
	}
	if best-worst < 0.2 {
		t.Errorf("hazard rectification ranges only from %.2f to %.2f across cities", worst, best)
	}
	if best < 0.9 {
		t.Errorf("the best city rectified only %.2f of its hazards; a couple should be near full marks", best)
	}
	if overdueCities < 2 || overdueCities == 12 {
		t.Errorf("%d cities have overdue major hazards, want some but not all", overdueCities)
	}
	if meetings < 8 || meetings == 12 || plans < 8 || plans == 12 {
		t.Errorf("%d cities held an analysis meeting with experts and %d have an emergency plan; want most, not all",
			meetings, plans)
	}
	for _, s := range zhengzhi.HazardStatuses.Values {
		if !statuses[s] {
			t.Errorf("no hazard has status %s", s)
		}
	}
}

func TestZonedCountiesHaveRepeatOffenders(t *testing.T) {
	rows := demoRows(t)
	zoned := map[string]bool{}
	for code := range demo.reg.Zones[campaignYear] {
		zoned[code] = true
	}
	repeat, notFollowed := 0, 0
	for _, city := range demo.reg.Units(zhengzhi.LevelCity) {
		county := map[string]string{}
		for _, e := range rows[city.Code]["enterprises"] {
			county[text(e["id"])] = text(e["county_code"])
		}
		for _, r := range live(rows[city.Code]["nonconforming"]) {
			if zoned[county[text(r["enterprise_id"])]] && integer(r["fail_count"]) >= 2 {
				repeat++
				if r["followup_done_on"] == nil {
					notFollowed++
				}
			}
		}
	}
	if repeat == 0 || notFollowed == 0 || notFollowed == repeat {
		t.Errorf("zoned counties: %d repeat offenders, %d not followed up; want some of both", repeat, notFollowed)
	}
}

func TestSubmissionsAreOnTimeLateOrMissing(t *testing.T) {
	rows := demoRows(t)
	due := map[string]string{"2026-08": "2026-09-05", "2026-09": "2026-10-05", "2026-10": "2026-11-05"}
	onTime, late, units, adopted := 0, 0, 0, 0
	for _, city := range demo.reg.Units(zhengzhi.LevelCity) {
		units += 1 + len(demo.reg.Counties(city.Code))
		for _, r := range live(rows[city.Code]["submissions"]) {
			switch text(r["kind"]) {
			case "progress":
				d, ok := due[text(r["period"])]
				if !ok {
					t.Errorf("progress submission %v for period %v, want 2026-08 … 2026-10", r["id"], r["period"])
				}
				if text(r["submitted_on"]) <= d {
					onTime++
				} else {
					late++
				}
			case "experience":
				adopted += int(integer(r["adopted"]))
			}
		}
	}
	missing := 3*units - onTime - late
	if late == 0 || missing <= 0 || onTime < 2*units {
		t.Errorf("progress reports: %d on time, %d late, %d missing; want most on time, some late, some missing",
			onTime, late, missing)
	}
	if adopted == 0 {
		t.Error("no experience submission was adopted")
	}
}

func TestProvinceOfficeHoldsItsOwnWork(t *testing.T) {
	b := demoRows(t)[demo.reg.Province.Code]
	for _, r := range live(b["samplings"]) {
		if text(r["plan"]) != "province_followup" {
			t.Errorf("province sampling %v has plan %v, want province_followup", r["id"], r["plan"])
		}
	}
	drawn := 0
	for _, r := range live(b["supervision_visits"]) {
		if text(r["inspector_unit"]) != demo.reg.Province.Code {
			t.Errorf("province visit %v by %v", r["id"], r["inspector_unit"])
		}
		if u, _ := demo.reg.Unit(text(r["inspected_unit"])); u.Level != zhengzhi.LevelCounty {
			t.Errorf("province visit %v of %v, not a county", r["id"], r["inspected_unit"])
		}
		drawn += int(integer(r["random_pick"]))
	}
	if drawn == 0 {
		t.Error("the province visited no county drawn at random")
	}
}
