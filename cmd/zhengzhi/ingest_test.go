package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"zhengzhi/seed"
	"zhengzhi/sqldb"
)

// ingestTestConfig writes a config with a SQLite warehouse and one SQLite
// bureau (990100) holding a good enterprise and a hazard that refers to a
// missing one, plus the extra sources given.
func ingestTestConfig(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(dir, "990100.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ddl, err := seed.ContractDDL(sqldb.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO enterprises VALUES ('E-1', '91350100M000100Y43', '东川线缆', '990102', 'wire_cable', NULL, 'valid', 1, ?, 0)`, []any{at}},
		{`INSERT INTO enterprises VALUES ('E-2', '91350100M000100Y44', '东川电气', '990102', 'explosion_proof', NULL, 'valid', 1, ?, 0)`, []any{at}},
		{`INSERT INTO hazards VALUES ('H-17', 'E-404', 'screening', '2026-08-03', 'general', '标志缺失', '2026-12-31',
			'open', NULL, NULL, 'none', 'none', ?, 0)`, []any{at}},
	} {
		if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	registry, err := filepath.Abs("../../templates/units/demo-province.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := "registry: " + registry + "\nwarehouse: sqlite:warehouse.db\nsources:\n" +
		"  - {unit: \"990100\", dsn: \"sqlite:990100.db\"}\n" + extra
	path := filepath.Join(dir, "zhengzhi.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return migrated(t, path)
}

func TestIngestJSONShape(t *testing.T) {
	cfg := ingestTestConfig(t, "")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--config", cfg, "--format", "json"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got map[string][]map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	if len(got) != 1 || len(got["sources"]) != 1 {
		t.Fatalf("shape: %s", stdout.String())
	}
	src := got["sources"][0]
	if keys := sortedKeys(src); !reflect.DeepEqual(keys, []string{"error", "finished", "outcome", "started", "tables", "unit"}) {
		t.Fatalf("source keys %v", keys)
	}
	if src["unit"] != "990100" || src["outcome"] != "ok" || src["error"] != "" {
		t.Fatalf("source %v", src)
	}
	for _, k := range []string{"started", "finished"} {
		if _, err := time.Parse(time.RFC3339, src[k].(string)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	tables := src["tables"].(map[string]any)
	if len(tables) != 12 {
		t.Errorf("%d tables", len(tables))
	}
	want := map[string]any{"read": 1.0, "loaded": 0.0, "updated": 0.0, "deleted": 0.0, "rejected": 1.0, "warnings": 0.0}
	if !reflect.DeepEqual(tables["hazards"], want) {
		t.Errorf("hazards %v, want %v", tables["hazards"], want)
	}
	if e := tables["enterprises"].(map[string]any); e["loaded"] != 2.0 || e["warnings"] != 1.0 {
		t.Errorf("enterprises %v", e)
	}

	stdout.Reset()
	if code := run(context.Background(), []string{"rejects", "--config", cfg, "--format", "json", "--unit", "990100"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("rejects exit %d: %s", code, stderr.String())
	}
	var rejects map[string][]map[string]string
	if err := json.Unmarshal(stdout.Bytes(), &rejects); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	wantRejects := map[string][]map[string]string{
		"rejects": {{"unit": "990100", "table": "hazards", "id": "H-17", "column": "enterprise_id", "value": "E-404",
			"reason": "企业编号(enterprise_id) E-404 在本局企业表中不存在"}},
		"warnings": {{"unit": "990100", "table": "enterprises", "id": "E-2", "column": "uscc", "value": "91350100M000100Y44",
			"reason": "统一社会信用代码(uscc) 91350100M000100Y44 校验位不符（按前 17 位应为 3），请核实"}},
	}
	if !reflect.DeepEqual(rejects, wantRejects) {
		t.Errorf("rejects\n%v\nwant\n%v", rejects, wantRejects)
	}
}

func TestIngestDegradedExitCode(t *testing.T) {
	cfg := ingestTestConfig(t, "  - {unit: \"990200\", dsn: \"sqlite:missing.db\"}\n")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--config", cfg}, &stdout, &stderr)
	if code != exitDegraded {
		t.Fatalf("exit %d, want %d: %s", code, exitDegraded, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "990100 东川市") || !strings.Contains(out, "990200 临江市（unreachable）") {
		t.Errorf("table:\n%s", out)
	}
	if code := run(context.Background(), []string{"ingest", "--config", cfg, "--format", "xml"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
