package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/ingest"
)

// TestVersion: `version` and `--version` print the version, commit and
// build date set with -ldflags, and the Go version.
func TestVersion(t *testing.T) {
	version, commit, buildDate = "v1.2.3", "0123456789abcdef", "2026-12-07T12:00:00Z"
	t.Cleanup(func() { version, commit, buildDate = "", "", "" })
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		for _, want := range []string{"zhengzhi v1.2.3", "提交：0123456789abcdef", "构建时间：2026-12-07T12:00:00Z", "Go：" + runtime.Version()} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("%v printed %q, want %q", args, stdout.String(), want)
			}
		}
	}
}

// TestMigrateLogsEachMigration: `migrate` logs every migration it applies
// with its number and name, and a second run says there is nothing to do.
func TestMigrateLogsEachMigration(t *testing.T) {
	dir := t.TempDir()
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	cfg := filepath.Join(dir, "zhengzhi.yaml")
	if err := os.WriteFile(cfg, []byte("registry: "+registry+"\nwarehouse: sqlite:w.db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate", "--config", cfg}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "已执行仓库迁移 001 initial") || !strings.Contains(stdout.String(), "已执行") {
		t.Errorf("migrate said %q / %q", stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"migrate", "--config", cfg}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "无需迁移") {
		t.Errorf("a second migrate: exit %d, %q", code, stdout.String())
	}
}

// TestLogsInTheConfiguredZone: log lines are timed in the config's zone,
// whatever the process's TZ.
func TestLogsInTheConfiguredZone(t *testing.T) {
	saved := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = saved; logZone.Store(nil) })
	dir := t.TempDir()
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	cfg := filepath.Join(dir, "zhengzhi.yaml")
	if err := os.WriteFile(cfg, []byte("registry: "+registry+"\nwarehouse: sqlite:w.db\ntimezone: Asia/Shanghai\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate", "--config", cfg}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	first, _, _ := strings.Cut(stderr.String(), "\n")
	if !strings.HasPrefix(first, "time=") || !strings.Contains(first, "+08:00 level=") {
		t.Errorf("log line %q: want its time at +08:00", first)
	}
}

// TestNeverTriedSourceHasNoDuration: a source the run never reached shows
// no duration (not a negative one) and says it was not pulled.
func TestNeverTriedSourceHasNoDuration(t *testing.T) {
	reg, err := zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep := ingest.Report{Sources: []ingest.SourceReport{{Unit: "990000", Started: time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)}, {}}}
	if err := writeIngestTable(&out, reg, rep); err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`-\d`).MatchString(out.String()) || !strings.Contains(out.String(), "未拉取") {
		t.Errorf("table:\n%s", out.String())
	}
}
