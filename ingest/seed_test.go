package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/seed"
	"zhengzhi/warehouse"
)

// TestSeededDefectsAreAllFound pulls the demo province the generator writes,
// with its deliberately broken rows, and checks that every one of them is
// found: set aside, or loaded with a warning for the doubtful kinds.
func TestSeededDefectsAreAllFound(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("generates the demo province")
	}
	ctx := context.Background()
	dir := t.TempDir()
	reg := demotest.Registry(t)
	var targets []seed.Target
	var sources []Source
	for _, u := range append(reg.Units("province"), reg.Units("city")...) {
		dsn := "sqlite:" + filepath.Join(dir, u.Code+".db")
		targets = append(targets, seed.Target{Unit: u.Code, DSN: dsn})
		sources = append(sources, Source{Unit: u.Code, DSN: dsn})
	}
	summary, err := seed.Generate(ctx, reg, targets, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, "sqlite:"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rep, err := Run(ctx, w, reg, sources, Options{Now: seed.PulledAt(seed.DefaultUntil)})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range rep.Sources {
		b := summary[i]
		var got warehouse.TableCounts
		for _, c := range s.Tables {
			got.Read += c.Read
			got.Rejected += c.Rejected
			got.Warnings += c.Warnings
			got.Deleted += c.Deleted
		}
		var rejects, warnings int
		for kind, n := range b.Defects {
			switch kind {
			case "soft_deleted":
			case "uscc_check_digit", "county_abolished":
				warnings += n
			default:
				rejects += n
			}
		}
		if s.Outcome != "ok" || got.Read != b.Total() || got.Rejected != rejects || got.Warnings != warnings ||
			got.Deleted != b.Defects["soft_deleted"] {
			t.Errorf("%s: %s read %d rejected %d warnings %d deleted %d; generator wrote %d rows, %d to reject, %d to warn, %d withdrawn (%v)",
				s.Unit, s.Outcome, got.Read, got.Rejected, got.Warnings, got.Deleted, b.Total(), rejects, warnings, b.Defects["soft_deleted"], b.Defects)
		}
	}
}
