package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitThenRenderFromAnotherFolder writes a deployment with `init` into a
// folder, then seeds, ingests and renders a city's scorecards with that
// folder's config from another working directory: nothing is looked up
// beside the checkout.
func TestInitThenRenderFromAnotherFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds and ingests the demo province")
	}
	dir := filepath.Join(t.TempDir(), "etc-zhengzhi")
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"init", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"zhengzhi.yaml", "units/registry.yaml", "rules/2026/safe-city.yaml", "templates/fonts.yaml", "templates/narrative/progress.tmpl"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s: %v", f, err)
		}
	}
	key, err := os.ReadFile(filepath.Join(dir, "audit.key"))
	if st, _ := os.Stat(filepath.Join(dir, "audit.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("init made no audit key 0600: %v", err)
	}
	if code := run(context.Background(), []string{"init", dir, "--force"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("init --force: exit %d: %s", code, stderr.String())
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "audit.key")); !bytes.Equal(again, key) {
		t.Fatal("init --force replaced the audit key: the log it sealed would no longer verify")
	}
	if code := run(context.Background(), []string{"init", dir}, &stdout, &stderr); code != exitUsage {
		t.Errorf("a second init over the files: exit %d, want %d", code, exitUsage)
	}
	cfg := filepath.Join(dir, "zhengzhi.yaml")
	for _, args := range [][]string{
		{"seed", "--config", cfg, "--scale", "demo"},
		{"migrate", "--config", cfg},
		{"ingest", "--config", cfg},
		{"render", "--config", cfg, "--as-of", "2026-11-24", "--only", "scorecard", "--unit", "990100"},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	cards, _ := filepath.Glob(filepath.Join(dir, "output", "2026-11-24", "cities", "990100", "scorecards", "*.pdf"))
	if len(cards) == 0 {
		t.Fatalf("no scorecards under the config's own output folder: %s", stdout.String())
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("the working directory got files: %v", entries)
	}
}

// TestSeedNeedsADemoConfig: seed refuses (exit 2) a config that does not
// say demo: true, and writes nothing into its sources.
func TestSeedNeedsADemoConfig(t *testing.T) {
	dir := t.TempDir()
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	for _, demo := range []string{"", "demo: false\n"} {
		cfg := writeConfig(t, dir, "registry: "+registry+"\nwarehouse: sqlite:w.db\n"+demo+
			"sources:\n  - {unit: \"990000\", dsn: \"sqlite:bureaus/990000.db\"}\n")
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"seed", "--config", cfg}, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "demo: true") {
			t.Errorf("seed of a config with %q: exit %d, %s", demo, code, stderr.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "bureaus")); err == nil {
			t.Errorf("seed of a config with %q wrote its source", demo)
		}
	}
}
