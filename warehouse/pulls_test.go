package warehouse_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

func TestLatestPullsMarksStaleBureaus(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		pull := func(bureau, outcome, errText string, finish bool) int64 {
			id, err := w.BeginPull(ctx, bureau, at, "here:1")
			if err != nil {
				t.Fatal(err)
			}
			if finish {
				counts := map[string]warehouse.TableCounts{"hazards": {Read: 3, Loaded: 2, Rejected: 1}}
				if err := w.FinishPull(ctx, id, at.Add(time.Minute), outcome, errText, counts); err != nil {
					t.Fatal(err)
				}
			}
			at = at.Add(time.Hour)
			return id
		}
		good := pull("990100", warehouse.PullOK, "", true)
		pull("990100", warehouse.PullUnreachable, "connection refused", true)
		pull("990100", warehouse.PullRunning, "", false) // still running: not an attempt yet
		pull("990200", warehouse.PullRefused, "缺少表 incidents", true)

		got, err := w.LatestPulls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d bureaus: %+v", len(got), got)
		}
		c := got[0]
		if c.Bureau != "990100" || c.Outcome != "unreachable" || c.Error != "connection refused" ||
			c.LastGoodID != good || !c.LastGoodFinished.Equal(time.Date(2026, 11, 25, 10, 1, 0, 0, time.UTC)) ||
			!c.Started.Equal(time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)) || c.Tables["hazards"].Rejected != 1 {
			t.Errorf("990100: %+v", c)
		}
		r := got[1]
		if r.Bureau != "990200" || r.Outcome != "refused" || r.LastGoodID != 0 || !r.LastGoodFinished.IsZero() {
			t.Errorf("990200: %+v", r)
		}
	})
}

// TestCloseAbandonedPulls closes the pulls left running by a process that is
// gone, or that began too long ago, as failed with the reason 采集中断, and
// leaves the pulls of live processes running.
func TestCloseAbandonedPulls(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		begin := func(bureau string, started time.Time, instance string) {
			if _, err := w.BeginPull(ctx, bureau, started, instance); err != nil {
				t.Fatal(err)
			}
		}
		begin("990100", now.Add(-time.Minute), "here:dead")    // killed on this host
		begin("990200", now.Add(-time.Minute), "here:alive")   // still at work here
		begin("990300", now.Add(-time.Minute), "elsewhere:7")  // another host, recent: may be at work
		begin("990400", now.Add(-30*time.Hour), "elsewhere:8") // another host, long ago
		begin("990500", now.Add(-30*time.Hour), "")            // before instances were recorded
		gone := func(instance string) bool { return instance == "here:dead" }
		n, err := w.CloseAbandonedPulls(ctx, now, now.Add(-12*time.Hour), gone)
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("closed %d pulls, want 3", n)
		}
		got, err := w.LatestPulls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		closed := map[string]warehouse.PullStatus{}
		for _, p := range got {
			closed[p.Bureau] = p
		}
		for _, b := range []string{"990100", "990400", "990500"} {
			p, ok := closed[b]
			if !ok || p.Outcome != warehouse.PullFailed || !strings.HasPrefix(p.Error, warehouse.PullInterrupted) || !p.Finished.Equal(now) {
				t.Errorf("%s: %+v, want failed with %s", b, p, warehouse.PullInterrupted)
			}
		}
		if !strings.Contains(closed["990100"].Error, "here:dead") {
			t.Errorf("990100: %q does not name the process", closed["990100"].Error)
		}
		for _, b := range []string{"990200", "990300"} {
			if p, ok := closed[b]; ok {
				t.Errorf("%s was closed: %+v", b, p)
			}
		}
	})
}
