package assess_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/warehouse"
)

// pull records a finished pull of a bureau and returns its id.
func pull(t *testing.T, w *warehouse.Warehouse, bureau, outcome string) int64 {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	id, err := w.BeginPull(ctx, bureau, at, "test:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.FinishPull(ctx, id, at.Add(time.Minute), outcome, "", nil); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRunStoresAndLoadReusesWhileThePullsStandOnEveryEngine(t *testing.T) {
	t.Parallel()
	reg := demotest.Registry(t)
	rs, err := assess.LoadRuleSet("../templates/rules/2026/target-responsibility-county.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		db := dbtest.Open(t, dsn)
		good := pull(t, w, "990100", warehouse.PullOK)
		pull(t, w, "990100", warehouse.PullUnreachable) // the data still rests on the good one
		province := pull(t, w, "990000", warehouse.PullOK)
		// One hazard of 青石区 (990102), found in the window and rectified.
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO enterprises (bureau, id, uscc, name, county_code, category, license_status, producing, updated_at, pull_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), "990100", "E1", "91990100MA00000000", "企业", "990102", "wire_cable", "valid", 1, time.Now().UTC(), good); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO hazards (bureau, id, enterprise_id, source, found_on, severity, description, deadline, status, rectified_on, enforcement, license_action, updated_at, pull_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), "990100", "H1", "E1", "screening", "2026-09-01", "general", "隐患", "2026-10-01", "rectified", "2026-09-20", "none", "none", time.Now().UTC(), good); err != nil {
			t.Fatal(err)
		}

		asOf := zhengzhi.NewDate(2026, 11, 30)
		first, err := assess.Run(ctx, w, reg, rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{good, province}; len(first.Pulls) != 2 || first.Pulls[0] != want[0] || first.Pulls[1] != want[1] {
			t.Errorf("pulls = %v, want the last good pull of each bureau %v", first.Pulls, want)
		}
		if n := len(first.Assessment.Units); n != 99 {
			t.Errorf("%d counties scored, want the demo's 100 less the abolished one", n)
		}
		if len(first.Values) != 100 {
			t.Errorf("values for %d counties, want every county of the registry", len(first.Values))
		}
		card := first.Assessment.Units[0]
		if card.Unit.Code != "990102" || card.Items[1].Indicator != "hazard_rectification_rate" || card.Items[1].Value != (zhengzhi.Value{Numerator: 1, Denominator: 1}) {
			t.Errorf("青石区's rectification item = %+v", card.Items[1])
		}

		if !first.Stored {
			t.Errorf("the first run stored nothing")
		}
		// Scoring the same data again stores no second result.
		again, err := assess.Run(ctx, w, reg, rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.Stored || again.Assessment.RuleSet != rs {
			t.Errorf("Run stored again (id %d, first %d) though the pulls stand", again.ID, first.ID)
		}
		var stored int
		if err := db.GetContext(ctx, &stored, db.Rebind(`SELECT COUNT(*) FROM assessments WHERE ruleset_id = ? AND as_of = ?`), rs.ID, asOf); err != nil {
			t.Fatal(err)
		}
		if stored != 1 {
			t.Errorf("%d results stored for the same data and date, want 1", stored)
		}
		if again.Assessment.Units[0].Total != card.Total || again.Assessment.Units[0].Items[1].Explanation != card.Items[1].Explanation {
			t.Errorf("the stored scorecard differs: %+v", again.Assessment.Units[0])
		}
		later, err := assess.Run(ctx, w, reg, rs, asOf.AddDays(1))
		if err != nil {
			t.Fatal(err)
		}
		if later.ID == first.ID {
			t.Errorf("another as-of date reused the stored result")
		}

		pull(t, w, "990100", warehouse.PullOK)
		fresh, err := assess.Run(ctx, w, reg, rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if fresh.ID == first.ID || !fresh.Stored {
			t.Errorf("Run reused a result that rests on an older pull")
		}

		// The registry changes: 990102 is abolished. The stored result ranks
		// it among 99; a load on the new registry scores again, out of 98.
		text, err := os.ReadFile("../templates/units/demo-province.yaml")
		if err != nil {
			t.Fatal(err)
		}
		changed := strings.Replace(string(text), `{code: "990102", name: 杏山区}`, `{code: "990102", name: 杏山区, abolished: true}`, 1)
		if changed == string(text) {
			t.Fatal("the demo registry does not list 990102 as expected")
		}
		reg2, err := zhengzhi.ParseRegistry([]byte(changed))
		if err != nil {
			t.Fatal(err)
		}
		if reg2.Hash == reg.Hash {
			t.Fatal("two registries share a hash")
		}
		moved, err := assess.Run(ctx, w, reg2, rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if moved.ID == fresh.ID || len(moved.Assessment.Units) != 98 {
			t.Errorf("Load on another registry: id %d (stored %d), %d counties, want a new result out of 98", moved.ID, fresh.ID, len(moved.Assessment.Units))
		}
		if back, err := assess.Run(ctx, w, reg2, rs, asOf); err != nil || back.ID != moved.ID {
			t.Errorf("Load on the same registry again recomputed: %v", err)
		}
	})
}

// TestLoadRuleSetReadsLastYears: a rule set that succeeds last year's is
// loaded with it (read from its own folder, never scored); one that names a
// missing file, or last year's of another level, is refused with the path.
func TestLoadRuleSetReadsLastYears(t *testing.T) {
	rs, err := assess.LoadRuleSet("../templates/rules/2026/safe-city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if rs.Previous == nil || rs.Previous.ID != "safe-city-2025" {
		t.Fatalf("succeeds %q: previous %+v", rs.Succeeds, rs.Previous)
	}
	text, err := os.ReadFile("../templates/rules/2026/safe-city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, c := range map[string]struct{ succeeds, want string }{
		"missing":       {"../2025/safe-city.yaml", "2026.yaml: succeeds: open "},
		"another level": {"county-2025.yaml", "succeeds county-2025.yaml: safe-county-2025 assesses the county level, this rule set the city level"},
	} {
		county, err := os.ReadFile("../templates/rules/2025/safe-county.yaml")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "county-2025.yaml"), county, 0o644)
		path := filepath.Join(dir, "2026.yaml")
		os.WriteFile(path, []byte(strings.Replace(string(text), "succeeds: ../2025/safe-city.yaml", "succeeds: "+c.succeeds, 1)), 0o644)
		if _, err := assess.LoadRuleSet(path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want …%s", name, err, c.want)
		}
	}
}
