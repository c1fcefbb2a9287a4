package ingest

import (
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/internal/instance"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// The tests of this file hold ingest to its promise: every row read is
// loaded, updated, withdrawn or listed with its reason, and a pull never
// fails or drops a row over one row's fault.

// pullOnce pulls the bureau 990100 and fails the test unless the pull is ok.
func pullOnce(t *testing.T, w *warehouse.Warehouse, dsn string) SourceReport {
	t.Helper()
	rep, err := Run(context.Background(), w, demotest.Registry(t), []Source{{Unit: "990100", DSN: dsn}}, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Sources[0]
	if s.Outcome != warehouse.PullOK {
		t.Fatalf("pull: %s %s", s.Outcome, s.Error)
	}
	return s
}

// checkBalance checks that a pull's counts add up — read = loaded + updated
// + withdrawn + set aside — and that every row set aside is listed once.
func checkBalance(t *testing.T, w *warehouse.Warehouse, s SourceReport) {
	t.Helper()
	list, err := w.DataIssues(context.Background(), "990100")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]map[warehouse.RowKey]bool{}
	for _, d := range list {
		if d.Severity == "reject" && d.PullID == s.PullID {
			if listed[d.Table] == nil {
				listed[d.Table] = map[warehouse.RowKey]bool{}
			}
			listed[d.Table][warehouse.RowKey{ID: d.RowID, Copy: d.RowCopy}] = true
		}
	}
	for table, c := range s.Tables {
		if c.Read != c.Loaded+c.Updated+c.Deleted+c.Rejected {
			t.Errorf("%s: read %d ≠ loaded %d + updated %d + withdrawn %d + set aside %d", table, c.Read, c.Loaded, c.Updated, c.Deleted, c.Rejected)
		}
		if n := len(listed[table]); n != c.Rejected {
			t.Errorf("%s: %d rows set aside, %d listed", table, c.Rejected, n)
		}
	}
}

// openPulled opens the warehouse of a test on dsn (closed when the test
// ends) and a handle to read its tables.
func openPulled(t *testing.T, dsn string) (*warehouse.Warehouse, *sqldb.DB) {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, dbtest.Open(t, dsn)
}

// TestFutureUpdatedAtNeverMovesTheWatermark: a row stamped 2099 is set aside
// with its reason, and the rows added and changed after it still load; once
// the bureau corrects the stamp, the row loads.
func TestFutureUpdatedAtNeverMovesTheWatermark(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		d, _, _, _ := sqldb.Parse(dsn)
		w, db := openPulled(t, dsn)
		b := newBureau(t, d)
		b.put("enterprises", enterprise("E-01", "990102"))
		b.put("hazards", hazard("H-01", "E-01"))
		b.put("hazards", hazard("H-02", "E-01"))
		future := hazard("H-F", "E-01")
		future["updated_at"] = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
		b.put("hazards", future)

		first := pullOnce(t, w, b.dsn)
		if c := first.Tables["hazards"]; c.Loaded != 2 || c.Rejected != 1 {
			t.Errorf("first pull: %+v", c)
		}
		checkBalance(t, w, first)
		if got := issuesByRow(t, w)["H-F"]; len(got) != 1 || !strings.Contains(got[0].Reason, "更新时间(updated_at) 2099-01-01 00:00:00 晚于本次采集时间") {
			t.Fatalf("H-F: %+v", got)
		}

		// Later rows and changes load; a good row broken says its last good version stays.
		b.put("hazards", map[string]any{"id": "H-N", "enterprise_id": "E-01", "source": "screening", "found_on": "2026-09-01",
			"severity": "major", "description": "新隐患", "deadline": "2026-12-31", "status": "open", "rectified_on": nil,
			"verified_on": nil, "enforcement": "none", "license_action": "none", "updated_at": t2})
		b.set("hazards", "H-01", map[string]any{"description": "已改", "updated_at": t2})
		b.set("hazards", "H-02", map[string]any{"status": "verified", "updated_at": t2})
		second := pullOnce(t, w, b.dsn)
		if c := second.Tables["hazards"]; c.Loaded != 1 || c.Updated != 1 || c.Rejected != 1 {
			t.Errorf("second pull: %+v, want H-N loaded, H-01 updated, H-02 set aside", c)
		}
		checkBalance(t, w, second)
		expectRow(t, db, "hazards", "H-01", "description", "已改")
		expectRow(t, db, "hazards", "H-N", "description", "新隐患")
		expectRow(t, db, "hazards", "H-02", "status", "rectified")
		got := issuesByRow(t, w)["H-02"]
		if len(got) != 1 || !got[0].KeptVersion || !strings.HasSuffix(got[0].Reason, warehouse.KeptVersionNote) {
			t.Errorf("H-02: %+v, want its kept version said", got)
		}

		// Corrected, the row loads and its complaint goes.
		b.set("hazards", "H-F", map[string]any{"updated_at": t3})
		third := pullOnce(t, w, b.dsn)
		if c := third.Tables["hazards"]; c.Loaded != 1 || c.Read != 1 {
			t.Errorf("third pull: %+v, want H-F loaded", c)
		}
		if got := issuesByRow(t, w)["H-F"]; len(got) != 0 {
			t.Errorf("H-F corrected but listed: %+v", got)
		}

		// The bureau undoes the broken change: the row is again the version
		// held, and its complaint goes.
		b.set("hazards", "H-02", map[string]any{"status": "rectified", "updated_at": t1})
		fourth := pullOnce(t, w, b.dsn)
		if c := fourth.Tables["hazards"]; c.Updated != 1 || c.Read != 1 {
			t.Errorf("fourth pull: %+v, want H-02 stored again", c)
		}
		if got := issuesByRow(t, w)["H-02"]; len(got) != 0 {
			t.Errorf("H-02 undone but listed: %+v", got)
		}
	})
}

// TestLateRowsLoad: a row committed after a pull with an updated_at before
// that pull's newest row, and a row changed without a new updated_at, load
// on the next pull; rows read again unchanged are skipped.
func TestLateRowsLoad(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		d, _, _, _ := sqldb.Parse(dsn)
		w, db := openPulled(t, dsn)
		b := newBureau(t, d)
		b.put("enterprises", enterprise("E-01", "990102"))
		b.put("hazards", hazard("H-01", "E-01"))
		h := hazard("H-02", "E-01")
		h["updated_at"] = t3
		b.put("hazards", h)
		pullOnce(t, w, b.dsn)

		late := hazard("H-L", "E-01")
		late["updated_at"] = t3.Add(-time.Hour) // before the watermark, t3
		b.put("hazards", late)
		b.set("hazards", "H-02", map[string]any{"description": "改了内容，未改时间"})
		second := pullOnce(t, w, b.dsn)
		if c := second.Tables["hazards"]; c.Loaded != 1 || c.Updated != 1 || c.Read != 2 {
			t.Errorf("second pull: %+v, want H-L loaded and H-02 updated", c)
		}
		expectRow(t, db, "hazards", "H-L", "updated_at", t3.Add(-time.Hour).Format("2006-01-02T15:04:05.000000Z07:00"))
		expectRow(t, db, "hazards", "H-02", "description", "改了内容，未改时间")

		third := pullOnce(t, w, b.dsn)
		expectCounts(t, "third pull", third.Tables, nil)
	})
}

// TestRowsWithoutAUsableIDAreEachListed: rows without an id, with a blank
// one, with ids alike in their first 64 characters, with a space after the
// id, and rows sharing an id each are set aside and listed once — the rest
// of the bureau loads — and stay listed on later pulls until fixed.
func TestRowsWithoutAUsableIDAreEachListed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w, db := openPulled(t, dsn)
		b := newBureau(t, sqldb.SQLite, "keys")
		b.put("enterprises", enterprise("E-01", "990102"))
		old := t1.AddDate(0, 0, -10) // long before the watermark
		add := func(id any, description string) {
			h := hazard("?", "E-01")
			h["id"], h["description"], h["updated_at"] = id, description, old
			b.put("hazards", h)
		}
		b.put("hazards", hazard("H-01", "E-01"))
		add(nil, "无编号一")
		add(nil, "无编号二")
		add("", "空编号")
		long := strings.Repeat("L", 64)
		add(long+"A", "长编号一")
		add(long+"B", "长编号二")
		add("H-TRAIL", "正常")
		add("H-TRAIL ", "尾随空格")
		add("H-D", "重复一")
		add("H-D", "重复二")
		add("H-SAME", "完全相同")
		add("H-SAME", "完全相同")

		first := pullOnce(t, w, b.dsn)
		if c := first.Tables["hazards"]; c.Read != 12 || c.Loaded != 2 || c.Rejected != 10 {
			t.Errorf("first pull: %+v, want 12 read, 2 loaded, 10 set aside", c)
		}
		checkBalance(t, w, first)
		expectRow(t, db, "hazards", "H-TRAIL", "description", "正常")
		issues := issuesByRow(t, w)
		for _, id := range []string{"H-D", "H-SAME"} {
			if got := issues[id]; len(got) != 2 || !strings.Contains(got[0].Reason, "编号重复：本表有 2 条记录使用此编号") ||
				got[0].RowCopy == got[1].RowCopy {
				t.Errorf("%s: %+v, want both copies listed as repeated", id, got)
			}
		}
		if got := issues["H-TRAIL "]; len(got) != 1 || !strings.Contains(got[0].Reason, "首尾含空格") {
			t.Errorf("H-TRAIL : %+v", got)
		}
		if got := issues[""]; len(got) != 3 {
			t.Errorf("rows without an id: %+v, want three listed", got)
		}
		if got := issues[long]; len(got) != 2 {
			t.Errorf("ids alike in 64 characters: %+v, want two listed", got)
		}

		// Pulled again unchanged, every row stays listed and nothing is counted.
		second := pullOnce(t, w, b.dsn)
		expectCounts(t, "second pull", second.Tables, nil)
		again := issuesByRow(t, w)
		for id, list := range issues {
			if len(again[id]) != len(list) || again[id][0].PullID != first.PullID {
				t.Errorf("second pull changed the listing of %q: %+v", id, again[id])
			}
		}

		// The bureau withdraws one copy of H-D and removes one row without an id.
		if _, err := b.db.ExecContext(ctx, `UPDATE hazards SET deleted = 1, updated_at = ? WHERE rowid = (SELECT MIN(rowid) FROM hazards WHERE id = 'H-D')`, t2); err != nil {
			t.Fatal(err)
		}
		if _, err := b.db.ExecContext(ctx, `DELETE FROM hazards WHERE rowid = (SELECT MIN(rowid) FROM hazards WHERE id IS NULL)`); err != nil {
			t.Fatal(err)
		}
		third := pullOnce(t, w, b.dsn)
		if c := third.Tables["hazards"]; c.Loaded != 1 || c.Read != 1 {
			t.Errorf("third pull: %+v, want H-D loaded", c)
		}
		expectRow(t, db, "hazards", "H-D", "description", "重复二")
		issues = issuesByRow(t, w)
		if len(issues["H-D"]) != 0 || len(issues[""]) != 2 || len(issues["H-SAME"]) != 2 {
			t.Errorf("after the fixes: H-D %+v, without id %d, H-SAME %d", issues["H-D"], len(issues[""]), len(issues["H-SAME"]))
		}
	})
}

// TestBadValuesAreSetAsideNotTheBureau: a NUL, bytes that are not UTF-8 and
// a 10 MB text are each one row's fault — the row is set aside with the
// column in its reason, its record is short enough for any engine — and
// the rest of the bureau loads, whatever the warehouse's engine.
func TestBadValuesAreSetAsideNotTheBureau(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		w, _ := openPulled(t, dsn)
		b := newBureau(t, sqldb.SQLite)
		b.put("enterprises", enterprise("E-01", "990102"))
		e := enterprise("E-UTF", "990102")
		e["name"] = "企业\xff\xfe"
		b.put("enterprises", e)
		b.put("hazards", hazard("H-01", "E-01"))
		h := hazard("H-NUL", "E-01")
		h["description"] = "隐患\x00描述"
		b.put("hazards", h)
		h = hazard("H-\x00", "E-01") // a NUL in the id itself
		h["description"] = "编号有误"
		b.put("hazards", h)
		h = hazard("H-BIG", "E-01")
		h["description"] = strings.Repeat("大", 10<<20/3) // 10 MB of UTF-8
		b.put("hazards", h)

		s := pullOnce(t, w, b.dsn)
		if c := s.Tables["hazards"]; c.Loaded != 1 || c.Rejected != 3 {
			t.Errorf("hazards: %+v", c)
		}
		if c := s.Tables["enterprises"]; c.Loaded != 1 || c.Rejected != 1 {
			t.Errorf("enterprises: %+v", c)
		}
		checkBalance(t, w, s)
		issues := issuesByRow(t, w)
		for id, want := range map[string]string{
			"E-UTF":  "企业名称(name) 含不符合 UTF-8 编码的字节",
			"H-NUL":  `隐患描述(description) 含 NUL 空字符`,
			"H-BIG":  "隐患描述(description) 长度 3495253 字，超过 16000 字上限",
			`H-\x00`: `记录编号(id) 含 NUL 空字符`,
		} {
			got := issues[id]
			if len(got) != 1 || !strings.Contains(got[0].Reason, want) {
				t.Errorf("%s: %+v, want %q", id, got, want)
				continue
			}
			if !json.Valid([]byte(got[0].Raw)) || len(got[0].Raw) > 20000 || len(got[0].Value) > 2000 {
				t.Errorf("%s: record of %d bytes of value and %d of raw row", id, len(got[0].Value), len(got[0].Raw))
			}
		}
		if v := issues["H-BIG"][0].Value; !strings.HasSuffix(v, "…（共 3495253 字，已截断）") {
			t.Errorf("H-BIG value kept as %q…", v[max(0, len(v)-60):])
		}
		// Pulled again unchanged, nothing is counted and every row stays listed.
		again := pullOnce(t, w, b.dsn)
		expectCounts(t, "second pull", again.Tables, nil)
		if got := issuesByRow(t, w); len(got) != len(issues) || len(got[`H-\x00`]) != 1 {
			t.Errorf("second pull: %d rows listed, want %d", len(got), len(issues))
		}
	})
}

// TestPullsOfDeadProcessesAreClosed: a pull left running by a process that
// was killed reads failed (采集中断) once the next ingest starts.
func TestPullsOfDeadProcessesAreClosed(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, dbtest.New(t, sqldb.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	child := exec.Command("true")
	if err := child.Run(); err != nil {
		t.Skip(err)
	}
	host, _, _ := strings.Cut(instance.Name(), ":")
	dead := host + ":" + strconv.Itoa(child.Process.Pid)
	if _, err := w.BeginPull(ctx, "990100", time.Now().Add(-time.Minute), dead); err != nil {
		t.Fatal(err)
	}
	// Another bureau's pull, so that the closed one stays 990100's latest.
	if _, err := Run(ctx, w, demotest.Registry(t), []Source{{Unit: "990200", DSN: newBureau(t, sqldb.SQLite).dsn}}, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	pulls, err := w.LatestPulls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pulls {
		if p.Bureau == "990100" {
			if p.Outcome != warehouse.PullFailed || !strings.Contains(p.Error, warehouse.PullInterrupted) || !strings.Contains(p.Error, dead) {
				t.Errorf("the dead process's pull: %+v", p)
			}
			return
		}
	}
	t.Errorf("the dead process's pull is still running: %+v", pulls)
}

// TestIDsNoWarehouseKeepsAreEachListedOnce: ids that differ only in bytes
// no warehouse can keep — a NUL beside the literal text `\x00`, two
// different bytes that are not UTF-8 — name different rows: across pulls
// each source row is loaded or listed, exactly once, the literal text
// loads, and fixing or withdrawing a bad id clears its listing; a row with
// an id of Chinese characters, which the query finding such rows reads too,
// is still tried again and loads once its enterprise comes. The source
// is SQLite, which holds any bytes, under a warehouse of every engine; a
// MariaDB source with a binary id and a PostgreSQL one (which holds neither
// a NUL nor bytes that are not UTF-8: only the literal text and an id of
// Chinese characters) are pulled into SQLite.
func TestIDsNoWarehouseKeepsAreEachListedOnce(t *testing.T) {
	t.Parallel()
	t.Run("sqlite source", func(t *testing.T) {
		t.Parallel()
		dbtest.Each(t, func(t *testing.T, dsn string) {
			b := newBureau(t, sqldb.SQLite)
			rawIDScenario(t, dsn, b, true)
		})
	})
	t.Run("mariadb source with a binary id", func(t *testing.T) {
		t.Parallel()
		b := newBureau(t, sqldb.MySQL)
		if _, err := b.db.ExecContext(context.Background(), `ALTER TABLE hazards MODIFY id VARBINARY(255) NOT NULL`); err != nil {
			t.Fatal(err)
		}
		rawIDScenario(t, dbtest.Warehouse(t, sqldb.SQLite), b, true)
	})
	t.Run("postgresql source", func(t *testing.T) {
		t.Parallel()
		rawIDScenario(t, dbtest.Warehouse(t, sqldb.SQLite), newBureau(t, sqldb.Postgres), false)
	})
}

// rawIDScenario pulls b's hazards five times into the warehouse at dsn,
// with the bureau fixing rows between the third and the fourth; bytes says
// the source can hold a NUL and bytes that are not UTF-8 in an id.
func rawIDScenario(t *testing.T, dsn string, b *bureau, bytes bool) {
	w, db := openPulled(t, dsn)
	old := t1.AddDate(0, 0, -10) // long before the watermark: read again only by a query of its own
	add := func(id, enterprise, description string) {
		h := hazard("?", enterprise)
		h["id"], h["description"], h["updated_at"] = id, description, old
		if b.db.Dialect == sqldb.MySQL {
			h["id"] = []byte(id) // a binary value, not text the server would check
		}
		b.put("hazards", h)
	}
	b.put("enterprises", enterprise("E-01", "990102"))
	b.put("hazards", hazard("H-01", "E-01"))
	add(`H-SR-NUL\x00X`, "E-01", "字面反斜杠")
	add("H-SR-OK", "E-01", "正常")
	add("H-SR-中文", "E-LATE", "企业未报") // set aside until its enterprise comes
	loaded := []string{"H-01", `H-SR-NUL\x00X`, "H-SR-OK"}
	listed := []string{"企业未报"}
	if bytes {
		add("H-SR-NUL\x00X", "E-01", "含NUL")
		add("H-SR-\xff", "E-01", "字节FF")
		add("H-SR-\xfe", "E-01", "字节FE")
		long := strings.Repeat("L", 62) // with its NULs written \x00, longer than an id is kept: alike once cut
		add(long+"\x00", "E-01", "长编号一个NUL")
		add(long+"\x00\x00", "E-01", "长编号两个NUL")
		listed = append(listed, "含NUL", "字节FF", "字节FE", "长编号一个NUL", "长编号两个NUL")
	} else {
		add(" H-SR-BLANK", "E-01", "首空格") // keeps a copy key listed, so the rows without a usable id are read by their own query
		listed = append(listed, "首空格")
	}

	for run := 1; run <= 3; run++ {
		s := pullOnce(t, w, b.dsn)
		if run == 1 {
			if c := s.Tables["hazards"]; c.Read != len(loaded)+len(listed) || c.Loaded != len(loaded) || c.Rejected != len(listed) {
				t.Errorf("pull 1: %+v, want %d loaded and %d set aside", c, len(loaded), len(listed))
			}
		} else {
			expectCounts(t, "pull "+strconv.Itoa(run), s.Tables, nil)
		}
		checkBalance(t, w, s)
		expectLoadedOrListed(t, w, db, "pull "+strconv.Itoa(run), loaded, listed)
	}
	if bytes {
		issues := issuesByRow(t, w)
		nul := issues[`H-SR-NUL\x00X`]
		if len(nul) != 1 || nul[0].Column != "id" || nul[0].Value != `H-SR-NUL\x00X` || nul[0].RowCopy == "" ||
			!strings.Contains(nul[0].Reason, `记录编号(id) 含 NUL 空字符`) {
			t.Errorf("the id holding a NUL: %+v", nul)
		}
		if bad := issues["H-SR-\uFFFD"]; len(bad) != 2 || bad[0].RowCopy == bad[1].RowCopy ||
			!strings.Contains(bad[0].Reason, "记录编号(id) 含不符合 UTF-8 编码的字节") {
			t.Errorf("the ids holding bytes that are not UTF-8: %+v", bad)
		}
	}

	// The enterprise comes; the bureau fixes the NUL and withdraws FE.
	e := enterprise("E-LATE", "990102")
	e["updated_at"] = t2
	b.put("enterprises", e)
	loaded, listed = append(loaded, "H-SR-中文"), listed[1:]
	if bytes {
		b.setRaw("hazards", "H-SR-NUL\x00X", map[string]any{"id": "H-SR-NUL-X", "updated_at": t2})
		b.setRaw("hazards", "H-SR-\xfe", map[string]any{"deleted": 1, "updated_at": t2})
		loaded, listed = append(loaded, "H-SR-NUL-X"), []string{"字节FF", "长编号一个NUL", "长编号两个NUL"}
	}
	for run := 4; run <= 5; run++ {
		s := pullOnce(t, w, b.dsn)
		if run == 4 {
			if c := s.Tables["hazards"]; c.Loaded != len(loaded)-3 || c.Rejected != 0 {
				t.Errorf("pull 4: %+v, want %d loaded", c, len(loaded)-3)
			}
		} else {
			expectCounts(t, "pull 5", s.Tables, nil)
		}
		checkBalance(t, w, s)
		expectLoadedOrListed(t, w, db, "pull "+strconv.Itoa(run), loaded, listed)
	}
}

// setRaw is set for an id that may hold any bytes: as a binary value on
// MariaDB, whose server would check text.
func (b *bureau) setRaw(table, id string, changes map[string]any) {
	b.t.Helper()
	if b.db.Dialect != sqldb.MySQL {
		b.set(table, id, changes)
		return
	}
	var sets []string
	var args []any
	for c, v := range changes {
		if s, ok := v.(string); ok && c == "id" {
			v = []byte(s)
		}
		sets = append(sets, c+" = ?")
		args = append(args, v)
	}
	if _, err := b.db.ExecContext(context.Background(), "UPDATE "+table+" SET "+strings.Join(sets, ", ")+" WHERE id = ?", append(args, []byte(id))...); err != nil {
		b.t.Fatalf("update %s %q: %v", table, id, err)
	}
}

// expectLoadedOrListed checks that the warehouse holds exactly the hazards
// loaded (by id) and lists exactly the rows set aside (by description),
// each once and under a key of its own.
func expectLoadedOrListed(t *testing.T, w *warehouse.Warehouse, db *sqldb.DB, step string, loaded, listed []string) {
	t.Helper()
	var ids []string
	if err := db.SelectContext(context.Background(), &ids, db.Rebind(`SELECT id FROM hazards WHERE bureau = ? ORDER BY id`), "990100"); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if want := slices.Sorted(slices.Values(loaded)); !slices.Equal(ids, want) {
		t.Errorf("%s: loaded %q, want %q", step, ids, want)
	}
	list, err := w.DataIssues(context.Background(), "990100")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	keys := map[warehouse.RowKey]bool{}
	for _, d := range list {
		if d.Table != "hazards" || d.Severity != "reject" {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(d.Raw), &raw); err != nil {
			t.Fatalf("%s: raw row %q: %v", step, d.Raw, err)
		}
		got = append(got, raw["description"].(string))
		keys[warehouse.RowKey{ID: d.RowID, Copy: d.RowCopy}] = true
	}
	slices.Sort(got)
	if want := slices.Sorted(slices.Values(listed)); !slices.Equal(got, want) || len(keys) != len(got) {
		t.Errorf("%s: listed %q under %d keys, want %q each under its own", step, got, len(keys), want)
	}
}

// TestRepeatedIDsNoWarehouseKeepsLeaveOtherRowsListed: rows repeating an id
// with a NUL, coming after the row whose id is its literal text `\x00` was
// set aside, are set aside as repeated without taking that row's listing;
// once one copy is withdrawn the other is listed alone, under its id's key.
func TestRepeatedIDsNoWarehouseKeepsLeaveOtherRowsListed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w, db := openPulled(t, dsn)
		b := newBureau(t, sqldb.SQLite, "keys")
		b.put("enterprises", enterprise("E-01", "990102"))
		b.put("hazards", hazard("H-01", "E-01"))
		literal := hazard(`H-R\x00`, "E-LATE") // set aside until its enterprise comes
		literal["description"] = "字面"
		b.put("hazards", literal)
		pullOnce(t, w, b.dsn)
		expectLoadedOrListed(t, w, db, "pull 1", []string{"H-01"}, []string{"字面"})

		for _, d := range []string{"重复一", "重复二"} {
			h := hazard("H-R\x00", "E-01")
			h["description"], h["updated_at"] = d, t2
			b.put("hazards", h)
		}
		for run := 2; run <= 3; run++ {
			s := pullOnce(t, w, b.dsn)
			checkBalance(t, w, s)
			expectLoadedOrListed(t, w, db, "pull "+strconv.Itoa(run), []string{"H-01"}, []string{"字面", "重复一", "重复二"})
		}

		if _, err := b.db.ExecContext(ctx, `UPDATE hazards SET deleted = 1, updated_at = ? WHERE description = '重复一'`, t3); err != nil {
			t.Fatal(err)
		}
		for run := 4; run <= 5; run++ {
			s := pullOnce(t, w, b.dsn)
			checkBalance(t, w, s)
			expectLoadedOrListed(t, w, db, "pull "+strconv.Itoa(run), []string{"H-01"}, []string{"字面", "重复二"})
		}
		if got := issuesByRow(t, w)[`H-R\x00`]; len(got) != 2 || !slices.ContainsFunc(got, func(d warehouse.DataIssue) bool { return isRawIDKey(warehouse.RowKey{ID: d.RowID, Copy: d.RowCopy}) }) {
			t.Errorf("after the withdrawal: %+v, want the literal row and the copy in force under its id's key", got)
		}
	})
}

// TestMigration013ListsIDsNoWarehouseKeepsOnce: a warehouse pulled by the
// code before rows whose id holds a NUL or bytes that are not UTF-8 had keys
// of their own lists them under their ids as shown: one in place of the
// listing of the row whose id is that text (set aside in a version of the
// same updated_at), one for two ids that read alike, none for a row older
// than the re-read window. After migration 013, the next pull lists each of
// them once under its own key and nothing under the old one; the row whose
// id is the text `\x00` and loads stays as it is, warning included, and so
// does a clean row; a second pull changes nothing.
func TestMigration013ListsIDsNoWarehouseKeepsOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w, db := openPulled(t, dsn)
		b := newBureau(t, sqldb.SQLite)
		old := t1.AddDate(0, 0, -10) // long before the watermark, which H-01 sets at t1
		add := func(id, enterprise, description string) {
			h := hazard("?", enterprise)
			h["id"], h["description"], h["updated_at"] = id, description, old
			b.put("hazards", h)
		}
		b.put("enterprises", enterprise("E-01", "990102"))
		e := enterprise(`E-U\x00`, "990102")
		e["uscc"] = e["uscc"].(string)[:17] + wrongCheck(e["uscc"].(string))
		b.put("enterprises", e) // loads with a warning
		b.put("hazards", hazard("H-01", "E-01"))
		add(`H-U-A\x00`, "E-01", "字面已入库")
		add("H-U-A\x00", "E-01", "含NUL甲")
		add(`H-U-B\x00`, "E-LATE", "字面待企业")
		add("H-U-B\x00", "E-01", "含NUL乙")
		add("H-U-\xff", "E-01", "字节FF")
		add("H-U-\xfe", "E-01", "字节FE")
		add("H-U-C\x00", "E-01", "已落下")
		loaded := []string{"H-01", `H-U-A\x00`}
		listed := []string{"含NUL甲", "字面待企业", "含NUL乙", "字节FF", "字节FE", "已落下"}
		pullOnce(t, w, b.dsn)
		expectLoadedOrListed(t, w, db, "pull 1", loaded, listed)

		// Turn the listings into what the code before left: the rows with a
		// NUL and FF under their ids as shown, B's NUL row in place of the row
		// whose id is that text, FE (which read like FF) and C (older than a
		// day) not at all. Each listing is found by its row's description.
		list, err := w.DataIssues(ctx, "990100")
		if err != nil {
			t.Fatal(err)
		}
		key := map[string]warehouse.RowKey{}
		for _, d := range list {
			var raw map[string]any
			if d.Table == "hazards" && json.Unmarshal([]byte(d.Raw), &raw) == nil {
				key[raw["description"].(string)] = warehouse.RowKey{ID: d.RowID, Copy: d.RowCopy}
			}
		}
		where := ` WHERE bureau = '990100' AND table_name = 'hazards' AND row_id = ? AND row_copy = ?`
		exec := func(q string, k warehouse.RowKey) {
			t.Helper()
			if _, err := db.ExecContext(ctx, db.Rebind(q+where), k.ID, k.Copy); err != nil {
				t.Fatal(err)
			}
		}
		for _, gone := range []string{"字面待企业", "字节FE", "已落下"} {
			exec(`DELETE FROM data_issues`, key[gone])
		}
		for _, under := range []string{"含NUL甲", "含NUL乙", "字节FF"} {
			exec(`UPDATE data_issues SET row_copy = ''`, key[under])
		}

		// The warehouse is upgraded: 013 is applied to it alone.
		if _, err := db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 13`); err != nil {
			t.Fatal(err)
		}
		var applied []string
		mw, err := warehouse.Migrate(ctx, dsn, func(m warehouse.Migration) { applied = append(applied, m.String()) })
		if err != nil {
			t.Fatal(err)
		}
		if err := mw.Close(); err != nil {
			t.Fatal(err)
		}
		if len(applied) != 1 || applied[0] != "013 ids_no_warehouse_keeps" {
			t.Fatalf("migrations applied: %q", applied)
		}
		var left []string
		if err := db.SelectContext(ctx, &left, `SELECT row_id FROM data_issues ORDER BY row_id`); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(left, []string{`E-U\x00`}) {
			t.Errorf("after the migration data_issues lists %q, want only the warning of E-U\\x00", left)
		}
		var marks int
		if err := db.GetContext(ctx, &marks, `SELECT COUNT(*) FROM watermarks`); err != nil || marks != 0 {
			t.Errorf("after the migration %d watermarks (%v), want none", marks, err)
		}

		s := pullOnce(t, w, b.dsn)
		expectCounts(t, "pull 2", s.Tables, map[string]warehouse.TableCounts{"hazards": {Read: 6, Rejected: 6}})
		checkBalance(t, w, s)
		expectLoadedOrListed(t, w, db, "pull 2", loaded, listed)
		issues := issuesByRow(t, w)
		if got := issues[`H-U-B\x00`]; len(got) != 2 || got[0].RowCopy != "" || got[0].Column != "enterprise_id" || !isRawIDKey(warehouse.RowKey{ID: got[1].RowID, Copy: got[1].RowCopy}) {
			t.Errorf("H-U-B\\x00: %+v, want the row whose id is that text under it, the one with a NUL under its id's key", got)
		}
		if got := issues[`E-U\x00`]; len(got) != 1 || got[0].Severity != "warning" {
			t.Errorf("E-U\\x00: %+v, want its warning kept", got)
		}

		s = pullOnce(t, w, b.dsn)
		expectCounts(t, "pull 3", s.Tables, nil)
		expectLoadedOrListed(t, w, db, "pull 3", loaded, listed)
	})
}
