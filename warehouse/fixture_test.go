package warehouse_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

// testRegistry is a small province: 东川市 with two counties and an
// abolished one, 临江市 with one county.
const testRegistry = `
province: {code: "990000", name: 东川省}
cities:
  - code: "990100"
    name: 东川市
    counties:
      - {code: "990102", name: 杏山区}
      - {code: "990121", name: 云水县}
      - {code: "990199", name: 旧城县, abolished: true}
  - code: "990200"
    name: 临江市
    counties:
      - {code: "990202", name: 鹤盛区}
`

func registry(t testing.TB) *zhengzhi.Registry {
	t.Helper()
	reg, err := zhengzhi.ParseRegistry([]byte(testRegistry))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

var (
	windowStart = zhengzhi.NewDate(2026, 8, 1)
	asOf        = zhengzhi.NewDate(2026, 11, 30)
)

// row is one warehouse row to insert: its columns besides the bookkeeping
// ones (updated_at, deleted, pull_id), which insert fills in.
type row map[string]any

func openWarehouse(t testing.TB, dsn string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// insert writes rows into a contract table of the warehouse.
func insert(t testing.TB, w *warehouse.Warehouse, table string, rows ...row) {
	t.Helper()
	for _, r := range rows {
		full := row{"updated_at": time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC), "deleted": 0, "pull_id": 1}
		for k, v := range r {
			full[k] = v
		}
		var cols []string
		for k := range full {
			cols = append(cols, k)
		}
		sort.Strings(cols)
		args := make([]any, len(cols))
		for i, c := range cols {
			args[i] = full[c]
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		query := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + marks + ")"
		if _, err := warehouse.DBForTest(w).ExecContext(context.Background(), warehouse.DBForTest(w).Rebind(query), args...); err != nil {
			t.Fatalf("insert into %s %v: %v", table, r, err)
		}
	}
}

func enterprise(bureau, id, county, category, license string, producing, deleted int) row {
	return row{"bureau": bureau, "id": id, "uscc": "91990100MA00000000", "name": "企业" + id,
		"county_code": county, "category": category, "license_status": license, "producing": producing, "deleted": deleted}
}

// seedCampaign writes the hand-built campaign the tests' expected numbers
// were worked out from; each row's comment says why it counts or not, as of
// 2026-11-30 with the window opening 2026-08-01.
func seedCampaign(t testing.TB, w *warehouse.Warehouse) {
	t.Helper()
	var null any
	insert(t, w, "enterprises",
		enterprise("990100", "E1", "990102", "wire_cable", "valid", 1, 0),        // screened in W
		enterprise("990100", "E2", "990102", "hazchem", "valid", 1, 0),           // screened before W only
		enterprise("990100", "E3", "990121", "wire_cable", "valid", 1, 0),        // screened after D; a withdrawn screening in W
		enterprise("990100", "E4", "990121", "explosion_proof", "revoked", 1, 0), // not active
		enterprise("990100", "E5", "990121", "hazchem", "valid", 0, 0),           // not producing
		enterprise("990100", "E6", "990102", "wire_cable", "valid", 1, 1),        // withdrawn
		enterprise("990200", "E7", "990202", "hazchem_packaging", "suspended", 1, 0),
		enterprise("990000", "E8", "990102", "wire_cable", "valid", 1, 0), // the province's own record
	)
	screening := func(bureau, id, ent, on string, deleted int) row {
		return row{"bureau": bureau, "id": id, "enterprise_id": ent, "screened_on": on, "kind": "onsite",
			"inspector_unit": bureau, "deleted": deleted}
	}
	insert(t, w, "screenings",
		screening("990100", "C1", "E1", "2026-09-01", 0),
		screening("990100", "C2", "E2", "2026-07-15", 0),
		screening("990100", "C3", "E3", "2026-12-05", 0),
		screening("990100", "C4", "E3", "2026-09-05", 1),
		screening("990200", "C5", "E7", "2026-08-01", 0),
		screening("990000", "C6", "E8", "2026-11-30", 0),
		screening("990100", "C7", "E4", "2026-09-05", 0),
	)
	hazard := func(id, ent, severity, found, deadline, status string, rectified, verified any, enforcement string, deleted int) row {
		return row{"bureau": "990100", "id": id, "enterprise_id": ent, "source": "screening", "found_on": found,
			"severity": severity, "description": "隐患" + id, "deadline": deadline, "status": status,
			"rectified_on": rectified, "verified_on": verified, "enforcement": enforcement, "license_action": "none", "deleted": deleted}
	}
	insert(t, w, "hazards",
		hazard("H1", "E1", "general", "2026-08-10", "2026-09-10", "verified", "2026-09-01", "2026-09-20", "none", 0),
		hazard("H2", "E1", "major", "2026-09-01", "2026-10-01", "open", null, null, "none", 0),
		hazard("H3", "E3", "general", "2026-10-01", "2026-11-30", "rectifying", null, null, "none", 0), // deadline = D: not overdue
		hazard("H4", "E3", "major", "2026-10-05", "2026-10-20", "rectified", "2026-12-02", null, "none", 0),
		hazard("H5", "E2", "general", "2026-08-20", "2026-09-20", "refused", null, null, "case_filed", 0),
		hazard("H6", "E2", "general", "2026-07-30", "2026-08-20", "refused", null, null, "none", 0), // before W
		hazard("H7", "E1", "general", "2026-09-01", "2026-09-02", "open", null, null, "none", 1),    // withdrawn
		hazard("H8", "E6", "general", "2026-09-01", "2026-09-02", "open", null, null, "none", 0),    // withdrawn enterprise
		hazard("H10", "E3", "general", "2026-12-01", "2026-12-20", "open", null, null, "none", 0),   // after D
		hazard("H11", "E3", "general", "2026-11-10", "2026-11-20", "refused", null, null, "none", 0),
	)
	insert(t, w, "hazards", row{"bureau": "990200", "id": "H9", "enterprise_id": "E7", "source": "sampling",
		"found_on": "2026-11-01", "severity": "general", "description": "标识不全", "deadline": "2026-12-31",
		"status": "rectified", "rectified_on": "2026-11-20", "verified_on": null, "enforcement": "none", "license_action": "none"})

	sampling := func(id, unit, on, channel, category, result string, traced int, handled any, exposed, deleted int) row {
		return row{"bureau": unit[:4] + "00", "id": id, "unit_code": unit, "batch_no": "B" + id, "sampled_on": on,
			"channel": channel, "category": category, "plan": "city", "result": result, "traced": traced,
			"handled_on": handled, "exposed": exposed, "deleted": deleted}
	}
	insert(t, w, "samplings",
		sampling("S1", "990102", "2026-09-01", "ecommerce", "wire_cable", "fail", 1, "2026-10-01", 1, 0),
		sampling("S2", "990102", "2026-09-02", "retail", "wire_cable", "fail", 0, null, 0, 0),
		sampling("S3", "990102", "2026-09-03", "producer", "hazchem", "fail", 0, "2026-12-10", 1, 0),
		sampling("S4", "990100", "2026-10-01", "producer", "explosion_proof", "pass", 0, null, 0, 0),
		sampling("S5", "990000", "2026-11-30", "ecommerce", "hazchem", "pass", 0, null, 0, 0),
		sampling("S6", "990121", "2026-07-31", "retail", "hazchem", "pending", 0, null, 0, 0),
		sampling("S7", "990202", "2026-09-01", "retail", "wire_cable", "pass", 0, null, 0, 1),
		sampling("S8", "990202", "2026-08-15", "ecommerce", "hazchem_packaging", "pass", 0, null, 0, 0),
	)
	activity := func(id, unit, action string, completed, experts, projects any, escalated, deleted int) row {
		return row{"bureau": unit[:4] + "00", "id": id, "unit_code": unit, "action": action, "started_on": "2026-08-01",
			"completed_on": completed, "experts": experts, "monitoring_projects": projects, "escalated": escalated,
			"emergency_plan": 0, "deleted": deleted}
	}
	insert(t, w, "activities",
		activity("A1", "990100", "analysis_meeting", "2026-09-15", 3, 2, 1, 0),
		activity("A2", "990102", "analysis_meeting", "2026-10-10", 0, 1, 0, 0), // no expert: no meeting
		activity("A3", "990121", "analysis_meeting", "2026-12-05", 2, 4, 1, 0), // after D
		activity("A4", "990102", "self_inspection", "2026-10-01", null, null, 0, 0),
		activity("A5", "990121", "self_inspection", null, null, null, 0, 0),
		activity("A6", "990199", "self_inspection", "2026-10-01", null, null, 0, 0), // abolished county
		activity("A7", "990202", "analysis_meeting", "2026-11-01", 2, 0, 0, 0),
		activity("A8", "990102", "analysis_meeting", "2026-11-02", 1, null, 0, 1), // withdrawn
		activity("A9", "990100", "analysis_meeting", "2026-08-20", 2, null, 0, 0),
	)
	point := func(id, county, level, identified string, zeroed, measure any, briefed, deleted int) row {
		return row{"bureau": county[:4] + "00", "id": id, "county_code": county, "identified_on": identified, "level": level,
			"description": "风险点" + id, "zeroed_on": zeroed, "measure": measure, "briefing_held": briefed, "deleted": deleted}
	}
	p1 := point("P1", "990102", "general", "2026-08-05", "2026-10-01", "rectified", 1, 0)
	p1["enterprise_id"] = "E1"
	insert(t, w, "risk_points",
		p1,
		point("P2", "990102", "major", "2026-08-05", null, null, 0, 0),
		point("P3", "990121", "major", "2026-06-05", "2026-11-15", "closed", 1, 0),
		point("P4", "990121", "general", "2026-09-05", "2026-12-03", "rectified", 0, 0), // zeroed after D
		point("P5", "990121", "general", "2026-12-01", null, null, 0, 0),                // identified after D
		point("P6", "990202", "general", "2026-08-05", "2026-09-09", "assisted", 1, 0),
		point("P7", "990102", "general", "2026-08-05", null, null, 0, 1),
	)
	visit := func(id, inspector, inspected, on string, random, ents, checked, cleared, problems, deleted int) row {
		return row{"bureau": inspector, "id": id, "inspector_unit": inspector, "inspected_unit": inspected, "visited_on": on,
			"random_pick": random, "enterprises_visited": ents, "hazards_checked": checked,
			"hazards_confirmed_cleared": cleared, "problems_found": problems, "deleted": deleted}
	}
	insert(t, w, "supervision_visits",
		visit("V1", "990100", "990102", "2026-09-10", 0, 3, 5, 4, 2, 0),
		visit("V2", "990000", "990121", "2026-10-10", 1, 2, 2, 2, 0, 0),
		visit("V3", "990100", "990121", "2026-07-10", 0, 1, 1, 1, 1, 0), // before W
		visit("V4", "990200", "990202", "2026-11-30", 0, 1, 1, 0, 1, 0),
		visit("V5", "990100", "990102", "2026-10-10", 0, 1, 1, 1, 1, 1), // withdrawn
		visit("V6", "990000", "990102", "2026-11-11", 0, 1, 0, 0, 0, 0),
	)
	followup := func(bureau, id, ent string, fails int, ordered, rechecked, done any, status string, deleted int) row {
		return row{"bureau": bureau, "id": id, "enterprise_id": ent, "first_failed_year": 2025, "fail_count": fails,
			"last_failed_on": "2026-06-01", "ordered_on": ordered, "rechecked_on": rechecked, "followup_status": status,
			"followup_done_on": done, "deleted": deleted}
	}
	insert(t, w, "nonconforming",
		followup("990100", "N1", "E1", 1, "2026-08-01", "2026-10-01", "2026-10-05", "closed", 0),
		followup("990100", "N2", "E2", 2, "2026-09-01", null, null, "rectifying", 0), // recheck due 11-15: overdue
		followup("990100", "N3", "E3", 3, "2026-09-20", "2026-12-01", "2026-11-01", "rechecked_pass", 0),
		followup("990200", "N4", "E7", 1, null, null, null, "pending", 0),
		followup("990100", "N5", "E5", 2, "2026-09-15", "2026-12-01", null, "rectifying", 0), // due 11-29: overdue
		followup("990100", "N6", "E1", 1, "2026-08-01", null, null, "pending", 1),
		followup("990100", "N7", "E3", 1, "2026-09-16", null, null, "rectifying", 0), // due 11-30 = D: not yet overdue
	)
	signal := func(id, unit, received string, assessed, level, disposition, disposed any, deleted int) row {
		return row{"bureau": unit[:4] + "00", "id": id, "unit_code": unit, "received_on": received, "source": "complaint",
			"category": "wire_cable", "summary": "线索" + id, "assessed_on": assessed, "risk_level": level,
			"disposition": disposition, "disposed_on": disposed, "deleted": deleted}
	}
	insert(t, w, "risk_signals",
		signal("R1", "990102", "2026-09-01", "2026-09-08", "high", "inspect", "2026-09-20", 0), // 7 days: timely
		signal("R2", "990102", "2026-09-01", "2026-09-09", "low", "monitor", null, 0),          // 8 days: late
		signal("R3", "990100", "2026-11-25", "2026-12-01", "medium", "sample", null, 0),        // assessed after D
		signal("R4", "990000", "2026-10-10", null, null, null, null, 0),
		signal("R5", "990202", "2026-08-01", "2026-08-01", "high", "closed", "2026-08-01", 0),
		signal("R6", "990121", "2026-07-31", "2026-08-01", "low", "closed", null, 0),
		signal("R7", "990121", "2026-10-01", "2026-10-02", "low", "closed", null, 1),
	)
}

// TestReportQueriesOnEveryEngine seeds one warehouse per engine with the
// hand-built campaign and checks every report query against it; one
// database per engine keeps the run short.
func TestReportQueriesOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		w := openWarehouse(t, dsn)
		seedCampaign(t, w)
		for _, check := range []struct {
			name string
			run  func(*testing.T, *warehouse.Warehouse)
		}{
			{"six ones, province", checkSixOnesProvince},
			{"six ones, city adds up", checkSixOnesCityAddsUp},
			{"six ones, city within province", checkSixOnesCityWithinProvince},
			{"hazard ledger", checkHazardLedger},
			{"follow-up ledger", checkFollowupLedger},
			{"risk point ledger", checkRiskPointLedger},
		} {
			t.Run(check.name, func(t *testing.T) { check.run(t, w) })
		}
	})
}
