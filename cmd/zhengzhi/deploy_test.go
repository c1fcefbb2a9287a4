package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi/internal/needs"
)

// TestDeployUnits verifies deploy/'s systemd units with systemd-analyze (the
// binary path and env file pointed at ones that exist here), holds them to
// `zhengzhi init`'s layout — the config, data/ and output/ under
// /opt/zhengzhi, the scheduler writing data/ and output/, the portal data/
// only — and to a `systemd-analyze security` exposure of at most 3.0.
func TestDeployUnits(t *testing.T) {
	needs.Tool(t, "systemd-analyze")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env, _ := filepath.Abs("../../deploy/zhengzhi.env")
	dir := t.TempDir()
	for unit, writes := range map[string]string{
		"zhengzhi.service":       "ReadWritePaths=/opt/zhengzhi/data /opt/zhengzhi/output\n",
		"zhengzhi-serve.service": "ReadWritePaths=/opt/zhengzhi/data\n",
	} {
		text, err := os.ReadFile(filepath.Join("../../deploy", unit))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{writes, "WorkingDirectory=/opt/zhengzhi\n", "--config /opt/zhengzhi/zhengzhi.yaml",
			"UMask=0027\n", "ProtectSystem=strict\n", "CapabilityBoundingSet=\n", "EnvironmentFile=/etc/zhengzhi/env\n"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s lacks %q", unit, strings.TrimSpace(want))
			}
		}
		if strings.Contains(string(text), "file:///") {
			t.Errorf("%s names a local documentation file init never writes", unit)
		}
		here := strings.ReplaceAll(string(text), "/usr/local/bin/zhengzhi", self)
		here = strings.ReplaceAll(here, "EnvironmentFile=/etc/zhengzhi/env", "EnvironmentFile="+env)
		path := filepath.Join(dir, unit)
		if err := os.WriteFile(path, []byte(here), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("systemd-analyze", "verify", path).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("systemd-analyze verify %s: %v\n%s", unit, err, out)
		}
		out, err := exec.Command("systemd-analyze", "security", "--offline=true", "--threshold=30", path).CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze security %s: exposure above 3.0 (%v):\n%s", unit, err, out)
		}
	}
	// The layout the units assume is the one init writes.
	cfg := initConfigForTest(t)
	for _, want := range []string{"warehouse: sqlite:data/warehouse.db", "output: output"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("init's config lacks %q, which the units assume", want)
		}
	}
}

// initConfigForTest is the config `zhengzhi init` writes.
func initConfigForTest(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "opt-zhengzhi")
	if code := run(context.Background(), []string{"init", dir}, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	text, err := os.ReadFile(filepath.Join(dir, "zhengzhi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}
