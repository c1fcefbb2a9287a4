package warehouse_test

import (
	"context"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

func TestLatestPullsMarksStaleBureaus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		pull := func(bureau, outcome, errText string, finish bool) int64 {
			id, err := w.BeginPull(ctx, bureau, at)
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
