package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/config"
	"zhengzhi/ingest"
	"zhengzhi/internal/demotest"
	"zhengzhi/jobs"
	"zhengzhi/pipeline"
	"zhengzhi/publish"
	"zhengzhi/seed"
	"zhengzhi/warehouse"
)

// TestRenderAssessesFirst: on a warehouse just ingested, with no stored
// score, a render assesses every configured rule set first and reads what
// it stored; a second render stores nothing more. The report jobs come
// after ingest.
func TestRenderAssessesFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and renders a demo city")
	}
	ctx := context.Background()
	dir := t.TempDir()
	root := demotest.Root()
	text := "registry: " + filepath.Join(root, "templates", "units", "demo-province.yaml") + "\n" +
		"warehouse: sqlite:warehouse.db\ntemplates: " + filepath.Join(root, "templates") + "\ndemo: true\nsources:\n" +
		"  - {unit: \"990000\", dsn: \"sqlite:990000.db\"}\n  - {unit: \"990100\", dsn: \"sqlite:990100.db\"}\nrulesets:\n"
	for _, name := range []string{"target-responsibility-city", "target-responsibility-county", "safe-city", "safe-county"} {
		text += "  - " + filepath.Join(root, "templates", "rules", "2026", name+".yaml") + "\n"
	}
	path := filepath.Join(dir, "zhengzhi.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := cfg.LoadRegistry()
	if err != nil {
		t.Fatal(err)
	}
	var targets []seed.Target
	for _, s := range pipeline.Sources(cfg) {
		targets = append(targets, seed.Target{Unit: s.Unit, DSN: s.DSN})
	}
	if _, err := seed.Generate(ctx, reg, targets, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, cfg.Warehouse)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := ingest.Run(ctx, w, reg, pipeline.Sources(cfg), ingest.Options{Now: seed.DefaultUntil.Midnight(time.UTC).Add(12 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	p := pipeline.New(cfg, w, reg, nil)
	// stored lists the newest stored result of each rule set as of the date.
	stored := func() []int64 {
		var ids []int64
		for _, rs := range mustRuleSets(t, cfg) {
			if a, ok, err := w.StoredAssessment(ctx, rs.ID, rs.Hash, seed.DefaultUntil); err != nil {
				t.Fatal(err)
			} else if ok {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	req := pipeline.RenderRequest{AsOf: seed.DefaultUntil, Only: []string{publish.KindSummary}, Unit: "990000"}
	res, err := p.Render(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	first := stored()
	if len(res.Written) != 1 || res.Written[0].Kind != publish.KindSummary || len(first) != 4 {
		t.Fatalf("wrote %+v with %d rule sets stored, want the 通报 from the four assessed first", res.Written, len(first))
	}
	if _, err := p.Render(ctx, req); err != nil {
		t.Fatal(err)
	}
	if again := stored(); !slices.Equal(again, first) {
		t.Errorf("a second render stored other results: %v, then %v", first, again)
	}
	for _, j := range p.Jobs() {
		want := []string{jobs.JobIngest}
		if j.Name == jobs.JobIngest {
			want = nil
		}
		if !slices.Equal(j.After, want) || j.Step == nil {
			t.Errorf("job %s comes after %v, want %v", j.Name, j.After, want)
		}
	}
}

func mustRuleSets(t *testing.T, cfg *config.Config) []*zhengzhi.RuleSet {
	t.Helper()
	rs, err := pipeline.RuleSets(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
