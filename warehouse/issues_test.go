package warehouse_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

// TestIssuesAddAndClearInBatches records and clears more issues than one
// statement holds, on every engine: each comes back as written, with the
// reasons of one row and column joined, and a clear takes exactly the rows
// it names.
func TestIssuesAddAndClearInBatches(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		pullID, err := w.BeginPull(ctx, "990100", at, "here:1")
		if err != nil {
			t.Fatal(err)
		}
		const n = 1203
		var issues []warehouse.DataIssue
		for i := range n {
			d := warehouse.DataIssue{Table: "hazards", RowID: fmt.Sprintf("H%04d", i), Severity: "warning",
				Column: "deadline", Value: "2026-13-01", Reason: "日期无效", Raw: `{"id":"x"}`, RowUpdatedAt: at}
			if i%2 == 1 {
				d.RowCopy, d.Severity, d.Raw, d.RowUpdatedAt, d.KeptVersion = "c1", "reject", "", time.Time{}, true
			}
			issues = append(issues, d)
		}
		issues = append(issues, warehouse.DataIssue{Table: "hazards", RowID: "H0000", Severity: "warning",
			Column: "deadline", Reason: "晚于整改日期"})
		load, err := w.BeginLoad(ctx, "990100", pullID)
		if err != nil {
			t.Fatal(err)
		}
		defer load.Rollback(ctx)
		if err := load.AddIssues(ctx, issues); err != nil {
			t.Fatal(err)
		}
		var clear []warehouse.RowKey
		for i := range n - 3 { // all but the last three
			clear = append(clear, warehouse.RowKey{ID: issues[i].RowID, Copy: issues[i].RowCopy})
		}
		// A key of another copy (H1201 without its copy) or another table names nothing.
		clear = append(clear, warehouse.RowKey{ID: issues[n-2].RowID})
		if err := load.ClearIssues(ctx, "hazards", clear[1:]); err != nil {
			t.Fatal(err)
		}
		if err := load.ClearIssues(ctx, "samplings", clear[:1]); err != nil {
			t.Fatal(err)
		}
		if err := load.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := w.DataIssues(ctx, "990100")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("%d issues left, want 4: %+v", len(got), got)
		}
		first := got[0]
		if first.RowID != "H0000" || first.RowCopy != "" || first.Reason != "日期无效；晚于整改日期" || first.Value != "2026-13-01" ||
			first.Raw != `{"id":"x"}` || !first.RowUpdatedAt.Equal(at) || first.KeptVersion || first.PullID != pullID {
			t.Errorf("the first issue came back as %+v", first)
		}
		odd := got[2] // H1201, a reject of the copy c1
		if odd.RowID != "H1201" || odd.RowCopy != "c1" || odd.Severity != "reject" || odd.Raw != "" ||
			!odd.RowUpdatedAt.IsZero() || !odd.KeptVersion || odd.Reason != "日期无效"+warehouse.KeptVersionNote {
			t.Errorf("a kept-version reject came back as %+v", odd)
		}
		if got[1].RowID != "H1200" || got[3].RowID != "H1202" {
			t.Errorf("issues left: %s %s %s %s", got[0].RowID, got[1].RowID, got[2].RowID, got[3].RowID)
		}
	})
}
