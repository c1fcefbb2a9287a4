package ingest

import (
	"context"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// TestBureauWallClock, on every engine: a timestamp the bureau stores
// without a zone (SQLite text, MySQL DATETIME, PostgreSQL timestamp without
// time zone) is the bureau's wall time — a fresh edit written at 17:39 in
// Shanghai, 09:39 UTC, loads rather than being set aside as "in the
// future"; a date held as an instant at Shanghai midnight (timestamptz,
// MySQL TIMESTAMP, SQLite text with +08:00) stays that day; and the warehouse
// holds the same text whatever the process's TZ.
func TestBureauWallClock(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dbtest.Engines {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newBureau(t, d)
			switch d {
			case sqldb.Postgres:
				for _, stmt := range []string{`ALTER TABLE enterprises ALTER COLUMN updated_at TYPE timestamp`,
					`ALTER TABLE hazards ALTER COLUMN found_on TYPE timestamptz USING found_on::timestamptz`} {
					if _, err := b.db.ExecContext(ctx, stmt); err != nil {
						t.Fatal(err)
					}
				}
			case sqldb.MySQL:
				if _, err := b.db.ExecContext(ctx, `ALTER TABLE hazards MODIFY found_on TIMESTAMP NULL`); err != nil {
					t.Fatal(err)
				}
			}
			fresh := enterprise("E-01", "990102")
			fresh["updated_at"] = "2026-11-25 17:39:11" // Shanghai wall time, 09:39:11 UTC: before now (12:00 UTC)
			b.put("enterprises", fresh)
			bad := enterprise("E-02", "990102")
			bad["uscc"] = "123"
			bad["updated_at"] = "2026-11-25 07:39:11"
			b.put("enterprises", bad)
			h := hazard("H-01", "E-01")
			switch d {
			case sqldb.MySQL: // the test's session is UTC: 16:00 UTC is Shanghai midnight
				h["found_on"] = "2026-08-02 16:00:00"
			default:
				h["found_on"] = "2026-08-03 00:00:00+08:00"
			}
			b.put("hazards", h)

			var dumps []string
			for _, local := range []*time.Location{time.UTC, shanghai} {
				saved := time.Local
				time.Local = local
				wdsn := dbtest.New(t, d)
				w, err := warehouse.Open(ctx, wdsn)
				if err != nil {
					time.Local = saved
					t.Fatal(err)
				}
				rep, err := Run(ctx, w, demotest.Registry(t), []Source{{Unit: "990100", DSN: b.dsn, Zone: shanghai}}, Options{Now: now})
				time.Local = saved
				if err != nil || rep.Sources[0].Outcome != "ok" {
					t.Fatalf("TZ %s: %+v, %v", local, rep.Sources, err)
				}
				if c := rep.Sources[0].Tables["enterprises"]; c.Loaded != 1 || c.Rejected != 1 {
					t.Errorf("TZ %s: enterprises %+v, want the fresh edit loaded and the bad one set aside", local, c)
				}
				wdb := dbtest.Open(t, wdsn)
				expectRow(t, wdb, "enterprises", "E-01", "updated_at", "2026-11-25T09:39:11.000000Z")
				expectRow(t, wdb, "hazards", "H-01", "found_on", "2026-08-03")
				issues, err := w.DataIssues(ctx, "990100")
				if err != nil || len(issues) != 1 {
					t.Fatalf("TZ %s: issues %+v, %v", local, issues, err)
				}
				dumps = append(dumps, issues[0].Raw+"|"+issues[0].Reason+"|"+issues[0].RowUpdatedAt.UTC().String())
				w.Close()
			}
			if dumps[0] != dumps[1] {
				t.Errorf("the warehouse depends on TZ:\n UTC      %s\n Shanghai %s", dumps[0], dumps[1])
			}
		})
	}
}
