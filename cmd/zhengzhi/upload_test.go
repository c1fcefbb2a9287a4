package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplateAndUploadCommands runs `zhengzhi template` and `zhengzhi
// upload` against a config where 990102 reports by upload: the preview's
// JSON has the documented keys, --confirm stores it, another unit's
// workbook is refused (exit 1, Chinese reason) and a missing FILE is a
// usage error.
func TestTemplateAndUploadCommands(t *testing.T) {
	cfg := ingestTestConfig(t, "  - {unit: \"990102\", upload: true}\n")
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	book := filepath.Join(t.TempDir(), "填报.xlsx")
	if code := run(ctx, []string{"template", "--config", cfg, "--unit", "990102", "-o", book}, &stdout, &stderr); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	for col, v := range map[string]string{"A": "E-9", "B": "91990102MA0000009X", "C": "杏山线缆", "D": "990102",
		"E": "wire_cable", "G": "valid", "H": "1"} {
		f.SetCellStr("重点工业产品生产企业", col+"3", v)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	stdout.Reset()
	if code := run(ctx, []string{"upload", "--config", cfg, "--unit", "990102", book, "--format", "json"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("preview: exit %d: %s", code, stderr.String())
	}
	var preview map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &preview); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	if keys := sortedKeys(preview); !reflect.DeepEqual(keys, []string{"added", "changed", "set_aside", "unchanged", "unit", "withdrawn"}) {
		t.Fatalf("preview keys %v", keys)
	}
	added := preview["added"].([]any)
	if len(added) != 1 || added[0].(map[string]any)["id"] != "E-9" {
		t.Errorf("added %v, want E-9", added)
	}

	stdout.Reset()
	if code := run(ctx, []string{"upload", "--config", cfg, "--unit", "990102", "--confirm", "--by", "clerk", book}, &stdout, &stderr); code != exitOK {
		t.Fatalf("confirm: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "已确认：报送编号 1") {
		t.Errorf("confirm said %q", stdout.String())
	}

	stderr.Reset()
	if code := run(ctx, []string{"upload", "--config", cfg, "--unit", "990123", book}, &stdout, &stderr); code != exitFailed ||
		!strings.Contains(stderr.String(), "不能作为 和丘县（990123）的报送上传") {
		t.Errorf("another unit's workbook: exit %d, %q", code, stderr.String())
	}
	if code := run(ctx, []string{"upload", "--config", cfg, "--unit", "990102"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("no FILE: exit %d, want %d", code, exitUsage)
	}
}
