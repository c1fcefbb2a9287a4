package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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
