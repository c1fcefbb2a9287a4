package seed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// demo is the demo province generated once for the tests that only read it.
var demo struct {
	reg     *zhengzhi.Registry
	targets []Target
	summary Summary
	rows    map[string]bureauRows // unit → rows
}

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "zhengzhi-seed-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		demo.reg, err = loadDemoRegistry()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		demo.targets = sqliteTargets(demo.reg, dir)
		demo.summary, err = Generate(context.Background(), demo.reg, demo.targets, Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}())
}

func loadDemoRegistry() (*zhengzhi.Registry, error) {
	text, err := os.ReadFile("../templates/units/demo-province.yaml")
	if err != nil {
		return nil, err
	}
	return zhengzhi.ParseRegistry(text)
}

// sqliteTargets names a SQLite file for the province office and every city.
func sqliteTargets(reg *zhengzhi.Registry, dir string) []Target {
	targets := []Target{{Unit: reg.Province.Code, DSN: "sqlite:" + filepath.Join(dir, "bureaus", reg.Province.Code+".db")}}
	for _, c := range reg.Units(zhengzhi.LevelCity) {
		targets = append(targets, Target{Unit: c.Code, DSN: "sqlite:" + filepath.Join(dir, "bureaus", c.Code+".db")})
	}
	return targets
}

// demoRows reads the demo databases once.
func demoRows(t *testing.T) map[string]bureauRows {
	t.Helper()
	if demo.rows == nil {
		demo.rows = map[string]bureauRows{}
		for _, tg := range demo.targets {
			demo.rows[tg.Unit] = readBureau(t, tg.DSN)
		}
	}
	return demo.rows
}

func TestSummaryMatchesTheDatabases(t *testing.T) {
	rows := demoRows(t)
	total := 0
	for _, b := range demo.summary {
		for _, table := range Tables {
			if got := len(rows[b.Unit][table]); got != b.Rows[table] {
				t.Errorf("bureau %s table %s: summary says %d rows, database has %d", b.Unit, table, b.Rows[table], got)
			}
		}
		total += b.Total()
	}
	// Demo scale is "a few tens of thousands of rows".
	if total < 15000 || total > 60000 {
		t.Errorf("demo scale wrote %d rows, want a few tens of thousands", total)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	rows := demoRows(t)
	dir := t.TempDir()
	again := sqliteTargets(demo.reg, dir)
	if _, err := Generate(context.Background(), demo.reg, again, Options{Seed: 1, Scale: ScaleDemo, Until: DefaultUntil}); err != nil {
		t.Fatal(err)
	}
	for _, tg := range again {
		if got, want := readBureau(t, tg.DSN).digest(), rows[tg.Unit].digest(); got != want {
			t.Errorf("bureau %s: second run's rows differ (digest %s, first run %s)", tg.Unit, got, want)
		}
	}
	// Another seed must give another picture, or the digest proves nothing.
	other := []Target{{Unit: "990100", DSN: "sqlite:" + filepath.Join(dir, "other.db")}}
	if _, err := Generate(context.Background(), demo.reg, other, Options{Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if readBureau(t, other[0].DSN).digest() == rows["990100"].digest() {
		t.Error("seed 2 wrote the same rows as seed 1")
	}
}

func TestEveryContractTableHasRows(t *testing.T) {
	rows := demoRows(t)
	for _, c := range demo.reg.Units(zhengzhi.LevelCity) {
		for _, table := range Tables {
			if len(rows[c.Code][table]) == 0 {
				t.Errorf("city %s: table %s is empty", c.Code, table)
			}
		}
	}
	province := rows[demo.reg.Province.Code]
	for _, table := range []string{"samplings", "supervision_visits", "risk_signals"} {
		if len(province[table]) == 0 {
			t.Errorf("province office: table %s is empty", table)
		}
	}
}

// unitColumns are the columns that name a unit, per table.
var unitColumns = map[string][]string{
	"enterprises":        {"county_code"},
	"screenings":         {"inspector_unit"},
	"samplings":          {"unit_code"},
	"risk_signals":       {"unit_code"},
	"risk_points":        {"county_code"},
	"activities":         {"unit_code"},
	"supervision_visits": {"inspector_unit", "inspected_unit"},
	"submissions":        {"unit_code"},
	"incidents":          {"county_code"},
}

func TestCityDatabaseSpeaksOfItsOwnCountiesOnly(t *testing.T) {
	rows := demoRows(t)
	for _, b := range demo.summary {
		city, ok := demo.reg.Unit(b.Unit)
		if !ok || city.Level != zhengzhi.LevelCity {
			continue
		}
		own := map[string]bool{city.Code: true}
		for _, c := range demo.reg.Counties(city.Code) {
			own[c.Code] = true
		}
		foreign := 0
		for table, cols := range unitColumns {
			for _, r := range rows[city.Code][table] {
				for _, c := range cols {
					if !own[text(r[c])] {
						foreign++
					}
				}
			}
		}
		want := b.Defects["county_other_city"] + b.Defects["county_unknown"] + b.Defects["unit_other_city"]
		if foreign != want {
			t.Errorf("city %s: %d mentions of units outside the city, want exactly the %d deliberate ones", city.Code, foreign, want)
		}
	}
}

func TestDefaultsAndBadOptions(t *testing.T) {
	ctx := context.Background()
	if _, err := Generate(ctx, demo.reg, nil, Options{Scale: "huge"}); err == nil {
		t.Error("unknown scale accepted")
	}
	if _, err := Generate(ctx, demo.reg, nil, Options{Until: zhengzhi.NewDate(2026, 8, 10)}); err == nil {
		t.Error("an --until before the campaign's first month accepted")
	}
	dir := t.TempDir()
	for _, unit := range []string{"990102", "880000"} {
		_, err := Generate(ctx, demo.reg, []Target{{Unit: unit, DSN: "sqlite:" + filepath.Join(dir, unit+".db")}}, Options{})
		if err == nil || !strings.Contains(err.Error(), unit) {
			t.Errorf("target %s: error %v, want one naming it", unit, err)
		}
	}
}

func TestOtherEnginesGetTheSameRows(t *testing.T) {
	want := demoRows(t)["990100"].digest()
	for _, d := range []sqldb.Dialect{sqldb.Postgres, sqldb.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			dsn := dbtest.New(t, d)
			targets := []Target{{Unit: "990100", DSN: dsn}}
			// Twice: the second run must drop and recreate the tables.
			for i := 0; i < 2; i++ {
				if _, err := Generate(context.Background(), demo.reg, targets, Options{}); err != nil {
					t.Fatal(err)
				}
			}
			if got := readBureau(t, dsn).digest(); got != want {
				t.Errorf("%s holds other rows than SQLite (digest %s, want %s)", d, got, want)
			}
		})
	}
}

func BenchmarkGenerateDemo(b *testing.B) {
	reg, err := loadDemoRegistry()
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for i := 0; i < b.N; i++ {
		sum, err := Generate(context.Background(), reg, sqliteTargets(reg, b.TempDir()), Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, s := range sum {
			rows += s.Total()
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}
