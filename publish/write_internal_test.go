package publish

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteStaysInsideTheFolder refuses every path that would leave the
// folder a render writes into, whatever a rule set, unit or kind made of it.
func TestWriteStaysInsideTheFolder(t *testing.T) {
	root := t.TempDir()
	d := dir{root: filepath.Join(root, "out")}
	for _, rel := range []string{"../escaped.pdf", "province/../../escaped.pdf", "/tmp/escaped.pdf", "..", "", "cities/../province/x.pdf", `cities\\x.pdf`, "province/.hidden.pdf", ".generations/x.pdf", "province//x.pdf"} {
		if _, err := d.write(rel, KindSummary, "", "", func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err == nil {
			t.Errorf("%q was written", rel)
		}
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.Name() != "out" {
			t.Errorf("%s appeared outside the output folder", e.Name())
		}
	}
	f, err := d.write("province/score-detail-safe-city-2026.xlsx", KindScoreDetail, "990000", "safe-city-2026",
		func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if err != nil || !strings.HasPrefix(f.Path, "province/") || f.Size != 1 {
		t.Errorf("a path inside: %+v, %v", f, err)
	}
}
