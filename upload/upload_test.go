package upload_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/contract"
	"zhengzhi/ingest"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
	"zhengzhi/upload"
	"zhengzhi/warehouse"
)

const hazardsSheet = "隐患台账"

// indicators are those the test's rows move.
var indicators = []string{"hazards_found", "hazard_rectification_rate", "hazard_closure_rate", "overdue_major_hazards",
	"sampling_batches", "screening_coverage"}

func submit(t *testing.T, w *warehouse.Warehouse, reg *zhengzhi.Registry, book []byte, confirm, withdraw bool) (upload.Preview, error) {
	t.Helper()
	dir := t.TempDir()
	log, err := account.OpenAuditLog(context.Background(), w, account.AuditFiles{KeyFile: filepath.Join(dir, "audit.key"),
		AnchorFile: filepath.Join(dir, "audit-anchors.log")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	return upload.Submit(context.Background(), w, reg, upload.Request{Unit: county, FileName: "填报.xlsx", Workbook: book,
		By: "clerk", ByUnit: county, Client: "test", Confirm: confirm, ConfirmWithdraw: withdraw, Now: now, Location: beijng, Audit: log})
}

func refs(rs []upload.RowRef) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Table+"/"+r.ID)
	}
	return out
}

// TestCountyReportsByUpload is the issue's whole story on every warehouse
// engine: the county's clerk downloads the template prefilled with the
// city's rows about the county, confirms it, the province switches the
// county to uploads, and the next statement adds, changes, withdraws and
// has a bad row; a preview changes nothing; ingest loads the statement and
// the county's numbers equal those of the same rows in a bureau database.
func TestCountyReportsByUpload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		reg := demotest.Registry(t)
		rs := demotest.RuleSet(t, "safe-county.yaml")
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		cityDB := newBureau(t)
		fillCity(cityDB)
		citySource := ingest.Source{Unit: city, DSN: cityDB.dsn}
		if _, err := ingest.Run(ctx, w, reg, []ingest.Source{citySource}, ingest.Options{Now: now}); err != nil {
			t.Fatal(err)
		}

		// The template holds what the warehouse holds about the county, and
		// nothing about the other county; the same warehouse gives the same bytes.
		tpl, err := upload.Template(ctx, w, reg, county)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := upload.Template(ctx, w, reg, county)
		if !bytes.Equal(tpl, again) {
			t.Error("two templates of the same warehouse differ")
		}
		book := openBook(t, tpl)
		if got := book.ids(hazardsSheet); !reflect.DeepEqual(got, []string{"H-01"}) {
			t.Errorf("hazards prefilled %v, want H-01", got)
		}
		if got := book.ids("重点工业产品生产企业"); !reflect.DeepEqual(got, []string{"E-01"}) {
			t.Errorf("enterprises prefilled %v, want E-01", got)
		}
		// An enumerated column speaks the clerk's words: its drop-down offers
		// the Chinese labels, and a prefilled value is written by its label.
		severity := book.column(hazardsSheet, "severity")
		if got, _ := book.f.GetCellValue(hazardsSheet, severity+"3"); got != "一般隐患" {
			t.Errorf("H-01's 隐患等级 is prefilled %q, want 一般隐患", got)
		}
		if got := book.dropDown(hazardsSheet, severity); got != `"一般隐患,重大隐患"` {
			t.Errorf("隐患等级's drop-down offers %s, want the labels", got)
		}

		// The first statement: the template as it came.
		p, err := submit(t, w, reg, tpl, true, false)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"enterprises/E-01", "hazards/H-01", "samplings/SP-01"}; !reflect.DeepEqual(refs(p.Added), want) || len(p.SetAside) != 0 {
			t.Fatalf("first statement added %v set aside %v, want %v", refs(p.Added), p.SetAside, want)
		}
		sources := []ingest.Source{citySource, {Unit: county, Upload: true}}
		if _, err := ingest.Run(ctx, w, reg, sources, ingest.Options{Now: later}); err != nil {
			t.Fatal(err)
		}
		// The city's rows about the county are set aside with the reason,
		// listed for the city and for the county; the other county's stay.
		issues, err := w.DataIssues(ctx, county)
		if err != nil {
			t.Fatal(err)
		}
		ceded := map[string]bool{}
		for _, d := range issues {
			if d.Bureau == city && d.Reason == contract.CededReason && d.About == county {
				ceded[d.Table+"/"+d.RowID] = true
			}
		}
		if want := map[string]bool{"enterprises/E-01": true, "hazards/H-01": true, "samplings/SP-01": true}; !reflect.DeepEqual(ceded, want) {
			t.Errorf("county's list shows the city's ceded rows %v, want %v (all: %+v)", ceded, want, issues)
		}
		cityIssues, _ := w.DataIssues(ctx, city)
		if n := countReason(cityIssues, contract.CededReason); n != 3 {
			t.Errorf("city's list has %d ceded rows, want 3", n)
		}
		before, err := w.IndicatorValues(ctx, reg, rs, asOf, indicators...)
		if err != nil {
			t.Fatal(err)
		}
		if v := before[county]["hazards_found"]; v.Numerator != 1 {
			t.Errorf("county's hazards_found %+v after the first statement, want 1 (the city's copy must not count twice)", v)
		}

		// The second statement, filled from the new template (the statement's rows).
		tpl, err = upload.Template(ctx, w, reg, county)
		if err != nil {
			t.Fatal(err)
		}
		book = openBook(t, tpl)
		book.set(hazardsSheet, book.rowOf(hazardsSheet, "H-01"), map[string]any{"status": "verified", "verified_on": date("2026-09-01")})
		// H-10 as the drop-downs write it, the row after it with the contract's
		// values as a program writes them: both read alike.
		book.add(hazardsSheet, map[string]any{"id": "H-10", "enterprise_id": "E-01", "source": "监督抽查",
			"found_on": date("2026-10-02"), "severity": "重大隐患", "description": "新增隐患", "deadline": date("2026-12-01"),
			"status": "待整改", "enforcement": "未处理", "license_action": "无"})
		generated := book.add(hazardsSheet, map[string]any{"enterprise_id": "E-01", "source": "screening",
			"found_on": date("2026-10-05"), "severity": "general", "description": "无编号的新增隐患", "deadline": date("2026-12-01"),
			"status": "rectified", "rectified_on": date("2026-10-20"), "enforcement": "none", "license_action": "none"})
		bad := book.add(hazardsSheet, map[string]any{"id": "H-bad", "enterprise_id": "E-01", "source": "screening",
			"found_on": date("2026-10-05"), "severity": "严重", "description": "等级写错", "deadline": date("2026-12-01"),
			"status": "open", "enforcement": "none", "license_action": "none"})
		book.remove("监督抽查", "SP-01")
		filled := book.bytes()

		// The preview names each change and changes nothing.
		p, err = submit(t, w, reg, filled, false, false)
		if err != nil {
			t.Fatal(err)
		}
		genID := "U" + p.SHA256[:10] + "-" + itoa(generated)
		if want := []string{"hazards/H-10", "hazards/" + genID}; !reflect.DeepEqual(refs(p.Added), want) {
			t.Errorf("added %v, want %v", refs(p.Added), want)
		}
		if want := []string{"hazards/H-01"}; !reflect.DeepEqual(refs(p.Changed), want) {
			t.Errorf("changed %v, want %v", refs(p.Changed), want)
		}
		if want := []string{"samplings/SP-01"}; !reflect.DeepEqual(refs(p.Withdrawn), want) {
			t.Errorf("withdrawn %v, want %v", refs(p.Withdrawn), want)
		}
		// The reason lists the values the drop-down offers, in its words.
		if len(p.SetAside) != 1 || p.SetAside[0].Sheet != hazardsSheet || p.SetAside[0].Row != bad ||
			p.SetAside[0].Column != "隐患等级" || p.SetAside[0].Value != "严重" || p.SetAside[0].Reason != "隐患等级 “严重”不是规定的取值，应为：一般隐患、重大隐患" {
			t.Errorf("set aside %+v, want 隐患台账 row %d 隐患等级 严重 with the allowed labels", p.SetAside, bad)
		}
		if p.Unchanged != 1 {
			t.Errorf("unchanged %d, want 1 (E-01)", p.Unchanged)
		}
		if st, _ := w.Statements(ctx, county); len(st) != 1 {
			t.Errorf("a preview stored a statement: %d", len(st))
		}

		// Withdrawing 1 of 3 rows (more than a fifth) needs the second confirmation.
		var we *upload.WithdrawError
		if _, err := submit(t, w, reg, filled, true, false); !errors.As(err, &we) || we.Withdrawn != 1 || we.InForce != 3 {
			t.Fatalf("confirm without --confirm-withdraw: %v, want a WithdrawError 1 of 3", err)
		}
		if st, _ := w.Statements(ctx, county); len(st) != 1 {
			t.Errorf("an unconfirmed withdrawal stored a statement: %d", len(st))
		}
		if _, err := submit(t, w, reg, filled, true, true); err != nil {
			t.Fatal(err)
		}
		st, _ := w.Statements(ctx, county)
		if len(st) != 2 || st[0].UploadedBy != "clerk" || st[0].SHA256 != p.SHA256 || !st[0].UploadedAt.Equal(now) {
			t.Errorf("statements %+v, want two, the newest by clerk with the workbook's sha256", st)
		}
		if b, err := w.StatementWorkbook(ctx, st[0].ID); err != nil || !bytes.Equal(b, filled) {
			t.Errorf("the stored workbook differs from the uploaded one (%v)", err)
		}
		if _, err := ingest.Run(ctx, w, reg, sources, ingest.Options{Now: later}); err != nil {
			t.Fatal(err)
		}
		issues, _ = w.DataIssues(ctx, county)
		var badReason string
		for _, d := range issues {
			if d.Bureau == county && d.RowID == "H-bad" {
				badReason = d.Reason
			}
		}
		if want := "工作表“隐患台账”第 " + itoa(bad) + " 行："; !strings.HasPrefix(badReason, want) {
			t.Errorf("the bad row's reason in the set-aside list is %q, want it to begin with %q", badReason, want)
		}

		// The same rows in a bureau database of the county give the same numbers.
		d, _, _, _ := sqldb.Parse(dsn)
		twin, err := warehouse.Open(ctx, dbtest.New(t, d))
		if err != nil {
			t.Fatal(err)
		}
		defer twin.Close()
		countyDB := newBureau(t)
		countyDB.put("enterprises", enterprise("E-01", county))
		h := hazard("H-01", "E-01")
		h["status"], h["verified_on"] = "verified", "2026-09-01"
		countyDB.put("hazards", h)
		countyDB.put("hazards", map[string]any{"id": "H-10", "enterprise_id": "E-01", "source": "sampling",
			"found_on": "2026-10-02", "severity": "major", "description": "新增隐患", "deadline": "2026-12-01",
			"status": "open", "rectified_on": nil, "verified_on": nil, "enforcement": "none", "license_action": "none"})
		countyDB.put("hazards", map[string]any{"id": "H-11", "enterprise_id": "E-01", "source": "screening",
			"found_on": "2026-10-05", "severity": "general", "description": "无编号的新增隐患", "deadline": "2026-12-01",
			"status": "rectified", "rectified_on": "2026-10-20", "verified_on": nil, "enforcement": "none", "license_action": "none"})
		countyDB.put("hazards", map[string]any{"id": "H-bad", "enterprise_id": "E-01", "source": "screening",
			"found_on": "2026-10-05", "severity": "huge", "description": "等级写错", "deadline": "2026-12-01",
			"status": "open", "rectified_on": nil, "verified_on": nil, "enforcement": "none", "license_action": "none"})
		if _, err := ingest.Run(ctx, twin, reg, []ingest.Source{citySource, {Unit: county, DSN: countyDB.dsn}}, ingest.Options{Now: later}); err != nil {
			t.Fatal(err)
		}
		got, err := w.IndicatorValues(ctx, reg, rs, asOf, indicators...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := twin.IndicatorValues(ctx, reg, rs, asOf, indicators...)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[county], want[county]) || !reflect.DeepEqual(got[city], want[city]) {
			t.Errorf("county by upload %+v\nby database %+v", got[county], want[county])
		}
		if v := got[county]["hazards_found"]; v.Numerator != 3 {
			t.Errorf("hazards_found %+v, want 3 (H-01, H-10 and the one without an id; H-bad set aside)", v)
		}

		// A third statement withdraws H-10 (1 of 5 in force: no second confirmation).
		tpl, _ = upload.Template(ctx, w, reg, county)
		book = openBook(t, tpl)
		book.remove(hazardsSheet, "H-10")
		p, err = submit(t, w, reg, book.bytes(), true, false)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"hazards/H-10"}; !reflect.DeepEqual(refs(p.Withdrawn), want) || len(p.Added)+len(p.Changed) != 0 {
			t.Errorf("third statement: withdrawn %v added %v changed %v, want H-10 withdrawn only", refs(p.Withdrawn), refs(p.Added), refs(p.Changed))
		}
		if _, err := ingest.Run(ctx, w, reg, sources, ingest.Options{Now: later}); err != nil {
			t.Fatal(err)
		}
		got, _ = w.IndicatorValues(ctx, reg, rs, asOf, indicators...)
		if v := got[county]["hazards_found"]; v.Numerator != 2 {
			t.Errorf("hazards_found %+v after H-10 was withdrawn, want 2", v)
		}

		// A workbook without the enterprises sheet leaves them as they are,
		// and its rows still refer to them.
		tpl, _ = upload.Template(ctx, w, reg, county)
		book = openBook(t, tpl)
		if err := book.f.DeleteSheet("重点工业产品生产企业"); err != nil {
			t.Fatal(err)
		}
		p, err = submit(t, w, reg, book.bytes(), false, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.SetAside {
			if a.Sheet == hazardsSheet && a.Column == "企业编号" {
				t.Errorf("without the enterprises sheet a hazard was set aside: %+v", a)
			}
		}
		if len(p.Withdrawn) != 0 || p.Unchanged != 2 {
			t.Errorf("without the enterprises sheet: withdrawn %v, unchanged %d, want none and 2 (H-01 and the one without an id)", refs(p.Withdrawn), p.Unchanged)
		}

		// Each preview and confirmation is in the audit log.
		log, err := w.AuditLog(ctx, warehouse.AuditFilter{Account: "clerk"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
		}
		if want := []string{account.ActUploadConfirm, account.ActUploadPreview, account.ActUploadConfirm, account.ActUploadConfirm, account.ActUploadConfirm, account.ActUploadPreview}; !reflect.DeepEqual(actions, want) {
			t.Errorf("audit log %v, want %v", actions, want)
		}
	})
}

func countReason(issues []warehouse.DataIssue, reason string) int {
	n := 0
	for _, d := range issues {
		if d.Reason == reason {
			n++
		}
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }
