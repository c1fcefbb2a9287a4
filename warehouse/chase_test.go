package warehouse_test

import (
	"context"
	"slices"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/reports"
)

// zonedRegistry marks 杏山区 red and all of 临江市 yellow in 2026.
const zonedRegistry = testRegistry + `
zones:
  2026: {"990102": red, "990200": yellow}
`

func hazard(bureau, id, enterprise, found, deadline, severity string, rectified any, deleted int) row {
	return row{"bureau": bureau, "id": id, "enterprise_id": enterprise, "source": "screening", "found_on": found,
		"severity": severity, "description": "隐患" + id, "deadline": deadline, "status": "open",
		"rectified_on": rectified, "verified_on": nil, "enforcement": "none", "license_action": "none", "deleted": deleted}
}

func nonconforming(bureau, id, enterprise string, fails int, done any, deleted int) row {
	return row{"bureau": bureau, "id": id, "enterprise_id": enterprise, "first_failed_year": 2025, "fail_count": fails,
		"last_failed_on": "2026-03-01", "ordered_on": "2026-04-01", "rechecked_on": nil,
		"followup_status": "rectifying", "followup_done_on": done, "deleted": deleted}
}

// orderedOn sets the day a non-conforming enterprise was ordered to correct.
func orderedOn(r row, day string) row {
	r["ordered_on"] = day
	return r
}

func TestChaseListsOnEveryEngine(t *testing.T) {
	t.Parallel()
	reg, err := zhengzhi.ParseRegistry([]byte(zonedRegistry))
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		insert(t, w, "enterprises",
			enterprise("990100", "E1", "990102", "wire_cable", "valid", 1, 0), // red zone
			enterprise("990100", "E2", "990121", "hazchem", "valid", 1, 0),    // no zone
			enterprise("990200", "E3", "990202", "hazchem", "valid", 1, 0),    // yellow through its city
			enterprise("990200", "E4", "990202", "hazchem", "valid", 1, 1),    // withdrawn enterprise
		)
		insert(t, w, "hazards",
			hazard("990100", "H1", "E1", "2026-09-01", "2026-10-01", "major", nil, 0),          // overdue 60 days
			hazard("990100", "H2", "E2", "2026-10-01", "2026-11-20", "major", "2026-12-05", 0), // rectified after D: overdue 10 days
			hazard("990100", "H3", "E2", "2026-10-01", "2026-11-20", "general", nil, 0),        // not major
			hazard("990100", "H4", "E2", "2026-07-20", "2026-07-31", "major", nil, 0),          // found before W
			hazard("990100", "H5", "E2", "2026-10-01", "2026-11-30", "major", nil, 0),          // deadline = D: not yet overdue
			hazard("990100", "H6", "E2", "2026-10-01", "2026-11-01", "major", "2026-11-15", 0), // rectified by D
			hazard("990100", "H7", "E1", "2026-10-01", "2026-11-01", "major", nil, 1),          // withdrawn
			hazard("990200", "H8", "E4", "2026-10-01", "2026-11-01", "major", nil, 0),          // enterprise withdrawn
			hazard("990100", "H9", "E1", "2026-12-02", "2026-12-03", "major", nil, 0),          // found after D
		)
		insert(t, w, "nonconforming",
			nonconforming("990100", "N1", "E1", 2, nil, 0),                          // red, pending
			nonconforming("990100", "N2", "E1", 1, "2026-11-01", 0),                 // done by D
			nonconforming("990100", "N3", "E1", 1, "2026-12-10", 0),                 // done after D: pending
			nonconforming("990100", "N4", "E2", 3, nil, 0),                          // no zone
			nonconforming("990200", "N5", "E3", 1, nil, 0),                          // yellow through the city
			nonconforming("990200", "N6", "E3", 1, nil, 1),                          // withdrawn
			nonconforming("990200", "N7", "E4", 1, nil, 0),                          // enterprise withdrawn
			orderedOn(nonconforming("990100", "N8", "E1", 4, nil, 0), "2026-10-01"), // red, pending, correction due 11-30: in time
			orderedOn(nonconforming("990100", "N9", "E1", 1, nil, 0), "2026-09-30"), // red, correction due 11-29: overdue 1 day
		)
		records, err := w.OverdueMajorHazards(ctx, windowStart, asOf)
		if err != nil {
			t.Fatal(err)
		}
		overdue := reports.OverdueHazards(reg, asOf, records)
		if len(overdue) != 2 || overdue[0].ID != "H1" || overdue[1].ID != "H2" {
			t.Fatalf("overdue = %+v, want H1 then H2", overdue)
		}
		h := overdue[0]
		if h.DaysOverdue != 60 || h.FoundOn != "2026-09-01" || h.Deadline != "2026-10-01" ||
			h.CountyName != "杏山区" || h.CityName != "东川市" || h.Enterprise != "企业E1" || h.Status != "待整改" {
			t.Fatalf("H1 = %+v", h)
		}
		zones, zoned := reg.CountyZones(asOf.Year())
		followups, err := w.PendingFollowups(ctx, zoned, windowStart, asOf)
		if err != nil {
			t.Fatal(err)
		}
		pending := reports.PendingFollowups(reg, zones, asOf, followups)
		var got []string
		for _, p := range pending {
			got = append(got, p.ID+":"+p.Zone)
		}
		want := []string{"N1:红色警情", "N3:红色警情", "N9:红色警情", "N5:黄色警示"}
		if !slices.Equal(got, want) {
			t.Fatalf("pending = %v, want %v (N8 is not yet due)", got, want)
		}
		if n9 := pending[2]; n9.DaysOverdue != 1 || n9.Due != "2026-11-29" {
			t.Fatalf("N9 = %+v, want 1 day past its correction due 2026-11-29", n9)
		}
		if pending[0].FailCount != 2 || pending[0].OrderedOn != "2026-04-01" || pending[0].FollowupStatus != "整改中" {
			t.Fatalf("N1 = %+v", pending[0])
		}
	})
}
