package warehouse_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// indicatorRegistry is two cities of two counties each, plus an abolished
// county of 临江市 that coverage indicators do not ask about.
const indicatorRegistry = `
province: {code: "990000", name: 东川省}
cities:
  - code: "990100"
    name: 东川市
    counties:
      - {code: "990102", name: 青石区}
      - {code: "990121", name: 云水县}
  - code: "990200"
    name: 临江市
    counties:
      - {code: "990202", name: 鹤盛区}
      - {code: "990221", name: 远山县}
      - {code: "990299", name: 旧城县, abolished: true}
`

// indicatorUnits is the column order of wantIndicators: the counties, then the cities.
var indicatorUnits = []string{"990102", "990121", "990202", "990221", "990299", "990100", "990200"}

// wantIndicators is every indicator of every unit as of D = 2026-11-30 with
// the window opening 2026-08-01, worked out by hand from seedIndicatorCase
// ("n/d" a ratio, "n" a count or flag). Each city is its counties plus its
// own rows; rows of the province office count for the unit they name.
var wantIndicators = map[string]string{
	//                               青石    云水   鹤盛   远山   旧城 |  东川市  临江市
	"screening_coverage":            "1/2   1/2   0/1   2/2   0/0  | 2/4   2/3",
	"hazards_found":                 "3     4     1     1     0    | 7     2",
	"hazard_rectification_rate":     "1/3   1/4   1/1   0/1   0/0  | 2/7   1/2",
	"hazard_closure_rate":           "1/3   0/4   1/1   0/1   0/0  | 1/7   1/2",
	"overdue_hazards":               "2     2     0     1     0    | 4     1",
	"overdue_major_hazards":         "1     1     0     0     0    | 2     0",
	"refusal_enforcement_rate":      "1/1   0/1   0/0   0/0   0/0  | 1/2   0/0",
	"sampling_batches":              "3     1     1     0     0    | 5     1",
	"sampling_completion":           "2/2   1/3   1/3   0/3   0/3  | 5/6   1/3",
	"failed_sample_trace_rate":      "1/2   0/0   0/0   0/0   0/0  | 2/3   0/0",
	"failed_sample_handling_rate":   "1/3   0/0   0/0   0/0   0/0  | 2/4   0/0",
	"nonconforming_followup_rate":   "1/2   1/2   0/1   1/1   0/0  | 2/4   1/2",
	"repeat_offender_followup_rate": "0/1   1/2   0/0   1/1   0/0  | 1/3   1/1",
	"overdue_followups":             "1     1     0     0     0    | 2     0",
	"dormant_tracking_rate":         "1/1   0/1   0/1   0/0   0/0  | 1/2   0/1",
	"risk_signal_assessment_rate":   "2/3   0/1   1/1   1/1   0/0  | 3/5   2/2",
	"risk_signal_timely_rate":       "1/3   0/1   1/1   0/1   0/0  | 2/5   1/2",
	"risk_point_zeroing_rate":       "1/2   0/1   1/1   0/1   0/0  | 1/3   1/2",
	"analysis_meeting_held":         "0     0     1     0     0    | 1     0",
	"monitoring_projects":           "1     0     0     0     0    | 2     3",
	"emergency_plan_in_place":       "1     1     0     0     0    | 0     1",
	"self_inspection_coverage":      "1/1   0/1   1/1   1/1   0/0  | 1/2   2/2",
	"supervision_coverage":          "1/1   0/1   0/1   0/1   0/0  | 1/2   0/2",
	"province_random_check":         "0     1     0     0     0    | 1     0",
	"submission_timeliness":         "1/2   0/2   0/2   1/2   0/2  | 1/2   2/2",
	"experience_adopted":            "0     0     1     0     0    | 1     1",
	"larger_incidents":              "1     0     0     1     0    | 1     1",
	"major_incidents":               "0     1     1     0     0    | 1     1",
}

// indicatorRuleSet is a rule set whose window ends on 2026-11-30, so that a
// run as of a later date is clamped to D = 2026-11-30.
func indicatorRuleSet(level zhengzhi.Level) *zhengzhi.RuleSet {
	day := func(s string) zhengzhi.Date { d, _ := zhengzhi.ParseDate(s); return d }
	return &zhengzhi.RuleSet{
		ID: "test-" + string(level), Level: level,
		Window: zhengzhi.Window{Start: day("2026-08-01"), End: day("2026-11-30")},
		Targets: map[string]zhengzhi.Target{
			"sampling_batches": {Default: 3, ByUnit: map[string]int64{"990100": 6, "990102": 2}},
		},
		Reporting: []zhengzhi.Reporting{
			{Kind: "progress", Period: "2026-08", Due: day("2026-09-05")},
			{Kind: "progress", Period: "2026-09", Due: day("2026-10-05")},
			{Kind: "progress", Period: "2026-11", Due: day("2026-12-05")}, // due after D: not asked yet
		},
	}
}

func TestIndicatorValuesByHandOnEveryEngine(t *testing.T) {
	t.Parallel()
	reg, err := zhengzhi.ParseRegistry([]byte(indicatorRegistry))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, in := range zhengzhi.Indicators {
		all = append(all, in.Name)
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		seedIndicatorCase(t, w)
		asOf := zhengzhi.NewDate(2027, 2, 1) // after the window: D = 2026-11-30
		got := zhengzhi.Values{}
		for _, level := range []zhengzhi.Level{zhengzhi.LevelCounty, zhengzhi.LevelCity} {
			rs := indicatorRuleSet(level)
			d, err := rs.WindowEnd(asOf)
			if err != nil || d != zhengzhi.NewDate(2026, 11, 30) {
				t.Fatalf("D = %s, %v", d, err)
			}
			values, err := w.IndicatorValues(ctx, reg, rs, d, all...)
			if err != nil {
				t.Fatal(err)
			}
			if len(values) != len(reg.Units(level)) {
				t.Errorf("%s level: values for %d units, want every unit of the registry (%d)", level, len(values), len(reg.Units(level)))
			}
			for code, v := range values {
				got[code] = v
			}
		}
		for _, name := range all {
			want, ok := wantIndicators[name]
			if !ok {
				t.Errorf("indicator %s has no expected values in the test", name)
				continue
			}
			for i, cell := range strings.Fields(strings.ReplaceAll(want, "|", "")) {
				unit := indicatorUnits[i]
				if g, w := got[unit][name], parseValue(t, cell); g != w {
					t.Errorf("%s of %s = %d/%d, want %d/%d", name, unit, g.Numerator, g.Denominator, w.Numerator, w.Denominator)
				}
			}
		}
	})
}

func parseValue(t *testing.T, cell string) zhengzhi.Value {
	num, den, ratio := strings.Cut(cell, "/")
	var v zhengzhi.Value
	var err error
	if v.Numerator, err = strconv.ParseInt(num, 10, 64); err != nil {
		t.Fatalf("bad expected value %q", cell)
	}
	if ratio {
		if v.Denominator, err = strconv.ParseInt(den, 10, 64); err != nil {
			t.Fatalf("bad expected value %q", cell)
		}
	}
	return v
}

func TestIndicatorValuesDefaultsToTheRuleSetsIndicators(t *testing.T) {
	reg, err := zhengzhi.ParseRegistry([]byte(indicatorRegistry))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, dbtest.New(t, sqldb.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rs := indicatorRuleSet(zhengzhi.LevelCity)
	rs.Items = []zhengzhi.Item{{ID: "A1", Indicator: "hazard_closure_rate"}}
	rs.Vetoes = []zhengzhi.Veto{{ID: "V1", Indicator: "major_incidents"}}
	values, err := w.IndicatorValues(ctx, reg, rs, rs.Window.End)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range values["990100"] {
		names = append(names, name)
	}
	sort.Strings(names)
	if fmt.Sprint(names) != "[hazard_closure_rate major_incidents]" {
		t.Errorf("computed %v, want the rule set's indicators only", names)
	}
	if _, err := w.IndicatorValues(ctx, reg, rs, rs.Window.End, "hazard_closing_rate"); err == nil || !strings.Contains(err.Error(), "hazard_closing_rate") {
		t.Errorf("an unknown indicator gave %v, want an error naming it", err)
	}
}

// putRows writes rows into a warehouse table, filling the bookkeeping columns.
func putRows(t testing.TB, w *warehouse.Warehouse, table string, rows ...map[string]any) {
	t.Helper()
	for _, r := range rows {
		full := map[string]any{"updated_at": time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC), "deleted": 0, "pull_id": 1}
		for k, v := range r {
			full[k] = v
		}
		cols := make([]string, 0, len(full))
		for k := range full {
			cols = append(cols, k)
		}
		sort.Strings(cols)
		args := make([]any, len(cols))
		for i, c := range cols {
			args[i] = full[c]
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + marks + ")"
		if _, err := warehouse.DBForTest(w).ExecContext(context.Background(), warehouse.DBForTest(w).Rebind(q), args...); err != nil {
			t.Fatalf("insert into %s %v: %v", table, r, err)
		}
	}
}

// seedIndicatorCase writes the hand-built campaign wantIndicators was worked
// out from. Counties: A 990102, B 990121 (东川市 990100); C 990202, Dd 990221
// (临江市 990200). D = 2026-11-30, W = [2026-08-01, D]. Ids E1, S1, H1, N1 exist
// in two bureaus: rows join their enterprise within their own bureau.
func seedIndicatorCase(t *testing.T, w *warehouse.Warehouse) {
	var null any
	ent := func(bureau, id, county, license string, producing, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "uscc": "91990100MA00000000", "name": "企业" + id,
			"county_code": county, "category": "wire_cable", "license_status": license, "producing": producing, "deleted": deleted}
	}
	putRows(t, w, "enterprises",
		ent("990100", "E1", "990102", "valid", 1, 0),     // A, screened in W twice
		ent("990100", "E2", "990102", "valid", 1, 0),     // A, screened before W only
		ent("990100", "E3", "990121", "valid", 1, 0),     // B, screened after D; a withdrawn screening in W
		ent("990100", "E4", "990121", "revoked", 1, 0),   // B, not active
		ent("990100", "E5", "990121", "suspended", 1, 0), // B, active, screened on D
		ent("990100", "E6", "990102", "valid", 1, 1),     // A, withdrawn: neither it nor its rows count
		ent("990100", "E7", "990102", "valid", 0, 0),     // A, dormant, checked in W
		ent("990100", "E8", "990121", "valid", 0, 0),     // B, dormant, checked before W only
		ent("990100", "E9", "990121", "cancelled", 0, 0), // B, not active
		ent("990200", "E1", "990202", "valid", 1, 0),     // C, same id as 东川's E1, never screened
		ent("990200", "E2", "990221", "valid", 1, 0),     // Dd, screened on the window's first day
		ent("990200", "E3", "990202", "valid", 0, 0),     // C, dormant, its check withdrawn
		ent("990000", "P1", "990221", "valid", 1, 0),     // Dd, the province office's record
	)
	scr := func(bureau, id, e, on string, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "enterprise_id": e, "screened_on": on, "kind": "onsite",
			"inspector_unit": bureau, "deleted": deleted}
	}
	putRows(t, w, "screenings",
		scr("990100", "S1", "E1", "2026-09-01", 0), scr("990100", "S8", "E1", "2026-10-01", 0),
		scr("990100", "S2", "E2", "2026-07-31", 0), scr("990100", "S3", "E3", "2026-12-01", 0),
		scr("990100", "S4", "E3", "2026-09-05", 1), scr("990100", "S5", "E4", "2026-09-05", 0),
		scr("990100", "S6", "E5", "2026-11-30", 0), scr("990100", "S7", "E6", "2026-09-05", 0),
		scr("990200", "S1", "E2", "2026-08-01", 0), scr("990000", "S1", "P1", "2026-10-10", 0),
	)
	chk := func(bureau, id, e, on string, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "enterprise_id": e, "checked_on": on, "kind": "patrol",
			"finding": "not_producing", "deleted": deleted}
	}
	putRows(t, w, "dormant_checks",
		chk("990100", "DC1", "E7", "2026-10-01", 0), chk("990100", "DC4", "E7", "2026-12-10", 0),
		chk("990100", "DC2", "E8", "2026-07-01", 0),
		chk("990200", "DC3", "E3", "2026-09-01", 1),
		chk("990200", "DC5", "E8", "2026-09-01", 0), // 临江's E8 does not exist: not 东川's E8
	)
	haz := func(bureau, id, e, severity, found, deadline, status string, rectified, verified any, enforcement string, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "enterprise_id": e, "source": "screening", "found_on": found,
			"severity": severity, "description": "隐患" + id, "deadline": deadline, "status": status, "rectified_on": rectified,
			"verified_on": verified, "enforcement": enforcement, "license_action": "none", "deleted": deleted}
	}
	putRows(t, w, "hazards",
		haz("990100", "H1", "E1", "general", "2026-08-10", "2026-09-10", "verified", "2026-09-01", "2026-09-20", "none", 0),
		haz("990100", "H2", "E1", "major", "2026-09-01", "2026-10-01", "open", null, null, "none", 0),              // overdue major
		haz("990100", "H3", "E3", "general", "2026-10-01", "2026-11-30", "rectifying", null, null, "none", 0),      // deadline = D: not overdue
		haz("990100", "H4", "E3", "major", "2026-10-05", "2026-10-20", "rectified", "2026-12-02", null, "none", 0), // rectified after D: overdue
		haz("990100", "H5", "E2", "general", "2026-08-20", "2026-09-20", "refused", null, null, "case_filed", 0),   // overdue, refused, enforced
		haz("990100", "H6", "E2", "general", "2026-07-30", "2026-08-20", "refused", null, null, "none", 0),         // before W
		haz("990100", "H7", "E1", "general", "2026-09-01", "2026-09-02", "open", null, null, "none", 1),            // withdrawn
		haz("990100", "H8", "E6", "general", "2026-09-01", "2026-09-02", "open", null, null, "none", 0),            // withdrawn enterprise
		haz("990100", "H9", "E3", "general", "2026-12-01", "2026-12-20", "open", null, null, "none", 0),            // after D
		haz("990100", "H10", "E3", "general", "2026-11-10", "2026-11-20", "refused", null, null, "none", 0),        // overdue, refused
		haz("990100", "H11", "E4", "general", "2026-11-30", "2026-12-30", "rectified", "2026-11-30", "2026-12-01", "none", 0),
		haz("990200", "H1", "E1", "major", "2026-11-01", "2026-11-15", "verified", "2026-11-14", "2026-11-20", "none", 0),
		haz("990000", "H1", "P1", "general", "2026-08-01", "2026-08-31", "open", null, null, "none", 0), // overdue
	)
	smp := func(bureau, id, unit, on, channel, result string, traced int, handled any, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "unit_code": unit, "batch_no": "B" + id, "sampled_on": on,
			"channel": channel, "category": "wire_cable", "plan": "city", "result": result, "traced": traced,
			"handled_on": handled, "exposed": 0, "deleted": deleted}
	}
	putRows(t, w, "samplings",
		smp("990100", "SA1", "990102", "2026-09-01", "ecommerce", "fail", 1, "2026-10-01", 0),
		smp("990100", "SA2", "990102", "2026-09-02", "retail", "fail", 0, null, 0),
		smp("990100", "SA3", "990102", "2026-09-03", "producer", "fail", 0, "2026-12-10", 0), // handled after D
		smp("990100", "SA4", "990100", "2026-10-01", "retail", "fail", 1, "2026-11-30", 0),   // the city's own
		smp("990000", "SA5", "990121", "2026-11-30", "ecommerce", "pass", 0, null, 0),        // province office, names B
		smp("990100", "SA6", "990121", "2026-07-31", "retail", "fail", 0, null, 0),           // before W
		smp("990200", "SA7", "990202", "2026-09-01", "retail", "pass", 0, null, 1),           // withdrawn
		smp("990200", "SA8", "990202", "2026-08-15", "ecommerce", "pass", 0, null, 0),
		smp("990000", "SA9", "990000", "2026-09-01", "retail", "pass", 0, null, 0),  // the province's own: no city's
		smp("990200", "SA10", "990221", "2026-12-01", "retail", "pass", 0, null, 0), // after D
	)
	nc := func(bureau, id, e string, fails int, ordered, rechecked, done any, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "enterprise_id": e, "first_failed_year": 2025, "fail_count": fails,
			"last_failed_on": "2025-11-01", "ordered_on": ordered, "rechecked_on": rechecked, "followup_status": "pending",
			"followup_done_on": done, "deleted": deleted}
	}
	putRows(t, w, "nonconforming",
		nc("990100", "N1", "E1", 1, "2026-08-01", null, "2026-10-01", 0),         // done; ordered + 75 < D: overdue
		nc("990100", "N2", "E2", 2, "2026-09-16", null, null, 0),                 // ordered + 75 = D: not overdue
		nc("990100", "N3", "E3", 3, "2026-06-01", "2026-08-10", "2026-12-05", 0), // done after D
		nc("990100", "N4", "E5", 2, "2026-09-15", "2026-12-01", "2026-11-30", 0), // rechecked after D: overdue
		nc("990100", "N5", "E1", 1, null, null, null, 1),                         // withdrawn
		nc("990100", "N6", "E6", 1, null, null, null, 0),                         // withdrawn enterprise
		nc("990200", "N1", "E1", 1, null, null, null, 0),
		nc("990000", "N1", "P1", 2, "2026-07-01", "2026-09-01", "2026-09-30", 0),
	)
	sig := func(bureau, id, unit, received string, assessed any, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "unit_code": unit, "received_on": received, "source": "complaint",
			"category": "wire_cable", "summary": "风险" + id, "assessed_on": assessed, "deleted": deleted}
	}
	putRows(t, w, "risk_signals",
		sig("990100", "R1", "990102", "2026-09-28", "2026-10-05", 0), // 7 days across a month: timely
		sig("990100", "R2", "990102", "2026-09-28", "2026-10-06", 0), // 8 days: late
		sig("990100", "R3", "990102", "2026-11-25", null, 0),
		sig("990100", "R4", "990100", "2026-10-01", "2026-10-02", 0), // the city's own
		sig("990100", "R5", "990121", "2026-11-28", "2026-12-01", 0), // assessed after D
		sig("990100", "R6", "990121", "2026-07-20", "2026-07-21", 0), // before W
		sig("990200", "R7", "990202", "2026-08-01", "2026-08-01", 0),
		sig("990200", "R8", "990202", "2026-08-02", "2026-08-03", 1),
		sig("990000", "R9", "990221", "2026-10-10", "2026-11-10", 0),
	)
	pt := func(bureau, id, county, identified string, zeroed any, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "county_code": county, "identified_on": identified, "level": "general",
			"description": "隐患点" + id, "zeroed_on": zeroed, "briefing_held": 0, "deleted": deleted}
	}
	putRows(t, w, "risk_points",
		pt("990100", "K1", "990102", "2026-03-01", "2026-09-01", 0), // identified before W still counts
		pt("990100", "K2", "990102", "2026-10-01", null, 0),
		pt("990100", "K3", "990121", "2026-11-30", "2026-12-01", 0),
		pt("990100", "K4", "990121", "2026-12-02", null, 0), // after D
		pt("990100", "K5", "990121", "2026-09-01", "2026-10-01", 1),
		pt("990200", "K1", "990202", "2026-09-01", "2026-11-30", 0),
		pt("990000", "K1", "990221", "2026-09-01", null, 0),
	)
	act := func(bureau, id, unit, action string, completed, experts, projects any, plan, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "unit_code": unit, "action": action, "started_on": "2026-06-01",
			"completed_on": completed, "experts": experts, "monitoring_projects": projects, "escalated": 0,
			"emergency_plan": plan, "deleted": deleted}
	}
	putRows(t, w, "activities",
		act("990100", "AC1", "990100", "analysis_meeting", "2026-09-15", 3, 2, 0, 0),
		act("990100", "AC2", "990102", "analysis_meeting", "2026-10-10", 0, 1, 0, 0), // no expert: no meeting
		act("990100", "AC3", "990121", "analysis_meeting", "2026-12-05", 2, 4, 0, 0), // after D
		act("990100", "AC4", "990102", "self_inspection", "2026-10-01", null, null, 1, 0),
		act("990100", "AC5", "990121", "self_inspection", null, null, null, 0, 0), // not completed
		act("990200", "AC6", "990202", "analysis_meeting", "2026-11-01", 2, 0, 0, 0),
		act("990100", "AC7", "990102", "analysis_meeting", "2026-11-02", 1, 5, 0, 1), // withdrawn
		act("990200", "AC8", "990200", "supervision", "2026-11-20", null, 3, 1, 0),   // the city's own
		act("990200", "AC9", "990221", "self_inspection", "2026-11-30", null, null, 0, 0),
		act("990200", "AC10", "990202", "self_inspection", "2026-06-01", null, null, 0, 0), // completed ≤ D is enough
		act("990100", "AC11", "990121", "screening", "2026-09-01", null, null, 1, 0),
		act("990000", "AC12", "990000", "analysis_meeting", "2026-09-01", 5, 7, 1, 0),      // the province's own
		act("990200", "AC13", "990299", "self_inspection", "2026-09-01", null, null, 0, 0), // abolished county
	)
	visit := func(bureau, id, inspector, inspected, on string, random, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "inspector_unit": inspector, "inspected_unit": inspected,
			"visited_on": on, "random_pick": random, "enterprises_visited": 3, "hazards_checked": 2,
			"hazards_confirmed_cleared": 1, "problems_found": 0, "deleted": deleted}
	}
	putRows(t, w, "supervision_visits",
		visit("990100", "V1", "990100", "990102", "2026-09-10", 0, 0),
		visit("990100", "V2", "990100", "990102", "2026-10-10", 0, 0), // a second visit: still one county
		visit("990000", "V3", "990000", "990121", "2026-11-30", 1, 0), // the province's random pick
		visit("990200", "V4", "990200", "990202", "2026-07-30", 0, 0), // before W
		visit("990200", "V5", "990200", "990221", "2026-11-01", 0, 1), // withdrawn
		visit("990000", "V6", "990000", "990202", "2026-09-01", 0, 0), // the province, not drawn
		visit("990000", "V7", "990000", "990221", "2026-12-01", 1, 0), // after D
		visit("990200", "V8", "990200", "990299", "2026-09-01", 0, 0), // abolished county
	)
	sub := func(bureau, id, unit, kind, period, on string, adopted, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "unit_code": unit, "kind": kind, "period": period,
			"submitted_on": on, "adopted": adopted, "deleted": deleted}
	}
	putRows(t, w, "submissions",
		sub("990100", "U1", "990100", "progress", "2026-08", "2026-09-05", 0, 0), // on the due day
		sub("990100", "U2", "990100", "progress", "2026-09", "2026-10-06", 0, 0), // late
		sub("990100", "U3", "990100", "progress", "2026-09", "2026-10-07", 0, 0), // late again
		sub("990100", "U4", "990102", "progress", "2026-08", "2026-09-01", 0, 0),
		sub("990100", "U5", "990102", "progress", "2026-09", "2026-09-30", 0, 1), // withdrawn
		sub("990100", "U6", "990102", "summary", "2026-09", "2026-09-30", 0, 0),  // another kind
		sub("990200", "U7", "990200", "progress", "2026-08", "2026-09-01", 0, 0),
		sub("990200", "U8", "990200", "progress", "2026-09", "2026-10-01", 0, 0),
		sub("990200", "U9", "990202", "experience", "2026-09", "2026-09-15", 1, 0),
		sub("990100", "U10", "990100", "experience", "2026-10", "2026-10-15", 1, 0),
		sub("990100", "U11", "990121", "experience", "2026-11", "2026-11-15", 0, 0), // not adopted
		sub("990100", "U12", "990121", "experience", "2026-11", "2026-12-01", 1, 0), // after D
		sub("990100", "U13", "990102", "experience", "2026-07", "2026-07-15", 1, 0), // before W
		sub("990000", "U14", "990221", "progress", "2026-08", "2026-09-10", 0, 0),   // province office's copy, late
		sub("990200", "U15", "990221", "progress", "2026-09", "2026-10-05", 0, 0),
	)
	inc := func(bureau, id, county, on, level string, direct, deleted int) map[string]any {
		return map[string]any{"bureau": bureau, "id": id, "county_code": county, "occurred_on": on, "level": level,
			"category": "hazchem", "direct_responsibility": direct, "systemic": 0, "summary": "事件" + id, "deleted": deleted}
	}
	putRows(t, w, "incidents",
		inc("990100", "I1", "990102", "2026-09-01", "larger", 1, 0),
		inc("990100", "I2", "990102", "2026-10-01", "larger", 0, 0), // no direct responsibility
		inc("990100", "I3", "990121", "2026-11-01", "major", 1, 0),
		inc("990100", "I4", "990121", "2026-12-01", "especially_major", 1, 0), // after D
		inc("990200", "I5", "990202", "2026-09-01", "especially_major", 1, 0),
		inc("990200", "I6", "990202", "2026-09-02", "larger", 1, 1),
		inc("990000", "I7", "990221", "2026-07-01", "larger", 1, 0), // before W
		inc("990000", "I8", "990221", "2026-08-05", "larger", 1, 0),
	)
}

// BenchmarkIndicatorValues computes the indicators of the four 2026 rule sets
// (both levels) over a synthetic warehouse of the demo province, on every
// engine. ZZ_BENCH_ROWS sets its size (default 200,000 rows; the report's
// figure is for 1,000,000). The data is loaded once per engine, outside the timer.
func BenchmarkIndicatorValues(b *testing.B) {
	rows := 200_000
	if v := os.Getenv("ZZ_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("ZZ_BENCH_ROWS=%q: %v", v, err)
		}
		rows = n
	}
	text, err := os.ReadFile("../templates/units/demo-province.yaml")
	if err != nil {
		b.Fatal(err)
	}
	reg, err := zhengzhi.ParseRegistry(text)
	if err != nil {
		b.Fatal(err)
	}
	var rulesets []*zhengzhi.RuleSet
	for _, name := range []string{"target-responsibility-city", "target-responsibility-county", "safe-city", "safe-county"} {
		path := "../templates/rules/2026/" + name + ".yaml"
		text, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rs, err := zhengzhi.ParseRuleSet(path, text)
		if err != nil {
			b.Fatal(err)
		}
		rulesets = append(rulesets, rs)
	}
	asOf := zhengzhi.NewDate(2026, 11, 30)
	for _, engine := range dbtest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			ctx := context.Background()
			w, err := warehouse.Open(ctx, dbtest.New(b, engine))
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			fillSyntheticWarehouse(b, w, reg, rows)
			if engine == sqldb.Postgres {
				// What autovacuum does a minute after a big load: without
				// statistics the planner takes every table for one row.
				if _, err := warehouse.DBForTest(w).ExecContext(ctx, "ANALYZE"); err != nil {
					b.Fatal(err)
				}
			}
			b.Run(fmt.Sprintf("four-rulesets/%d-rows", rows), func(b *testing.B) {
				for b.Loop() {
					for _, rs := range rulesets {
						if _, err := w.IndicatorValues(ctx, reg, rs, asOf); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		})
	}
}

// fillSyntheticWarehouse loads about n random but plausible rows spread over
// the contract tables and the registry's counties, as ingest would leave them.
func fillSyntheticWarehouse(b testing.TB, w *warehouse.Warehouse, reg *zhengzhi.Registry, n int) {
	r := rand.New(rand.NewPCG(2026, 11))
	counties := reg.Units(zhengzhi.LevelCounty)
	cities := reg.Units(zhengzhi.LevelCity)
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	day := func(from string, span int) any {
		if span == 0 {
			return nil
		}
		t, _ := time.Parse(time.DateOnly, from)
		return t.AddDate(0, 0, r.IntN(span)).Format(time.DateOnly)
	}
	maybe := func(p float64, v func() any) any {
		if r.Float64() < p {
			return v()
		}
		return nil
	}
	flag := func(p float64) int {
		if r.Float64() < p {
			return 1
		}
		return 0
	}
	updated := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	type enterprise struct{ bureau, id string }
	nEnt := max(n/20, len(counties))
	ents := make([]enterprise, nEnt)
	var rowsOf [][]any
	for i := range ents {
		c := counties[i%len(counties)]
		bureau := c.Parent
		if i%50 == 0 {
			bureau = reg.Province.Code
		}
		ents[i] = enterprise{bureau, fmt.Sprintf("E%d", i)}
		rowsOf = append(rowsOf, []any{bureau, ents[i].id, "91990100MA00000000", "企业", c.Code, "wire_cable",
			pick("valid", "valid", "valid", "suspended", "revoked", "cancelled"), flag(0.85), updated, flag(0.02), 1})
	}
	bulkInsert(b, w, "enterprises", []string{"bureau", "id", "uscc", "name", "county_code", "category", "license_status", "producing", "updated_at", "deleted", "pull_id"}, rowsOf)

	perEnterprise := func(table string, share float64, cols []string, row func(e enterprise, id string) []any) {
		var rows [][]any
		for i := 0; i < int(float64(n)*share); i++ {
			e := ents[r.IntN(len(ents))]
			rows = append(rows, append(row(e, fmt.Sprintf("%s%d", table[:2], i)), updated, flag(0.02), 1))
		}
		bulkInsert(b, w, table, append(cols, "updated_at", "deleted", "pull_id"), rows)
	}
	unit := func() string {
		if r.IntN(10) == 0 {
			return cities[r.IntN(len(cities))].Code
		}
		return counties[r.IntN(len(counties))].Code
	}
	perUnit := func(table string, share float64, cols []string, row func(unit, id string) []any) {
		var rows [][]any
		for i := 0; i < int(float64(n)*share); i++ {
			u := unit()
			bureau := u[:4] + "00"
			if i%50 == 0 {
				bureau = reg.Province.Code
			}
			rows = append(rows, append([]any{bureau}, append(row(u, fmt.Sprintf("%s%d", table[:2], i)), updated, flag(0.02), 1)...))
		}
		bulkInsert(b, w, table, append(append([]string{"bureau"}, cols...), "updated_at", "deleted", "pull_id"), rows)
	}
	perEnterprise("screenings", 0.25, []string{"bureau", "id", "enterprise_id", "screened_on", "kind", "inspector_unit"},
		func(e enterprise, id string) []any {
			return []any{e.bureau, id, e.id, day("2026-06-01", 200), "onsite", e.bureau}
		})
	perEnterprise("hazards", 0.20, []string{"bureau", "id", "enterprise_id", "source", "found_on", "severity", "description",
		"deadline", "status", "rectified_on", "verified_on", "enforcement", "license_action"},
		func(e enterprise, id string) []any {
			return []any{e.bureau, id, e.id, "screening", day("2026-06-01", 200), pick("general", "general", "major"), "隐患",
				day("2026-08-01", 150), pick("open", "rectifying", "rectified", "verified", "refused"),
				maybe(0.8, func() any { return day("2026-08-01", 150) }), maybe(0.5, func() any { return day("2026-09-01", 120) }),
				pick("none", "none", "case_filed", "penalized"), "none"}
		})
	perEnterprise("nonconforming", 0.03, []string{"bureau", "id", "enterprise_id", "first_failed_year", "fail_count",
		"last_failed_on", "ordered_on", "rechecked_on", "followup_status", "followup_done_on"},
		func(e enterprise, id string) []any {
			return []any{e.bureau, id, e.id, 2025, 1 + r.IntN(3), day("2025-06-01", 300),
				maybe(0.9, func() any { return day("2026-01-01", 300) }), maybe(0.5, func() any { return day("2026-04-01", 250) }),
				"pending", maybe(0.6, func() any { return day("2026-05-01", 230) })}
		})
	perEnterprise("dormant_checks", 0.05, []string{"bureau", "id", "enterprise_id", "checked_on", "kind", "finding"},
		func(e enterprise, id string) []any {
			return []any{e.bureau, id, e.id, day("2026-06-01", 200), "patrol", "not_producing"}
		})
	perUnit("samplings", 0.10, []string{"id", "unit_code", "batch_no", "sampled_on", "channel", "category", "plan", "result",
		"traced", "handled_on", "exposed"},
		func(u, id string) []any {
			return []any{id, u, "B" + id, day("2026-06-01", 200), pick("ecommerce", "retail", "producer"), "wire_cable", "city",
				pick("pass", "pass", "pass", "fail", "pending"), flag(0.6), maybe(0.5, func() any { return day("2026-08-01", 150) }), flag(0.3)}
		})
	perUnit("risk_signals", 0.08, []string{"id", "unit_code", "received_on", "source", "category", "summary", "assessed_on"},
		func(u, id string) []any {
			return []any{id, u, day("2026-06-01", 200), "complaint", "wire_cable", "风险", maybe(0.8, func() any { return day("2026-08-01", 150) })}
		})
	perUnit("risk_points", 0.12, []string{"id", "county_code", "identified_on", "level", "description", "zeroed_on", "briefing_held"},
		func(u, id string) []any {
			return []any{id, u, day("2026-01-01", 360), "general", "隐患点", maybe(0.7, func() any { return day("2026-03-01", 300) }), flag(0.5)}
		})
	perUnit("activities", 0.05, []string{"id", "unit_code", "action", "started_on", "completed_on", "experts", "monitoring_projects",
		"escalated", "emergency_plan"},
		func(u, id string) []any {
			return []any{id, u, pick("screening", "sampling", "analysis_meeting", "zeroing", "self_inspection", "supervision"),
				"2026-06-01", maybe(0.8, func() any { return day("2026-06-01", 200) }), r.IntN(4), r.IntN(3), flag(0.1), flag(0.3)}
		})
	perUnit("supervision_visits", 0.03, []string{"id", "inspector_unit", "inspected_unit", "visited_on", "random_pick",
		"enterprises_visited", "hazards_checked", "hazards_confirmed_cleared", "problems_found"},
		func(u, id string) []any {
			inspector := u[:4] + "00"
			if r.IntN(4) == 0 {
				inspector = reg.Province.Code
			}
			return []any{id, inspector, u, day("2026-06-01", 200), flag(0.3), 3, 2, 1, 0}
		})
	perUnit("submissions", 0.03, []string{"id", "unit_code", "kind", "period", "submitted_on", "adopted"},
		func(u, id string) []any {
			return []any{id, u, pick("progress", "progress", "experience", "summary"), pick("2026-08", "2026-09", "2026-10", "2026-11"),
				day("2026-08-25", 100), flag(0.2)}
		})
	perUnit("incidents", 0.01, []string{"id", "county_code", "occurred_on", "level", "category", "direct_responsibility", "systemic", "summary"},
		func(u, id string) []any {
			return []any{id, u, day("2026-06-01", 200), pick("general", "general", "larger", "major"), "hazchem", flag(0.5), 0, "事件"}
		})
}

// bulkInsert writes rows in multi-row INSERTs inside one transaction, as
// many rows per statement as the engine's parameter limit allows.
func bulkInsert(b testing.TB, w *warehouse.Warehouse, table string, cols []string, rows [][]any) {
	ctx := context.Background()
	tx, err := warehouse.DBForTest(w).BeginTxx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	mark := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	per := w.Dialect().MaxParams() / len(cols)
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		marks := make([]string, len(chunk))
		var args []any
		for i, row := range chunk {
			marks[i] = mark
			args = append(args, row...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Join(marks, ", ")
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			b.Fatalf("load %s: %v", table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
