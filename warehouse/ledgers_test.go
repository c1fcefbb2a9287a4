package warehouse_test

import (
	"context"
	"reflect"
	"testing"

	"zhengzhi"

	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// collect drains a ledger's stream, checking that it yields Count rows.
func collect[Row any](t *testing.T, l warehouse.Records[Row], err error) []Row {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []Row
	for r, err := range l.Rows {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if int64(len(out)) != l.Count {
		t.Errorf("the ledger counted %d rows and yielded %d", l.Count, len(out))
	}
	return out
}

func checkHazardLedger(t *testing.T, w *warehouse.Warehouse) {
	reg := registry(t)
	ctx := context.Background()
	l, err := w.HazardRecords(ctx, reg.Province, windowStart, asOf)
	recs := collect(t, l, err)
	ledger := reports.HazardLedger(reports.Meta{AsOf: asOf}, reg, reg.Province, windowStart, l.Count, l.Rows)
	rows := collect(t, warehouse.Records[reports.HazardLedgerRow]{Count: ledger.Count, Rows: ledger.Rows}, nil)
	type summary struct {
		ID, CountyName string
		Overdue        bool
		Days           int
	}
	var got []summary
	for _, r := range rows {
		got = append(got, summary{r.ID, r.CountyName, r.Overdue, r.DaysOverdue})
	}
	want := []summary{
		{"H1", "杏山区", false, 0}, {"H5", "杏山区", true, 71}, {"H2", "杏山区", true, 60},
		{"H3", "云水县", false, 0}, {"H4", "云水县", true, 41}, {"H11", "云水县", true, 10},
		{"H9", "鹤盛区", false, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hazard ledger\n got %v\nwant %v", got, want)
	}
	h1 := rows[0]
	if h1.CityName != "东川市" || h1.Enterprise != "企业E1" || h1.RectifiedOn != zhengzhi.NewDate(2026, 9, 1) || h1.VerifiedOn != zhengzhi.NewDate(2026, 9, 20) || h1.Status != "verified" {
		t.Errorf("H1 %+v", h1)
	}
	if h4 := recs[4]; h4.RectifiedOn != zhengzhi.NewDate(2026, 12, 2) || h4.Deadline != zhengzhi.NewDate(2026, 10, 20) {
		t.Errorf("H4 %+v", h4)
	}
	linjiang, _ := reg.Unit("990200")
	city, err := w.HazardRecords(ctx, linjiang, windowStart, asOf)
	if rows := collect(t, city, err); len(rows) != 1 || rows[0].ID != "H9" {
		t.Errorf("临江市 ledger %+v", rows)
	}
}

func checkFollowupLedger(t *testing.T, w *warehouse.Warehouse) {
	l, err := w.FollowupRecords(context.Background(), registry(t).Province, windowStart, asOf)
	rows := collect(t, l, err)
	type summary struct {
		ID, CorrectionDue, RecheckDue string
		CorrectionOverdue, Recheck    bool
	}
	var got []summary
	for _, r := range rows {
		got = append(got, summary{r.ID, r.CorrectionDue().String(), r.RecheckDue().String(), r.CorrectionOverdue, r.RecheckOverdue})
	}
	want := []summary{
		{"N1", "2026-09-30", "2026-10-15", false, false},
		{"N2", "2026-10-31", "2026-11-15", true, true},
		{"N3", "2026-11-19", "2026-12-04", false, false},
		{"N5", "2026-11-14", "2026-11-29", true, true},
		{"N7", "2026-11-15", "2026-11-30", true, false},
		{"N4", "", "", false, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("follow-up ledger\n got %v\nwant %v", got, want)
	}
	if n2 := rows[1]; n2.FailCount != 2 || n2.Enterprise != "企业E2" || n2.Status != "rectifying" || n2.OrderedOn != zhengzhi.NewDate(2026, 9, 1) {
		t.Errorf("N2 %+v", n2)
	}
}

func checkRiskPointLedger(t *testing.T, w *warehouse.Warehouse) {
	l, err := w.RiskPointRecords(context.Background(), registry(t).Province, windowStart, asOf)
	rows := collect(t, l, err)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	if !reflect.DeepEqual(ids, []string{"P1", "P2", "P3", "P4", "P6"}) {
		t.Fatalf("risk points %v", ids)
	}
	if p1 := rows[0]; p1.Enterprise != "企业E1" || p1.ZeroedOn != zhengzhi.NewDate(2026, 10, 1) || p1.Measure != "rectified" || !p1.Briefed {
		t.Errorf("P1 %+v", p1)
	}
	if p4 := rows[3]; !p4.ZeroedOn.IsZero() || p4.Measure != "" || p4.Enterprise != "" {
		t.Errorf("P4 was zeroed after the as-of date and counts as not zeroed: %+v", p4)
	}
}
