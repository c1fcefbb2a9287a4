package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// schedulingTestConfig writes a config with a fresh SQLite warehouse, the
// demo registry and the project's font settings.
func schedulingTestConfig(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	registry, err := filepath.Abs("../../templates/units/demo-province.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := os.ReadFile("../../templates/fonts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "fonts.yaml"), fonts, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "zhengzhi.yaml")
	text := "registry: " + registry + "\nwarehouse: sqlite:warehouse.db\n" + extra
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return migrated(t, path)
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDrawCommandJSONAndReruns(t *testing.T) {
	cfg := schedulingTestConfig(t, "")
	code, out, stderr := runCLI(t, "draw", "--config", cfg, "--month", "2026-12", "--seed", "公开摇号 12", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["month"] != "2026-12" || doc["seed"] != "公开摇号 12" || len(doc) != 3 {
		t.Fatalf("draw JSON %s", out)
	}
	picks := doc["picks"].([]any)
	first := picks[0].(map[string]any)
	if len(picks) != 12 || first["city"] != "990100" || len(first["counties"].([]any)) != 2 || len(first) != 2 {
		t.Fatalf("picks %v", picks)
	}
	draws := filepath.Join(filepath.Dir(cfg), "output", "draws")
	published, err := os.ReadFile(filepath.Join(draws, "2026-12.json"))
	if err != nil || string(published) != out {
		t.Fatalf("published draw %q, %v", published, err)
	}
	for _, name := range []string{"2026-12.pdf", "2026-12.xlsx"} {
		if fi, err := os.Stat(filepath.Join(draws, name)); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(draws, ".*tmp")); len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}

	code, again, _ := runCLI(t, "draw", "--config", cfg, "--month", "2026-12", "--format", "json")
	if code != exitOK || again != out {
		t.Fatalf("re-run without a seed: exit %d\n%s", code, again)
	}
	code, _, stderr = runCLI(t, "draw", "--config", cfg, "--month", "2026-12", "--seed", "别的种子")
	if code != exitFailed || !strings.Contains(stderr, "--force") {
		t.Fatalf("another seed: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "draw", "--config", cfg, "--month", "12/2026"); code != exitUsage {
		t.Fatalf("bad month: exit %d", code)
	}
}

func TestRunAndJobsCommands(t *testing.T) {
	cfg := schedulingTestConfig(t, "schedule:\n  yearend: \"off\"\n  draw: \"0 9 1 * *\"\n")
	code, out, stderr := runCLI(t, "run", "draw", "--config", cfg, "--as-of", "2027-01-01")
	if code != exitOK || !strings.Contains(out, filepath.Join("draws", "2027-01.json")) || !strings.Contains(out, "2027-01.pdf") {
		t.Fatalf("run draw: exit %d, %q, %s", code, out, stderr)
	}
	// A file where the output folder should be makes the step fail: exit 1, recorded.
	output := filepath.Join(filepath.Dir(cfg), "output")
	if err := os.RemoveAll(output); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(output, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "run", "draw", "--config", cfg, "--as-of", "2027-01-02"); code != exitFailed || !strings.Contains(stderr, "draw output") {
		t.Fatalf("failing run: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "run", "--config", cfg); code != exitUsage {
		t.Fatalf("run without a job: exit %d", code)
	}
	if code, _, _ := runCLI(t, "run", "nope", "--config", cfg); code != exitUsage {
		t.Fatalf("run of an unknown job: exit %d", code)
	}

	code, out, stderr = runCLI(t, "jobs", "--config", cfg, "--format", "json")
	if code != exitOK {
		t.Fatalf("jobs: exit %d: %s", code, stderr)
	}
	var rep struct {
		Next []struct {
			Job, Cron string
			NextRun   string `json:"next_run"`
		}
		Runs []struct {
			Job, Outcome string
			Files        []string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var jobNames []string
	for _, n := range rep.Next {
		jobNames = append(jobNames, n.Job)
	}
	if !reflect.DeepEqual(jobNames, []string{"ingest", "progress", "scorecards", "yearend", "draw"}) {
		t.Fatalf("jobs %v", jobNames)
	}
	if rep.Next[3].NextRun != "" || !strings.HasSuffix(rep.Next[4].NextRun, ":00:00+08:00") || !strings.Contains(rep.Next[4].NextRun, "T09:") {
		t.Fatalf("next runs %+v", rep.Next)
	}
	if len(rep.Runs) != 2 || rep.Runs[0].Job != "draw" || rep.Runs[0].Outcome != "failed" ||
		rep.Runs[1].Job != "draw" || rep.Runs[1].Outcome != "ok" || len(rep.Runs[1].Files) != 3 {
		t.Fatalf("ledger %+v", rep.Runs)
	}

	bad := schedulingTestConfig(t, "schedule:\n  drawing: \"0 9 1 * *\"\n")
	if code, _, stderr := runCLI(t, "jobs", "--config", bad); code != exitUsage || !strings.Contains(stderr, `"drawing" is not a job`) {
		t.Fatalf("unknown schedule key: exit %d: %s", code, stderr)
	}
}
