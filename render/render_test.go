package render_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/ingest"
	"zhengzhi/internal/demotest"
	"zhengzhi/publish"
	"zhengzhi/render"
	"zhengzhi/seed"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// demo is the synthetic province seeded and ingested once into a SQLite warehouse.
type demo struct {
	dir      string
	w        *warehouse.Warehouse
	reg      *zhengzhi.Registry
	ruleSets []*zhengzhi.RuleSet
	sources  []string
}

// shared is the one demo the render tests share: seeding and ingesting it
// takes seconds. TestMain removes its folder.
var shared struct {
	once sync.Once
	d    *demo
	err  error
}

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(renderChild(spec))
	}
	code := m.Run()
	if shared.d != nil {
		shared.d.w.Close()
		os.RemoveAll(shared.d.dir)
	}
	os.Exit(code)
}

func newDemo(t *testing.T) *demo {
	t.Helper()
	shared.once.Do(func() { shared.d, shared.err = makeDemo() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.d
}

func makeDemo() (*demo, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "render-demo-")
	if err != nil {
		return nil, err
	}
	reg, err := demotest.LoadRegistry()
	if err != nil {
		return nil, err
	}
	var targets []seed.Target
	var sources []ingest.Source
	var units []string
	for _, u := range append(reg.Units(zhengzhi.LevelProvince), reg.Units(zhengzhi.LevelCity)...) {
		dsn := "sqlite:" + filepath.Join(dir, u.Code+".db")
		targets = append(targets, seed.Target{Unit: u.Code, DSN: dsn})
		sources = append(sources, ingest.Source{Unit: u.Code, DSN: dsn})
		units = append(units, u.Code)
	}
	if _, err := seed.Generate(ctx, reg, targets, seed.Options{}); err != nil {
		return nil, err
	}
	w, err := warehouse.Open(ctx, "sqlite:"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		return nil, err
	}
	if _, err := ingest.Run(ctx, w, reg, sources, ingest.Options{Now: seed.DefaultUntil.Midnight(time.UTC).Add(12 * time.Hour)}); err != nil {
		return nil, err
	}
	d := &demo{dir: dir, w: w, reg: reg, sources: units}
	if d.ruleSets, err = demoRuleSets(); err != nil {
		return nil, err
	}
	// Render reads the scores assess stored.
	for _, rs := range d.ruleSets {
		if _, err := assess.Run(ctx, w, reg, rs, seed.DefaultUntil); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// demoRuleSets are the shipped 2026 rule sets.
func demoRuleSets() ([]*zhengzhi.RuleSet, error) {
	var out []*zhengzhi.RuleSet
	for _, name := range []string{"target-responsibility-city", "target-responsibility-county", "safe-city", "safe-county"} {
		rs, err := assess.LoadRuleSet(filepath.Join(demotest.Root(), "templates", "rules", "2026", name+".yaml"))
		if err != nil {
			return nil, err
		}
		out = append(out, rs)
	}
	return out, nil
}

func (d *demo) options(out string, only []string, unit string) render.Options {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return render.Options{Warehouse: d.w, Registry: d.reg, RuleSets: d.ruleSets, Sources: d.sources,
		Output: out, Templates: templates.Defaults,
		AsOf: seed.DefaultUntil, Location: loc, Demo: true, Only: only, Unit: unit}
}

// TestRenderIsReproducibleAndComplete renders one city's files twice into
// two folders: every file is byte-identical, listed in the manifest with its
// checksum, and no temporary file is left behind.
func TestRenderIsReproducibleAndComplete(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and renders a demo city")
	}
	d := newDemo(t)
	ctx := context.Background()
	first, err := render.Run(ctx, d.options(t.TempDir(), nil, "990300"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := render.Run(ctx, d.options(t.TempDir(), nil, "990300"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for i, f := range first.Manifest.Files {
		g := second.Manifest.Files[i]
		if f.Path != g.Path || f.SHA256 != g.SHA256 || f.Size != g.Size {
			t.Errorf("%s: two renders differ (%s %d vs %s %d)", f.Path, f.SHA256, f.Size, g.SHA256, g.Size)
		}
		kinds[f.Kind]++
		if !strings.HasPrefix(f.Path, "cities/990300/") {
			t.Errorf("%s: outside the city's folder", f.Path)
		}
	}
	// The city and its 8 counties, two rule sets each; and its workbooks.
	want := map[string]int{publish.KindScorecard: 18, publish.KindSixOnes: 1, publish.KindHazardLedger: 1,
		publish.KindFollowupLedger: 1, publish.KindRiskPointLedger: 1, publish.KindDataQuality: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d files of kind %s, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	text, err := os.ReadFile(filepath.Join(first.Dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m publish.Manifest
	if err := json.Unmarshal(text, &m); err != nil {
		t.Fatal(err)
	}
	if m.AsOf != "2026-11-24" || len(m.Files) != len(first.Manifest.Files) || len(m.Pulls) != 13 {
		t.Errorf("manifest: as_of %s, %d files, %d pulls", m.AsOf, len(m.Files), len(m.Pulls))
	}
	checkSet(t, first.Dir)
}

// TestRenderWritesInterviewNoticesInBothForms renders the 约谈通知 alone
// (--only interview): each unit called in has its notice as a PDF and in
// Word side by side in its city's folder, both listed for the unit — a
// city's and a county's among them — and nothing else is written.
func TestRenderWritesInterviewNoticesInBothForms(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and renders a demo province")
	}
	d := newDemo(t)
	res, err := render.Run(context.Background(), d.options(t.TempDir(), []string{"interview"}, ""))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]string{}
	notices := 0
	for _, f := range res.Manifest.Files {
		switch f.Kind {
		case publish.KindInterviewWord:
			words[f.Path] = f.Unit
		case publish.KindInterviewNotice:
			notices++
		default:
			t.Errorf("%s: kind %s in a render of the 约谈通知 only", f.Path, f.Kind)
		}
	}
	levels := map[zhengzhi.Level]bool{}
	for _, f := range res.Manifest.Files {
		if f.Kind != publish.KindInterviewNotice {
			continue
		}
		u, _ := d.reg.Unit(f.Unit)
		levels[u.Level] = true
		want := path.Join("cities", f.Unit, "interview-notice.pdf")
		if u.Level == zhengzhi.LevelCounty {
			want = path.Join("cities", u.Parent, "interview-notice-"+f.Unit+".pdf")
		}
		if f.Path != want {
			t.Errorf("%s of %s, want %s", f.Path, f.Unit, want)
		}
		if word := strings.TrimSuffix(f.Path, ".pdf") + ".docx"; words[word] != f.Unit {
			t.Errorf("%s (unit %s): no Word form %s of the unit beside it", f.Path, f.Unit, word)
		}
	}
	if notices == 0 || len(words) != notices || !levels[zhengzhi.LevelCity] || !levels[zhengzhi.LevelCounty] {
		t.Errorf("%d notices, %d in Word, levels %v; want as many of each, cities' and counties'", notices, len(words), levels)
	}
}

// TestPartialRenderKeepsTheManifestWhole renders the province's progress
// report, then its summary: the manifest lists both.
func TestPartialRenderKeepsTheManifestWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and renders the demo province's reports")
	}
	d := newDemo(t)
	ctx := context.Background()
	out := t.TempDir()
	progress, err := render.Run(ctx, d.options(out, []string{publish.KindProgress}, "990000"))
	if err != nil {
		t.Fatal(err)
	}
	// The narrative's numbers come from the warehouse: sampling batches too.
	text, err := exec.Command("pdftotext", filepath.Join(progress.Dir, "province", "progress-report.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	if !strings.Contains(flat, "完成专项监督抽查") || strings.Contains(flat, "完成专项监督抽查0批次") {
		t.Errorf("the narrative's sampling batches are missing or zero:\n%s", flat[:min(len(flat), 600)])
	}
	res, err := render.Run(ctx, d.options(out, []string{publish.KindSummary}, "990000"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 1 || len(res.Manifest.Files) != 2 {
		t.Fatalf("wrote %d, manifest lists %d files; want 1 and 2: %+v", len(res.Written), len(res.Manifest.Files), res.Manifest.Files)
	}
	if _, err := render.Run(ctx, d.options(out, []string{"nonsense"}, "")); err == nil {
		t.Error("an unknown kind must be refused")
	}
}

// TestEveryDemoExplanationAddsUp scores the demo province with the four
// 2026 rule sets and re-derives every explanation — every item of every
// city and county, every bonus and penalty — from its own text: the printed
// percentage from its fraction, the shortfall, and the points from the
// rule's numbers (demotest.CheckExplanation).
func TestEveryDemoExplanationAddsUp(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and scores the demo province")
	}
	d := newDemo(t)
	items := 0
	for _, rs := range d.ruleSets {
		res, err := assess.Run(context.Background(), d.w, d.reg, rs, seed.DefaultUntil)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range res.Assessment.Units {
			for _, is := range sc.Items {
				if err := demotest.CheckExplanation(is.Points, is.Score, is.Explanation); err != nil {
					t.Errorf("%s %s %s: %q: %v", rs.ID, sc.Unit.Name, is.ID, is.Explanation, err)
				}
				items++
			}
			for _, as := range sc.Adjustments {
				if err := demotest.CheckAdjustment(as.Score, as.Explanation); err != nil {
					t.Errorf("%s %s %s: %q: %v", rs.ID, sc.Unit.Name, as.ID, as.Explanation, err)
				}
			}
		}
	}
	if items < 2000 {
		t.Fatalf("only %d explanations checked", items)
	}
}

// TestRenderShowsProgress: given a terminal, a render draws its bar — the
// scoring, then each kind of report with the files written.
func TestRenderShowsProgress(t *testing.T) {
	d := newDemo(t)
	var bar strings.Builder
	opt := d.options(t.TempDir(), []string{publish.KindProgress}, "990000")
	opt.Progress = &bar
	if _, err := render.Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0/9 评分", "进度通报", "9/9 完成"} {
		if !strings.Contains(bar.String(), want) {
			t.Errorf("the bar %q lacks %q", bar.String(), want)
		}
	}
}
