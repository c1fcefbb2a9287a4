package warehouse_test

import (
	"context"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

func TestDrawsOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		if d, err := w.DrawOf(ctx, "2026-12"); err != nil || d != nil {
			t.Fatalf("undrawn month: %+v, %v", d, err)
		}
		at := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
		d := warehouse.DrawRecord{Month: "2026-12", Seed: "2026-12-种子", DrawnAt: at, Picks: []warehouse.DrawRow{
			{City: "990100", Counties: []string{"990102", "990125"}},
			{City: "990200", Counties: []string{"990228"}},
			{City: "990300", Counties: []string{}},
		}}
		for range 2 { // saving again replaces, never doubles
			if err := w.SaveDraw(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		got, err := w.DrawOf(ctx, "2026-12")
		if err != nil {
			t.Fatal(err)
		}
		if got.Seed != d.Seed || !got.DrawnAt.Equal(at) || len(got.Picks) != 3 ||
			got.Picks[0].City != "990100" || len(got.Picks[0].Counties) != 2 || got.Picks[0].Counties[1] != "990125" ||
			got.Picks[2].Counties == nil || len(got.Picks[2].Counties) != 0 {
			t.Fatalf("read back %+v", got)
		}
		d.Seed, d.Picks = "other", d.Picks[:1]
		if err := w.SaveDraw(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.DrawOf(ctx, "2026-12"); got.Seed != "other" || len(got.Picks) != 1 {
			t.Fatalf("replaced draw read back %+v", got)
		}
	})
}
