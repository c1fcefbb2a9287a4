package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi"

	"zhengzhi/contract"
	"zhengzhi/ingest"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// TestRunDemo runs the whole bench on the demo data set with the two city
// rule sets (24 scorecards keep it short) and checks every step was done
// and measured, and that both output forms carry it.
func TestRunDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests the demo province")
	}
	reg := demotest.Registry(t)
	prof := filepath.Join(t.TempDir(), "cpu.pprof")
	res, err := Run(context.Background(), Options{Scale: "demo", Registry: reg, Warehouse: "sqlite:x.db",
		RuleSets: ruleSetPaths("target-responsibility-city", "safe-city"), Templates: templates.Defaults, Demo: true,
		TmpDir: t.TempDir(), CPUProfile: prof, PortalTime: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Warehouse != "sqlite" || res.Scale != "demo" || res.Rows < 10000 {
		t.Fatalf("result head %+v", res)
	}
	// 24 scorecards, the progress report and the year-end summary.
	want := map[string]int64{StepIngest: res.Rows, StepAssess: 24, StepPDF: 26, StepExcel: 13}
	var names []string
	for _, s := range res.Steps {
		names = append(names, s.Step)
		if s.Seconds <= 0 || s.RawSeconds <= 0 || s.Ratio <= 0 || s.PerSecond <= 0 || s.Raw == "" {
			t.Errorf("step %s not measured: %+v", s.Step, s)
		}
		if n, ok := want[s.Step]; ok && s.Units != n {
			t.Errorf("step %s did %d %s, want %d", s.Step, s.Units, s.UnitName, n)
		}
		if s.Step == StepLedger && s.Units < 1000 {
			t.Errorf("the province's hazard ledger has %d rows", s.Units)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(prof), "cpu."+s.Step+".pprof")); err != nil {
			t.Errorf("no CPU profile of %s: %v", s.Step, err)
		}
	}
	if strings.Join(names, " ") != "ingest assess pdf excel ledger portal" {
		t.Fatalf("steps %v", names)
	}
	var out bytes.Buffer
	if err := res.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Scale, Warehouse string
		Steps            []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"step", "seconds", "per_second", "peak_rss_mb", "raw_seconds", "ratio"} {
		if _, ok := back.Steps[0][key]; !ok {
			t.Errorf("JSON step lacks %q: %s", key, out.String())
		}
	}
	portal := back.Steps[len(back.Steps)-1]
	for _, key := range []string{"requests", "per_second", "p50_ms", "p99_ms", "raw_per_second", "ratio"} {
		if v, ok := portal[key].(float64); !ok || v <= 0 {
			t.Errorf("the portal step's %q is %v", key, portal[key])
		}
	}
	out.Reset()
	if err := res.WriteTable(&out); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.Contains(out.String(), "| "+n+" ") {
			t.Errorf("table lacks step %s:\n%s", n, out.String())
		}
	}
}

// TestBareLoad loads one city's bureau database into the scratch tables on
// every engine: every row arrives, the ones that break the contract too.
func TestBareLoad(t *testing.T) {
	t.Parallel()
	reg := demotest.Registry(t)
	sources, rows := demoSources(t, reg, "990300")
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		db := dbtest.Open(t, dsn)
		if err := w.CreateBareTables(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := ingest.BareLoad(ctx, w, sources)
		if err != nil {
			t.Fatal(err)
		}
		if got != rows {
			t.Fatalf("raw load reported %d rows, the generator wrote %d", got, rows)
		}
		var stored int64
		for _, tbl := range contract.Tables() {
			var n int64
			if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM zz_raw_`+tbl.Name); err != nil {
				t.Fatal(err)
			}
			stored += n
		}
		if stored != rows {
			t.Fatalf("scratch tables hold %d rows, want %d", stored, rows)
		}
		var dated int64
		if err := db.GetContext(ctx, &dated, db.Rebind(`SELECT COUNT(*) FROM zz_raw_hazards WHERE found_on >= ?`),
			zhengzhi.NewDate(2026, 8, 1)); err != nil {
			t.Fatal(err)
		}
		if dated == 0 {
			t.Fatal("no hazard found on or after 2026-08-01: dates were not stored as dates")
		}
		if err := w.DropBareTables(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.GetContext(ctx, &stored, `SELECT COUNT(*) FROM zz_raw_hazards`); err == nil {
			t.Fatal("the scratch tables are still there after DropBareTables")
		}
	})
}

// TestScratchWarehouse makes and drops the scratch database beside the
// named one, which stays.
func TestScratchWarehouse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	dsn, drop, err := scratchWarehouse(ctx, "sqlite:/elsewhere/named.db", dir)
	if err != nil {
		t.Fatal(err)
	}
	drop()
	if dsn != "sqlite:"+filepath.Join(dir, "warehouse.db") {
		t.Fatalf("sqlite scratch warehouse %s, want a file in the run's folder", dsn)
	}
	for _, d := range []sqldb.Dialect{sqldb.Postgres, sqldb.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			named := dbtest.New(t, d)
			dsn, drop, err := scratchWarehouse(ctx, named, dir)
			if err != nil {
				t.Fatal(err)
			}
			if u, err := url.Parse(dsn); err != nil || u.Path != "/zz_bench_"+strconv.Itoa(os.Getpid()) {
				t.Fatalf("scratch dsn %s", dsn)
			}
			w, err := warehouse.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			drop()
			if db, err := sqldb.Open(ctx, dsn); err == nil {
				db.Close()
				t.Fatal("the scratch database is still there after drop")
			}
			db, err := sqldb.Open(ctx, named)
			if err != nil {
				t.Fatalf("the named database is gone: %v", err)
			}
			db.Close()
		})
	}
}

// TestMeasurePeakRSS sees memory touched during the work, and not memory
// touched before it.
func TestMeasurePeakRSS(t *testing.T) {
	if peakRSSKiB() == 0 {
		t.Skip("no VmHWM on this system")
	}
	var keep []byte
	big, err := measure("", func() error {
		keep = make([]byte, 200<<20)
		for i := range keep {
			keep[i] = 1
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keep = nil
	small, err := measure("", func() error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if big.PeakRSSMB < 200 || small.PeakRSSMB >= big.PeakRSSMB-100 {
		t.Fatalf("peak with 200 MiB touched %.0f MB, then with nothing %.0f MB", big.PeakRSSMB, small.PeakRSSMB)
	}
}
