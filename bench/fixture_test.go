package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/ingest"
	"zhengzhi/internal/demotest"
	"zhengzhi/seed"
	"zhengzhi/warehouse"
)

// demoSources generates the demo data set of the given bureaus (all of them
// when none are named) into SQLite files under a test folder, and returns
// the sources and the rows written.
func demoSources(tb testing.TB, reg *zhengzhi.Registry, units ...string) ([]ingest.Source, int64) {
	tb.Helper()
	if len(units) == 0 {
		for _, u := range append(reg.Units(zhengzhi.LevelProvince), reg.Units(zhengzhi.LevelCity)...) {
			units = append(units, u.Code)
		}
	}
	dir := tb.TempDir()
	var targets []seed.Target
	var sources []ingest.Source
	for _, u := range units {
		dsn := "sqlite:" + filepath.Join(dir, u+".db")
		targets = append(targets, seed.Target{Unit: u, DSN: dsn})
		sources = append(sources, ingest.Source{Unit: u, DSN: dsn})
	}
	sum, err := seed.Generate(context.Background(), reg, targets, seed.Options{Scale: seed.ScaleDemo, Until: AsOf})
	if err != nil {
		tb.Fatal(err)
	}
	var rows int64
	for _, b := range sum {
		rows += int64(b.Total())
	}
	return sources, rows
}

// demoWarehouse is a SQLite warehouse holding the whole demo province, ingested.
func demoWarehouse(tb testing.TB, reg *zhengzhi.Registry) *warehouse.Warehouse {
	tb.Helper()
	ctx := context.Background()
	sources, _ := demoSources(tb, reg)
	w, err := warehouse.Open(ctx, "sqlite:"+filepath.Join(tb.TempDir(), "warehouse.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	if _, err := ingest.Run(ctx, w, reg, sources, ingest.Options{Now: AsOf.Midnight(time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	return w
}

// ruleSetPaths are the shipped 2026 rule set files of the given names.
func ruleSetPaths(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(demotest.Root(), "templates", "rules", "2026", n+".yaml")
	}
	return out
}

// regularFont is the reports' default regular face.
const regularFont = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
