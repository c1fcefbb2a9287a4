package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/internal/dbtest"
	"zhengzhi/seed"
	"zhengzhi/sqldb"
)

// The moments of the test: the pull happens at now; rows are written at t1
// and changed at t2, t3.
var (
	now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	t1  = time.Date(2026, 11, 20, 8, 0, 0, 123456000, time.UTC)
	t2  = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)
	t3  = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
)

// bureau is a test bureau database laid out by the contract's DDL, with the
// hazards dates as real DATE columns to prove typed dates are read.
type bureau struct {
	t   testing.TB
	db  *sqldb.DB
	dsn string
}

// newBureau makes a bureau database of the dialect, leaving out the tables
// and columns named in drop ("incidents", "hazards.verified_on").
func newBureau(t testing.TB, d sqldb.Dialect, drop ...string) *bureau {
	t.Helper()
	dsn := dbtest.New(t, d)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ddl, err := seed.ContractDDL(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range ddl {
		if strings.HasPrefix(stmt, "CREATE TABLE hazards") {
			for _, c := range []string{"found_on", "deadline", "rectified_on", "verified_on"} {
				stmt = strings.Replace(stmt, c+" VARCHAR(32)", c+" DATE", 1)
			}
		}
		stmt = dropFrom(stmt, drop)
		if stmt == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	return &bureau{t: t, db: db, dsn: dsn}
}

// dropFrom removes a dropped table's statements and a dropped column's
// line; "keys" drops the key of every SQLite table's id, which then takes
// NULLs and repeats, as in a bureau database made by hand.
func dropFrom(stmt string, drop []string) string {
	for _, d := range drop {
		if d == "keys" {
			stmt = strings.Replace(stmt, "id TEXT NOT NULL PRIMARY KEY", "id TEXT", 1)
			continue
		}
		table, column, isColumn := strings.Cut(d, ".")
		if !isColumn && (strings.HasPrefix(stmt, "CREATE TABLE "+table+" ") || strings.Contains(stmt, " ON "+table+" ")) {
			return ""
		}
		if isColumn && strings.HasPrefix(stmt, "CREATE TABLE "+table+" ") {
			var keep []string
			for _, line := range strings.Split(stmt, "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), column+" ") {
					keep = append(keep, line)
				}
			}
			stmt = strings.Join(keep, "\n")
		}
	}
	return stmt
}

// put inserts a row; updated_at defaults to t1 and deleted to 0.
func (b *bureau) put(table string, row map[string]any) {
	b.t.Helper()
	if _, ok := row["updated_at"]; !ok {
		row["updated_at"] = t1
	}
	if _, ok := row["deleted"]; !ok {
		row["deleted"] = 0
	}
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = row[c]
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	if _, err := b.db.ExecContext(context.Background(), b.db.Rebind(q), args...); err != nil {
		b.t.Fatalf("insert %s %v: %v", table, row["id"], err)
	}
}

// set changes columns of a row; the caller sets updated_at when the bureau would.
func (b *bureau) set(table, id string, changes map[string]any) {
	b.t.Helper()
	var sets []string
	var args []any
	for c, v := range changes {
		sets = append(sets, c+" = ?")
		args = append(args, v)
	}
	q := "UPDATE " + table + " SET " + strings.Join(sets, ", ") + " WHERE id = ?"
	if _, err := b.db.ExecContext(context.Background(), b.db.Rebind(q), append(args, id)...); err != nil {
		b.t.Fatalf("update %s %s: %v", table, id, err)
	}
}

func uscc(first17 string) string {
	c, err := zhengzhi.USCCCheckDigit(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}

func enterprise(id, county string) map[string]any {
	sum := 0
	for _, c := range id {
		sum = sum*31 + int(c)
	}
	return map[string]any{"id": id, "uscc": uscc(fmt.Sprintf("91%sMA%07d", county, sum%10000000)), "name": "企业" + id,
		"county_code": county, "category": "wire_cable", "license_no": nil, "license_status": "valid", "producing": 1}
}

func hazard(id, enterprise string) map[string]any {
	return map[string]any{"id": id, "enterprise_id": enterprise, "source": "screening", "found_on": "2026-08-03",
		"severity": "general", "description": "隐患" + id, "deadline": "2026-12-31", "status": "rectified",
		"rectified_on": "2026-08-20", "verified_on": nil, "enforcement": "none", "license_action": "none"}
}

// fillCity writes a city bureau's good rows in every table, and one broken
// row per contract rule (ids start with X-).
func fillCity(b *bureau) {
	b.put("enterprises", enterprise("E-01", "990102"))
	b.put("enterprises", enterprise("E-02", "990123"))
	e := enterprise("E-03", "990124")
	e["uscc"] = e["uscc"].(string)[:17] + wrongCheck(e["uscc"].(string))
	b.put("enterprises", e) // loads with a warning
	e = enterprise("X-county", "990303")
	b.put("enterprises", e) // a county of another city
	e = enterprise("X-uscc", "990102")
	e["uscc"] = "91990102MA0000OI01"
	b.put("enterprises", e)
	e = enterprise("E-04", "990102")
	e["category"] = "toys"
	e["id"] = "X-enum"
	b.put("enterprises", e)

	b.put("hazards", hazard("H-01", "E-01"))
	b.put("hazards", hazard("H-02", "E-02"))
	h := hazard("H-03", "E-03")
	h["deleted"] = 1
	b.put("hazards", h)
	h = hazard("X-rectified", "E-01")
	h["rectified_on"] = "2026-07-30"
	b.put("hazards", h)
	h = hazard("X-enterprise", "X-county")
	b.put("hazards", h)
	h = hazard("X-future", "E-01")
	h["found_on"], h["rectified_on"], h["status"] = "2026-12-01", nil, "open"
	b.put("hazards", h)
	h = hazard("X-deadline", "E-01")
	h["deadline"] = "2026-08-01"
	b.put("hazards", h)
	h = hazard("X-verified", "E-01")
	h["status"] = "verified"
	b.put("hazards", h)

	b.put("screenings", map[string]any{"id": "S-01", "enterprise_id": "E-01", "screened_on": "2026-08-01",
		"kind": "onsite", "inspector_unit": "990102"})
	b.put("screenings", map[string]any{"id": "X-date", "enterprise_id": "E-01", "screened_on": "2026/08/01",
		"kind": "onsite", "inspector_unit": "990102"})
	b.put("samplings", map[string]any{"id": "SP-01", "unit_code": "990100", "batch_no": "B1", "sampled_on": "2026-07-01",
		"channel": "retail", "outlet": nil, "category": "wire_cable", "plan": "city", "producer_enterprise_id": "E-01",
		"producer_uscc": nil, "result": "fail", "traced": 1, "handled_on": "2026-07-10", "exposed": 0})
	b.put("samplings", map[string]any{"id": "X-flag", "unit_code": "990100", "batch_no": "B2", "sampled_on": "2026-07-01",
		"channel": "retail", "outlet": nil, "category": "wire_cable", "plan": "city", "producer_enterprise_id": nil,
		"producer_uscc": nil, "result": "pass", "traced": 0, "handled_on": nil, "exposed": 2})
	b.put("samplings", map[string]any{"id": "X-unit", "unit_code": "990200", "batch_no": "B3", "sampled_on": "2026-07-01",
		"channel": "retail", "outlet": nil, "category": "wire_cable", "plan": "city", "producer_enterprise_id": nil,
		"producer_uscc": nil, "result": "pass", "traced": 0, "handled_on": nil, "exposed": 0})
	b.put("nonconforming", map[string]any{"id": "N-01", "enterprise_id": "E-02", "first_failed_year": 2025,
		"fail_count": 2, "last_failed_on": "2026-03-01", "ordered_on": "2026-03-10", "rechecked_on": nil,
		"followup_status": "rectifying", "followup_done_on": nil})
	b.put("nonconforming", map[string]any{"id": "X-fail-count", "enterprise_id": "E-02", "first_failed_year": 2025,
		"fail_count": 0, "last_failed_on": "2026-03-01", "ordered_on": "2026-03-10", "rechecked_on": nil,
		"followup_status": "rectifying", "followup_done_on": nil})
	b.put("nonconforming", map[string]any{"id": "X-followup", "enterprise_id": "E-02", "first_failed_year": 2025,
		"fail_count": 1, "last_failed_on": "2026-03-01", "ordered_on": "2026-03-10", "rechecked_on": nil,
		"followup_status": "closed", "followup_done_on": "2026-03-01"})
	b.put("dormant_checks", map[string]any{"id": "D-01", "enterprise_id": "E-02", "checked_on": "2026-06-01",
		"kind": "patrol", "finding": "not_producing"})
	b.put("risk_signals", map[string]any{"id": "RS-01", "unit_code": "990123", "received_on": "2026-06-01",
		"source": "media", "category": "hazchem", "enterprise_id": nil, "summary": "报道", "assessed_on": "2026-06-02",
		"risk_level": "low", "disposition": "monitor", "disposed_on": nil})
	b.put("risk_signals", map[string]any{"id": "X-assessed", "unit_code": "990123", "received_on": "2026-06-01",
		"source": "media", "category": "hazchem", "enterprise_id": nil, "summary": "报道", "assessed_on": "2026-05-01",
		"risk_level": "low", "disposition": nil, "disposed_on": nil})
	b.put("risk_points", map[string]any{"id": "RP-01", "county_code": "990123", "enterprise_id": nil,
		"identified_on": "2026-05-01", "level": "major", "description": "储罐", "zeroed_on": "2026-06-01",
		"measure": "rectified", "briefing_held": 1})
	b.put("risk_points", map[string]any{"id": "X-zeroed", "county_code": "990123", "enterprise_id": nil,
		"identified_on": "2026-05-01", "level": "major", "description": "储罐", "zeroed_on": "2026-04-01",
		"measure": "rectified", "briefing_held": 1})
	b.put("activities", map[string]any{"id": "A-01", "unit_code": "990100", "action": "analysis_meeting",
		"started_on": "2026-04-01", "completed_on": "2026-04-02", "experts": 5, "monitoring_projects": nil,
		"escalated": 0, "emergency_plan": 1, "notes": nil})
	b.put("activities", map[string]any{"id": "X-completed", "unit_code": "990100", "action": "zeroing",
		"started_on": "2026-04-01", "completed_on": "2026-03-02", "experts": nil, "monitoring_projects": nil,
		"escalated": 0, "emergency_plan": 0, "notes": nil})
	b.put("supervision_visits", map[string]any{"id": "V-01", "inspector_unit": "990100", "inspected_unit": "990124",
		"visited_on": "2026-10-10", "random_pick": 1, "enterprises_visited": 3, "hazards_checked": 10,
		"hazards_confirmed_cleared": 9, "problems_found": 1})
	b.put("supervision_visits", map[string]any{"id": "X-cleared", "inspector_unit": "990100", "inspected_unit": "990124",
		"visited_on": "2026-10-10", "random_pick": 1, "enterprises_visited": 3, "hazards_checked": 10,
		"hazards_confirmed_cleared": 11, "problems_found": 1})
	b.put("submissions", map[string]any{"id": "SB-01", "unit_code": "990100", "kind": "progress", "period": "2026-10",
		"submitted_on": "2026-10-31", "adopted": 0})
	if b.db.Dialect != sqldb.MySQL { // whose contract DDL cannot hold it
		b.put("submissions", map[string]any{"id": longID, "unit_code": "990100", "kind": "progress", "period": "2026-09",
			"submitted_on": "2026-09-30", "adopted": 0})
	}
	b.put("incidents", map[string]any{"id": "I-01", "county_code": "990125", "occurred_on": "2026-02-02",
		"level": "general", "category": "hazchem", "enterprise_id": nil, "direct_responsibility": 0, "systemic": 0,
		"summary": "泄漏"})
	b.put("incidents", map[string]any{"id": "X-incident-county", "county_code": "990100", "occurred_on": "2026-02-02",
		"level": "general", "category": "hazchem", "enterprise_id": nil, "direct_responsibility": 0, "systemic": 0,
		"summary": "泄漏"})
}

// longID is longer than the warehouse keeps ids.
var longID = strings.Repeat("L", 70)

func wrongCheck(code string) string {
	if code[17] == '0' {
		return "1"
	}
	return "0"
}

func contractTimestamp(v any) (string, bool) {
	ts, ok := contract.ParseTimestamp(v)
	return ts.Format("2006-01-02T15:04:05.000000Z07:00"), ok
}

func stringOf(v any) string {
	s, _ := contract.RawString(v)
	return s
}
