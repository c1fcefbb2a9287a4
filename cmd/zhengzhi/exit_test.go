package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhengzhi/config"
)

// writeConfig writes a config beside the test's files and returns its path.
func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	configs++
	path := filepath.Join(dir, fmt.Sprintf("zhengzhi-%d.yaml", configs))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// As an operator would after writing a config; a config wrong on
	// purpose fails here as it will in the test.
	run(context.Background(), []string{"migrate", "--config", path}, io.Discard, io.Discard)
	return path
}

// migrated runs `zhengzhi migrate` on a config, as deployment does first.
func migrated(t *testing.T, path string) string {
	t.Helper()
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate", "--config", path}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("migrate: exit %d: %s", code, stderr.String())
	}
	return path
}

var configs int

// TestExitCodes holds every command to the exit codes docs/operating.md promises:
// a command line or config that is wrong is 2 (a service manager does not
// restart it), work that failed is 1.
func TestExitCodes(t *testing.T) {
	good := ingestTestConfig(t, "")
	dir := filepath.Dir(good)
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	base := "registry: " + registry + "\n"
	withWarehouse := func(dsn string) string {
		return writeConfig(t, dir, base+"warehouse: "+dsn+"\nsources:\n  - {unit: \"990100\", dsn: \"sqlite:990100.db\"}\n")
	}
	empty := writeConfig(t, dir, base+"warehouse: sqlite:empty.db\nsources:\n  - {unit: \"990100\", dsn: \"sqlite:990100.db\"}\n"+
		"rulesets: ["+filepath.Join(filepath.Dir(registry), "..", "rules", "2026", "safe-city.yaml")+"]\n")
	rules := filepath.Join(filepath.Dir(registry), "..", "rules", "2026", "safe-city.yaml")
	unmigrated := filepath.Join(dir, "unmigrated.yaml")
	if err := os.WriteFile(unmigrated, []byte(base+"warehouse: sqlite:unmigrated.db\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want int
		says string
	}{
		{"a config key misspelt", []string{"ingest", "--config", writeConfig(t, dir, base+"wharehouse: sqlite:w.db\n")}, exitUsage, "field wharehouse not found"},
		{"a DSN scheme nobody speaks", []string{"ingest", "--config", withWarehouse("oracle://x@db/w")}, exitUsage, "DSN 的类型不受支持"},
		{"a DSN that is no URL", []string{"ingest", "--config", withWarehouse("postgres://u:p@bad host/w")}, exitUsage, "warehouse: DSN 无法解析"},
		{"a source DSN that is no URL", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"mysql//x\"}\n")}, exitUsage, "990100: DSN 的类型不受支持"},
		{"a source DSN with a stray space", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"postgres://bureau:S3cret@Part2?Tail:Xy@ db.example.cn/b\"}\n")}, exitUsage, "990100: DSN 无法解析\n"},
		{"a MySQL DSN parameter not listed", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"mysql://u@db/b?sql_mode=x\"}\n")}, exitUsage, "990100: DSN 参数 sql_mode 不受支持"},
		{"a PostgreSQL DSN parameter with a bad value", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"postgres://u@db/b?sslmode=bogus\"}\n")}, exitUsage, "990100: DSN 参数 sslmode 的值无效"},
		{"an unset variable", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"mysql://u:${ZZ_UNSET_FOR_TEST}@db/b\"}\n")}, exitUsage, "sources[0].dsn 引用的环境变量 ZZ_UNSET_FOR_TEST 未设置或为空"},
		{"a source time zone that is none", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"990100\", dsn: \"sqlite:x.db\", timezone: Mars/Base}\n")}, exitUsage, "Mars/Base"},
		{"a source that is no unit", []string{"ingest", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nsources:\n  - {unit: \"999999\", dsn: \"sqlite:x.db\"}\n")}, exitUsage, "999999"},
		{"render of a kind that is none", []string{"render", "--config", good, "--as-of", "2026-11-24", "--only", "bogus"}, exitUsage, "unknown kind"},
		{"render of a unit that is none", []string{"render", "--config", good, "--as-of", "2026-11-24", "--unit", "999999"}, exitUsage, "999999"},
		{"render with a font that is not there", []string{"render", "--config", writeConfig(t, dir, base+"warehouse: sqlite:w.db\nfonts: {regular: /nowhere/x.ttf}\n"),
			"--as-of", "2026-11-24", "--only", "yearend_summary"}, exitUsage, "/nowhere/x.ttf"},
		{"rejects of a unit that is none", []string{"rejects", "--config", good, "--unit", "999999"}, exitUsage, "999999"},
		{"an as-of date that is no date", []string{"assess", "--config", empty, "--rules", rules, "--as-of", "0000-01-01"}, exitUsage, "not a date"},
		{"an as-of date before the window", []string{"assess", "--config", empty, "--rules", rules, "--as-of", "2026-07-01"}, exitUsage, "早于考核期"},
		{"scores from a warehouse never pulled", []string{"assess", "--config", empty, "--rules", rules, "--as-of", "2026-11-24"}, exitFailed, "zhengzhi ingest"},
		{"a format nobody reads", []string{"jobs", "--config", good, "--format", "xml"}, exitUsage, "xml"},
		{"a command that is none", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"a warehouse that needs migrating", []string{"ingest", "--config", unmigrated}, exitUsage, "先备份仓库，再运行 zhengzhi migrate --config " + unmigrated},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, &stdout, &stderr)
			if len(c.args) > 0 && strings.Contains(stderr.String(), "zhengzhi "+c.args[0]+": "+c.args[0]+":") {
				t.Errorf("a stuttering prefix: %q", stderr.String())
			}
			if code != c.want || !strings.Contains(stderr.String(), c.says) || strings.Contains(stderr.String(), "S3cret") || strings.Contains(stderr.String(), "Part2") {
				t.Errorf("exit %d, want %d; stderr %q should say %q", code, c.want, stderr.String(), c.says)
			}
		})
	}
}

// TestNoPasswordReachesAnyOutput points bureaus at unreachable servers
// through DSNs whose passwords break a naive URL reader — '#', '/', '%',
// '@', and a ?password= parameter — then ingests and renders their
// data-quality lists: no password is in the command's output, its log, the
// pulls recorded in the warehouse, or the workbook that goes to the bureau.
func TestNoPasswordReachesAnyOutput(t *testing.T) {
	good := ingestTestConfig(t, "")
	dir := filepath.Dir(good)
	registry, _ := filepath.Abs("../../templates/units/demo-province.yaml")
	secrets := map[string]string{
		"990200": "postgres://bureau:Pa#ss-990200@127.0.0.1:1/b?connect_timeout=1",
		"990300": "postgres://bureau:sl/ash%zz-990300@127.0.0.1:1/b?connect_timeout=1",
		"990400": "mysql://bureau:at@sign?990400@127.0.0.1:1/b?timeout=1s",
		"990500": "postgres://bureau@127.0.0.1:1/b?connect_timeout=1&password=query-990500",
	}
	text := "registry: " + registry + "\nwarehouse: sqlite:secrets.db\noutput: out\nsources:\n"
	for unit, dsn := range secrets {
		text += fmt.Sprintf("  - {unit: %q, dsn: %q}\n", unit, dsn)
	}
	cfg := writeConfig(t, dir, text)
	var out bytes.Buffer
	for _, args := range [][]string{
		{"ingest", "--config", cfg},
		{"ingest", "--config", cfg, "--format", "json"},
		{"render", "--config", cfg, "--as-of", "2026-11-24", "--only", "data_quality"},
	} {
		var stdout, stderr bytes.Buffer
		run(context.Background(), args, &stdout, &stderr)
		out.Write(stdout.Bytes())
		out.Write(stderr.Bytes())
	}
	s := newTestSession(t, cfg)
	pulls, err := s.w.LatestPulls(context.Background())
	if err != nil || len(pulls) != len(secrets) {
		t.Fatalf("pulls %+v, %v", pulls, err)
	}
	for _, p := range pulls {
		if p.Error == "" {
			t.Errorf("%s: no error recorded for an unreachable bureau", p.Bureau)
		}
		out.WriteString(p.Error)
	}
	books, _ := filepath.Glob(filepath.Join(dir, "out", "2026-11-24", "cities", "*", "data-quality.xlsx"))
	if len(books) != len(secrets) {
		t.Fatalf("data-quality workbooks %v", books)
	}
	for _, b := range books {
		out.WriteString(workbookText(t, b))
	}
	for unit, dsn := range secrets {
		password := unit
		for _, part := range strings.FieldsFunc(dsn, func(r rune) bool { return r == ':' || r == '@' || r == '=' }) {
			if strings.Contains(part, unit) {
				password = part
			}
		}
		if strings.Contains(out.String(), unit+"@") || strings.Contains(out.String(), password) || strings.Contains(out.String(), "Pa#ss") {
			t.Errorf("the password of %s (%q) shows in an output", unit, password)
		}
	}
	if !strings.Contains(out.String(), "xxxxx") {
		t.Error("no masked DSN anywhere: the errors do not name the source at all")
	}
}

// newTestSession opens a config's session with its warehouse.
func newTestSession(t *testing.T, path string) *deployment {
	t.Helper()
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := openDeployment(context.Background(), cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// workbookText is every cell of a workbook as text.
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}
