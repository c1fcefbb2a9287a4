package ingest

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// wantRejects is, per broken fixture row, a part of the reason it must be set aside with.
var wantRejects = map[string]string{
	"X-county":          "县级代码(county_code) 碧岭区（990303）不属于本市 东川市（990100）",
	"X-uscc":            `统一社会信用代码(uscc) “91990102MA0000OI01”含非法字符`,
	"X-enum":            `产品类别(category) “toys”不是规定的取值`,
	"X-rectified":       "整改日期(rectified_on) 2026-07-30 早于发现日期(found_on) 2026-08-03",
	"X-deadline":        "整改期限(deadline) 2026-08-01 早于发现日期(found_on) 2026-08-03",
	"X-enterprise":      "企业编号(enterprise_id) X-county 在本局企业表中不存在",
	"X-future":          "发现日期(found_on) 2026-12-01 晚于本次采集日期 2026-11-25",
	"X-verified":        "复查日期(verified_on) 为空，但整改状态(status)为 verified（复查销号），必须填写",
	"X-date":            `排查日期(screened_on) “2026/08/01”无法识别为日期`,
	"X-flag":            "是否曝光(exposed) 2 应为 0 或 1",
	"X-unit":            "抽查单位(unit_code) 临江市（990200）不属于本市 东川市（990100）",
	"X-fail-count":      "不合格次数(fail_count) 0 小于 1",
	"X-followup":        "后处理完成日期(followup_done_on) 2026-03-01 早于责令整改日期(ordered_on) 2026-03-10",
	"X-assessed":        "二次研判日期(assessed_on) 2026-05-01 早于接收日期(received_on) 2026-06-01",
	"X-zeroed":          "清零日期(zeroed_on) 2026-04-01 早于识别日期(identified_on) 2026-05-01",
	"X-completed":       "完成日期(completed_on) 2026-03-02 早于开始日期(started_on) 2026-04-01",
	"X-cleared":         "确认清零隐患数(hazards_confirmed_cleared) 11 大于检查隐患数(hazards_checked) 10",
	"X-incident-county": "县级代码(county_code) 东川市（990100）不是县级单位",
}

func TestIngestOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		d, _, _, err := sqldb.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		w, err := warehouse.Open(ctx, dsn)
		db := dbtest.Open(t, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		reg := demotest.Registry(t)
		city := newBureau(t, d)
		fillCity(city)
		short := newBureau(t, d, "incidents", "hazards.verified_on", "samplings.traced")
		opt := Options{Now: now}
		wantRejects := maps.Clone(wantRejects)
		submissions := warehouse.TableCounts{Read: 1, Loaded: 1}
		if d != sqldb.MySQL {
			wantRejects[longID[:64]] = "记录编号(id) 长度 70 字，超过 64 字上限"
			submissions = warehouse.TableCounts{Read: 2, Loaded: 1, Rejected: 1}
		}

		// The first pull loads the good rows, sets the broken ones aside, and
		// refuses the database that lacks tables and columns.
		rep, err := Run(ctx, w, reg, []Source{{Unit: "990100", DSN: city.dsn}, {Unit: "990200", DSN: short.dsn}}, opt)
		if err != nil {
			t.Fatal(err)
		}
		first := rep.Sources[0]
		if first.Outcome != "ok" || first.Error != "" {
			t.Fatalf("990100: %s %s", first.Outcome, first.Error)
		}
		expectCounts(t, "first pull", first.Tables, map[string]warehouse.TableCounts{
			"enterprises":        {Read: 6, Loaded: 3, Rejected: 3, Warnings: 1},
			"hazards":            {Read: 8, Loaded: 2, Deleted: 1, Rejected: 5},
			"screenings":         {Read: 2, Loaded: 1, Rejected: 1},
			"samplings":          {Read: 3, Loaded: 1, Rejected: 2},
			"nonconforming":      {Read: 3, Loaded: 1, Rejected: 2},
			"dormant_checks":     {Read: 1, Loaded: 1},
			"risk_signals":       {Read: 2, Loaded: 1, Rejected: 1},
			"risk_points":        {Read: 2, Loaded: 1, Rejected: 1},
			"activities":         {Read: 2, Loaded: 1, Rejected: 1},
			"supervision_visits": {Read: 2, Loaded: 1, Rejected: 1},
			"submissions":        submissions,
			"incidents":          {Read: 2, Loaded: 1, Rejected: 1},
		})
		refused := rep.Sources[1]
		if refused.Outcome != "refused" || !strings.Contains(refused.Error, "缺少表 incidents") ||
			!strings.Contains(refused.Error, "hazards.verified_on") || !strings.Contains(refused.Error, "samplings.traced") {
			t.Fatalf("990200: %s %q", refused.Outcome, refused.Error)
		}
		issues := issuesByRow(t, w)
		for id, reason := range wantRejects {
			got := issues[id]
			if len(got) != 1 || got[0].Severity != "reject" || !strings.Contains(got[0].Reason, reason) {
				t.Errorf("%s: issues %+v, want a reject with %q", id, got, reason)
			}
		}
		if got := issues["E-03"]; len(got) != 1 || got[0].Severity != "warning" || !strings.Contains(got[0].Reason, "校验位不符") {
			t.Errorf("E-03: %+v, want a check digit warning", got)
		}
		if raw := issues["X-date"][0].Raw; !strings.Contains(raw, `"screened_on":"2026/08/01"`) || !strings.HasPrefix(raw, `{"id":"X-date"`) {
			t.Errorf("raw row %s", raw)
		}
		if n := len(issues); n != len(wantRejects)+1 {
			t.Errorf("%d rows with issues, want %d", n, len(wantRejects)+1)
		}
		expectRow(t, db, "hazards", "H-01", "found_on", "2026-08-03") // read from a real DATE column
		expectRow(t, db, "hazards", "H-03", "deleted", "1")
		expectRow(t, db, "hazards", "H-01", "updated_at", t1.Format("2006-01-02T15:04:05.000000Z07:00"))

		// A second pull without changes reads and changes nothing.
		rep, err = Run(ctx, w, reg, []Source{{Unit: "990100", DSN: city.dsn}}, opt)
		if err != nil {
			t.Fatal(err)
		}
		expectCounts(t, "second pull", rep.Sources[0].Tables, nil)
		if again := issuesByRow(t, w); len(again) != len(issues) || again["X-date"][0].PullID != issues["X-date"][0].PullID {
			t.Errorf("second pull rewrote issues")
		}

		// The bureau changes rows: an update, two fixes (one of an enterprise
		// a set-aside hazard refers to), a withdrawal, and a good row broken.
		city.set("hazards", "H-01", map[string]any{"status": "verified", "verified_on": "2026-09-01", "updated_at": t2})
		city.set("hazards", "X-rectified", map[string]any{"rectified_on": "2026-08-10", "updated_at": t2})
		city.set("enterprises", "X-county", map[string]any{"county_code": "990104", "updated_at": t3})
		city.set("hazards", "H-02", map[string]any{"deleted": 1, "updated_at": t3})
		city.set("screenings", "S-01", map[string]any{"screened_on": "2026-13-01", "updated_at": t2})
		city.set("supervision_visits", "V-01", map[string]any{"deleted": 1, "hazards_confirmed_cleared": 99, "updated_at": t2})
		if _, err := city.db.ExecContext(ctx, `DELETE FROM samplings WHERE id = 'X-flag'`); err != nil {
			t.Fatal(err) // removed outright, against the contract: its complaint goes with it
		}
		rep, err = Run(ctx, w, reg, []Source{{Unit: "990100", DSN: city.dsn}}, opt)
		if err != nil {
			t.Fatal(err)
		}
		third := rep.Sources[0]
		expectCounts(t, "third pull", third.Tables, map[string]warehouse.TableCounts{
			"enterprises":        {Read: 1, Loaded: 1},
			"hazards":            {Read: 4, Loaded: 2, Updated: 1, Deleted: 1},
			"screenings":         {Read: 1, Rejected: 1},
			"supervision_visits": {Read: 1, Deleted: 1},
		})
		issues = issuesByRow(t, w)
		for _, fixed := range []string{"X-rectified", "X-county", "X-enterprise", "X-flag"} {
			if len(issues[fixed]) > 0 {
				t.Errorf("%s was fixed but still has %+v", fixed, issues[fixed])
			}
		}
		if got := issues["S-01"]; len(got) != 1 || !strings.Contains(got[0].Reason, `“2026-13-01”无法识别为日期`) {
			t.Errorf("S-01: %+v", got)
		}
		expectRow(t, db, "hazards", "H-01", "verified_on", "2026-09-01")
		expectRow(t, db, "hazards", "X-enterprise", "enterprise_id", "X-county")
		expectRow(t, db, "hazards", "H-02", "deleted", "1")
		expectRow(t, db, "supervision_visits", "V-01", "deleted", "1") // withdrawn, though broken
		expectRow(t, db, "supervision_visits", "V-01", "hazards_confirmed_cleared", "9")
		if len(issues["V-01"]) > 0 {
			t.Errorf("withdrawn V-01 has issues %+v", issues["V-01"])
		}
		expectRow(t, db, "screenings", "S-01", "screened_on", "2026-08-01") // the last good version stays

		// Pulled again unchanged, the broken version is not recorded anew.
		rep, err = Run(ctx, w, reg, []Source{{Unit: "990100", DSN: city.dsn}}, opt)
		if err != nil {
			t.Fatal(err)
		}
		fourth := rep.Sources[0]
		expectCounts(t, "fourth pull", fourth.Tables, nil)
		if again := issuesByRow(t, w); len(again) != len(issues) || again["S-01"][0].PullID != third.PullID {
			t.Errorf("fourth pull rewrote issues: %+v", again["S-01"])
		}

		// An unreachable source keeps its data and is marked with its last good pull.
		gone := map[sqldb.Dialect]string{
			sqldb.SQLite:   "sqlite:" + filepath.Join(t.TempDir(), "missing.db"),
			sqldb.Postgres: "postgres://postgres@127.0.0.1:1/nowhere?connect_timeout=2",
			sqldb.MySQL:    "mysql://root@127.0.0.1:1/nowhere?timeout=2s",
		}[d]
		rep, err = Run(ctx, w, reg, []Source{{Unit: "990100", DSN: gone}}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if s := rep.Sources[0]; s.Outcome != "unreachable" || s.Error == "" || !rep.Degraded() {
			t.Fatalf("unreachable source: %+v", s)
		}
		var n int
		if err := db.GetContext(ctx, &n, db.Rebind(`SELECT COUNT(*) FROM hazards WHERE bureau = ?`), "990100"); err != nil || n != 5 {
			t.Errorf("hazards kept: %d, %v; want 5", n, err)
		}
		pulls, err := w.LatestPulls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pulls) != 2 || pulls[0].Bureau != "990100" || pulls[0].Outcome != "unreachable" ||
			pulls[0].LastGoodID != fourth.PullID || pulls[0].LastGoodFinished.IsZero() || pulls[0].Error == "" {
			t.Errorf("latest pulls: %+v", pulls)
		}
		if pulls[1].Bureau != "990200" || pulls[1].Outcome != "refused" || pulls[1].LastGoodID != 0 {
			t.Errorf("latest pulls: %+v", pulls[1])
		}
		if pulls[0].Started.IsZero() || pulls[0].Finished.Before(pulls[0].Started) {
			t.Errorf("pull times: %+v", pulls[0])
		}
	})
}

func expectCounts(t *testing.T, step string, got, want map[string]warehouse.TableCounts) {
	t.Helper()
	for table, c := range got {
		if c != want[table] {
			t.Errorf("%s: %s counts %+v, want %+v", step, table, c, want[table])
		}
	}
	for table := range want {
		if _, ok := got[table]; !ok {
			t.Errorf("%s: no counts for %s", step, table)
		}
	}
}

func issuesByRow(t *testing.T, w *warehouse.Warehouse) map[string][]warehouse.DataIssue {
	t.Helper()
	list, err := w.DataIssues(context.Background(), "990100")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]warehouse.DataIssue{}
	for _, d := range list {
		out[d.RowID] = append(out[d.RowID], d)
	}
	return out
}

// expectRow checks one warehouse value, read as text (dates as YYYY-MM-DD, timestamps as RFC 3339 in UTC).
func expectRow(t *testing.T, db *sqldb.DB, table, id, column, want string) {
	t.Helper()
	var v any
	q := db.Rebind(`SELECT ` + column + ` FROM ` + table + ` WHERE bureau = ? AND id = ?`)
	if err := db.QueryRowxContext(context.Background(), q, "990100", id).Scan(&v); err != nil {
		t.Errorf("%s %s: %v", table, id, err)
		return
	}
	var got string
	switch column {
	case "updated_at":
		ts, ok := contractTimestamp(v)
		if !ok {
			t.Errorf("%s %s %s: unreadable %#v", table, id, column, v)
		}
		got = ts
	case "found_on", "verified_on", "screened_on":
		var d zhengzhi.Date
		if err := d.Scan(v); err != nil {
			t.Fatal(err)
		}
		got = d.String()
	default:
		got = stringOf(v)
	}
	if got != want {
		t.Errorf("%s %s %s = %q, want %q", table, id, column, got, want)
	}
}

func TestUnknownUnitIsRefused(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, dbtest.New(t, sqldb.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	city := newBureau(t, sqldb.SQLite)
	rep, err := Run(ctx, w, demotest.Registry(t), []Source{{Unit: "999900", DSN: city.dsn}}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Sources[0]; s.Outcome != "refused" || s.Error != "单位 999900 不在单位名录中，无法确定其数据范围" {
		t.Fatalf("%+v", s)
	}
}
