package warehouse_test

import (
	"context"
	"errors"
	"strings"
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

// TestDrawCommitmentsOnEveryEngine stores a month's seed commitment, reads
// it back to the microsecond, refuses a second one made unseen, and
// replaces it only when the save names the digest it replaces.
func TestDrawCommitmentsOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		if c, err := w.DrawCommitmentOf(ctx, "2026-12"); err != nil || c != nil {
			t.Fatalf("a month never committed: %+v, %v", c, err)
		}
		first := warehouse.DrawCommitment{Month: "2026-12", Digest: strings.Repeat("ab", 32),
			CommittedAt: time.Date(2026, 11, 28, 2, 5, 7, 123456789, time.UTC), CommittedBy: "cli:王五@zz-01", Process: "zz-01:4242"}
		if err := w.SaveDrawCommitment(ctx, first, ""); err != nil {
			t.Fatal(err)
		}
		got, err := w.DrawCommitmentOf(ctx, "2026-12")
		want := first
		want.CommittedAt = first.CommittedAt.Truncate(time.Microsecond)
		if err != nil || got == nil || got.Digest != want.Digest || !got.CommittedAt.Equal(want.CommittedAt) ||
			got.CommittedAt.Location() != time.UTC || got.CommittedBy != want.CommittedBy || got.Process != want.Process {
			t.Fatalf("read back %+v, %v; want %+v", got, err, want)
		}

		second := first
		second.Digest, second.CommittedAt = strings.Repeat("cd", 32), first.CommittedAt.Add(time.Hour)
		for _, replacing := range []string{"", strings.Repeat("ef", 32)} {
			if err := w.SaveDrawCommitment(ctx, second, replacing); !errors.Is(err, warehouse.ErrCommitmentMoved) {
				t.Fatalf("a commitment replacing %q over %s: %v", replacing, first.Digest, err)
			}
		}
		if got, _ := w.DrawCommitmentOf(ctx, "2026-12"); got.Digest != first.Digest {
			t.Fatalf("a refused save changed the commitment: %+v", got)
		}
		if err := w.SaveDrawCommitment(ctx, second, first.Digest); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.DrawCommitmentOf(ctx, "2026-12"); got.Digest != second.Digest || !got.CommittedAt.Equal(second.CommittedAt.Truncate(time.Microsecond)) {
			t.Fatalf("replaced commitment read back %+v", got)
		}
		if c, _ := w.DrawCommitmentOf(ctx, "2027-01"); c != nil {
			t.Fatalf("another month: %+v", c)
		}
	})
}
