package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheck: on a good config check prints that all is well (exit 0); on a
// bad one it prints one Chinese line per finding (exit 1): an unreachable
// source, a registry without the 通报's issuer, a rule set that does not
// parse, a font that is not there, an output folder it cannot write, a
// warehouse that needs migrating. schedule refuses to start on a fatal one.
func TestCheck(t *testing.T) {
	good := ingestTestConfig(t, "")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "--config", good}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "检查通过") {
		t.Fatalf("a good config: exit %d: %s%s", code, stdout.String(), stderr.String())
	}

	dir := t.TempDir()
	registry, _ := os.ReadFile("../../templates/units/demo-province.yaml")
	noIssuer := strings.Replace(string(registry), "authority:", "authority_was:", 1)
	if noIssuer == string(registry) {
		t.Fatal("the demo registry has no authority: key")
	}
	noIssuer = strings.Replace(noIssuer, "authority_was:", "#", 1)
	os.WriteFile(filepath.Join(dir, "registry.yaml"), []byte(noIssuer), 0o644)
	os.WriteFile(filepath.Join(dir, "bad-rules.yaml"), []byte("id: x\nlevel: county\nitems: [\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "output"), nil, 0o644) // a file where the folder should be
	cfg := filepath.Join(dir, "zhengzhi.yaml")
	os.WriteFile(cfg, []byte(`registry: registry.yaml
warehouse: sqlite:data/w.db
output: output
sources:
  - {unit: "990100", dsn: "postgres://nobody@127.0.0.1:1/b?connect_timeout=1"}
rulesets: [bad-rules.yaml]
fonts: {kai: /nowhere/kai.ttf}
`), 0o644)
	stdout.Reset()
	code := run(context.Background(), []string{"check", "--config", cfg}, &stdout, &stderr)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{"缺少 authority", "数据源 990100 无法以只读方式连接", "规则 " + filepath.Join(dir, "bad-rules.yaml") + " 无效",
		"/nowhere/kai.ttf", "输出目录", "zhengzhi migrate --config"} {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, want) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d lines say %q:\n%s", n, want, stdout.String())
		}
	}
	for _, l := range lines {
		if strings.ContainsAny(l, "\t") {
			t.Errorf("a finding with a tab: %q", l)
		}
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"schedule", "--config", cfg}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "每次运行都会失败") {
		t.Errorf("schedule on a fatal finding: exit %d: %s", code, stderr.String())
	}
}

// TestRefusedAsOfLeavesNoLock: a render of a date before the rule sets'
// window is refused (exit 2) and leaves nothing under output/, no .lock.
func TestRefusedAsOfLeavesNoLock(t *testing.T) {
	dir := t.TempDir()
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	rules, _ := filepath.Abs("../../templates/rules/2026/safe-city.yaml")
	cfg := writeConfig(t, dir, "registry: "+registry+"\nwarehouse: sqlite:w.db\noutput: out\nrulesets: ["+rules+"]\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"render", "--config", cfg, "--as-of", "2026-07-01"}, &stdout, &stderr); code != exitUsage {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	locks, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "*", "*.lock"))
	more, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "*", "*", "*.lock"))
	if len(locks)+len(more) > 0 {
		t.Errorf("a refused date left %v %v", locks, more)
	}
}

// TestUserMessagesAreChinese: what `user` tells an operator is in Chinese
// alone (no English sentence around the Chinese).
func TestUserMessagesAreChinese(t *testing.T) {
	cfg := ingestTestConfig(t, "")
	english := regexp.MustCompile(`\b(the|is|an?|with|no|required|needs|unknown|command|account)\b`)
	for _, args := range [][]string{{"user"}, {"user", "frobnicate", "--config", cfg}, {"user", "passwd", "--config", cfg}} {
		var stdout, stderr bytes.Buffer
		run(context.Background(), args, &stdout, &stderr)
		_, msg, ok := strings.Cut(stderr.String(), "zhengzhi user: ")
		if !ok || english.MatchString(msg) {
			t.Errorf("%v: %q mixes in English", args, stderr.String())
		}
	}
}

// TestCSVStartsWithABOM: every table output offers --format csv, and the
// CSV starts with a UTF-8 BOM and reads back with its header.
func TestCSVStartsWithABOM(t *testing.T) {
	cfg := ingestTestConfig(t, "")
	rules, _ := filepath.Abs("../../templates/rules/2026/safe-county.yaml")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--config", cfg}, &stdout, &stderr); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr.String())
	}
	for args, header := range map[string]string{
		"rejects":   "类别",
		"jobs":      "任务",
		"user list": "登录名",
		"assess --rules " + rules + " --as-of 2026-11-24": "ruleset",
	} {
		stdout.Reset()
		stderr.Reset()
		argv := append(strings.Fields(args), "--config", cfg, "--format", "csv")
		if code := run(context.Background(), argv, &stdout, &stderr); code != exitOK {
			t.Errorf("%s: exit %d: %s", args, code, stderr.String())
			continue
		}
		text, ok := strings.CutPrefix(stdout.String(), "\uFEFF")
		if !ok {
			t.Errorf("%s: the CSV does not start with a BOM: %q", args, stdout.String())
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil || len(rows) == 0 || rows[0][0] != header {
			t.Errorf("%s: CSV %q, %v", args, text, err)
		}
	}
}
