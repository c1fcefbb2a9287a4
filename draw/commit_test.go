package draw_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"zhengzhi/draw"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/warehouse"
)

// TestCommitThenDrawOnEveryEngine commits December to a seed and draws it:
// the warehouse holds the digest and never the seed; a draw with no seed
// or another seed is refused and stores nothing; the committed seed draws,
// and the result carries the digest and when it was committed; a month
// already drawn takes no commitment, forced or not.
func TestCommitThenDrawOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		reg := demotest.Registry(t)
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		seed := draw.NewSeed()
		committedAt := time.Date(2026, 11, 28, 2, 5, 0, 0, time.UTC)
		done, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2026-12", Seed: seed, By: "cli:王五@zz-01", Process: "zz-01:4242"}, committedAt)
		if err != nil || done.Unchanged || done.Replaced != nil || done.Commitment.Digest != draw.Digest(seed) {
			t.Fatalf("commit: %+v, %v", done, err)
		}
		// What the warehouse holds of the month is the digest, not the seed.
		db := dbtest.Open(t, dsn)
		var row []string
		rows, err := db.Queryx(`SELECT * FROM draw_commitments`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			cols, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cols {
				row = append(row, fmt.Sprintf("%s", c))
			}
		}
		rows.Close()
		if text := strings.Join(row, "|"); strings.Contains(text, seed) || !strings.Contains(text, draw.Digest(seed)) || !strings.Contains(text, "zz-01:4242") {
			t.Fatalf("draw_commitments holds %q", text)
		}

		drawAt := committedAt.Add(3 * 24 * time.Hour)
		for _, s := range []string{"", seed + "x", strings.ToLower(seed)} {
			_, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: s}, drawAt)
			var refused *draw.Refusal
			if !errors.As(err, &refused) || !strings.Contains(refused.Reason, draw.Digest(seed)) || (s != "" && strings.Contains(refused.Reason, s)) {
				t.Fatalf("draw with seed %q: %v", s, err)
			}
		}
		if d, _ := w.DrawOf(ctx, "2026-12"); d != nil {
			t.Fatalf("a refused draw stored %+v", d)
		}

		res, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: seed}, drawAt)
		if err != nil || !drawn || res.Seed != seed || res.Commitment == nil ||
			res.Commitment.Digest != draw.Digest(seed) || !res.Commitment.CommittedAt.Equal(committedAt) {
			t.Fatalf("the committed seed: drawn=%v %+v, %v", drawn, res, err)
		}
		// Re-run without the seed: the stored draw, still with its commitment.
		again, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12"}, drawAt.Add(time.Hour))
		if err != nil || drawn || again.Commitment == nil || again.Commitment.Digest != res.Commitment.Digest || !again.DrawnAt.Equal(drawAt) {
			t.Fatalf("re-run: drawn=%v %+v, %v", drawn, again, err)
		}

		// After the draw: the same seed changes nothing; another is refused, even forced.
		if same, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2026-12", Seed: seed}, drawAt.Add(time.Hour)); err != nil || !same.Unchanged ||
			!same.Commitment.CommittedAt.Equal(committedAt) {
			t.Fatalf("the same seed again: %+v, %v", same, err)
		}
		for _, force := range []bool{false, true} {
			_, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2026-12", Seed: draw.NewSeed(), Force: force}, drawAt.Add(time.Hour))
			var refused *draw.Refusal
			if !errors.As(err, &refused) || !strings.Contains(refused.Reason, "已于") {
				t.Fatalf("a new seed after the draw (force %v): %v", force, err)
			}
		}

		// A month drawn without a commitment says so by carrying none.
		plain, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2027-02", Seed: "没有承诺的种子"}, drawAt)
		if err != nil || plain.Commitment != nil {
			t.Fatalf("a month without a commitment: %+v, %v", plain, err)
		}
		// And a month drawn without one takes none afterwards.
		var refused *draw.Refusal
		if _, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2027-02", Seed: "没有承诺的种子"}, drawAt); !errors.As(err, &refused) {
			t.Fatalf("a commitment after the draw: %v", err)
		}
	})
}

// TestRecommitNeedsForceOnEveryEngine: a month committed to one seed is
// committed to another only with Force, which reports the commitment it
// replaced; the draw then takes the new seed and refuses the old.
func TestRecommitNeedsForceOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		reg := demotest.Registry(t)
		w, err := warehouse.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		at := time.Date(2026, 12, 20, 1, 0, 0, 0, time.UTC)
		const first, second = "第一次承诺的种子-HX4KQ2M7", "第二次承诺的种子-P3ZR6WTA"
		if _, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2027-01", Seed: first}, at); err != nil {
			t.Fatal(err)
		}
		var refused *draw.Refusal
		if _, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2027-01", Seed: second}, at.Add(time.Hour)); !errors.As(err, &refused) ||
			!strings.Contains(refused.Reason, "--force") || !strings.Contains(refused.Reason, draw.Digest(first)) || strings.Contains(refused.Reason, first) {
			t.Fatalf("a second seed without --force: %v", err)
		}
		if c, _ := w.DrawCommitmentOf(ctx, "2027-01"); c.Digest != draw.Digest(first) {
			t.Fatalf("a refused commitment replaced the first: %+v", c)
		}
		done, err := draw.Commit(ctx, w, draw.CommitRequest{Month: "2027-01", Seed: second, Force: true}, at.Add(time.Hour))
		if err != nil || done.Replaced == nil || done.Replaced.Digest != draw.Digest(first) || done.Commitment.Digest != draw.Digest(second) {
			t.Fatalf("forced: %+v, %v", done, err)
		}
		if _, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2027-01", Seed: first}, at.Add(2*time.Hour)); !errors.As(err, &refused) {
			t.Fatalf("the replaced seed drew: %v", err)
		}
		res, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2027-01", Seed: second}, at.Add(2*time.Hour))
		if err != nil || res.Commitment == nil || !res.Commitment.CommittedAt.Equal(at.Add(time.Hour)) {
			t.Fatalf("the new seed: %+v, %v", res, err)
		}
	})
}

// TestCheckSeed refuses the seeds a draw could not store or an operator
// could not type back, and takes a generated one.
func TestCheckSeed(t *testing.T) {
	for _, bad := range []string{"", " 前有空格", "后有空格 ", "两行\n种子", "制表\t符", strings.Repeat("种", draw.MaxSeedChars+1), "\xff"} {
		var refused *draw.Refusal
		if err := draw.CheckSeed(bad); !errors.As(err, &refused) {
			t.Errorf("seed %q accepted", bad)
		}
	}
	for _, good := range []string{draw.NewSeed(), strings.Repeat("种", draw.MaxSeedChars), "公开摇号 12"} {
		if err := draw.CheckSeed(good); err != nil {
			t.Errorf("seed %q: %v", good, err)
		}
	}
	if a, b := draw.NewSeed(), draw.NewSeed(); a == b || len(a) < 26 {
		t.Fatalf("generated seeds %q, %q", a, b)
	}
	if got := draw.Digest("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("SHA-256 of abc: %s", got)
	}
}
