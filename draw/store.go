package draw

import (
	"context"
	"fmt"
	"slices"
	"time"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// Store keeps the draws and their seed commitments: the warehouse's draws
// and draw_commitments tables.
type Store interface {
	DrawOf(ctx context.Context, month string) (*warehouse.DrawRecord, error)
	SaveDraw(ctx context.Context, d warehouse.DrawRecord) error
	DrawCommitmentOf(ctx context.Context, month string) (*warehouse.DrawCommitment, error)
	SaveDrawCommitment(ctx context.Context, c warehouse.DrawCommitment, replacing string) error
}

var _ Store = (*warehouse.Warehouse)(nil)

// Request asks for one month's draw.
type Request struct {
	Month string
	// Seed is any text; "" takes the seed the month was drawn with, or, for a
	// month neither drawn nor committed, DefaultSeed. A month committed to a
	// seed (Commit) is drawn with that seed only.
	Seed string
	// Force replaces a month already drawn with another seed (or whose stored
	// counties no longer follow from its seed).
	Force bool
}

// Run draws a month, or returns the month's stored draw when it was drawn
// with the same seed, so running it again changes nothing. The month before
// is read from the store to keep its counties out. drawn is false when the
// stored draw was returned. A month with a seed commitment is drawn only
// with the seed whose digest was committed — any other, or none, is a
// Refusal — and its result carries the commitment; a month without one is
// drawn as it always was, and its result says so by carrying none.
func Run(ctx context.Context, store Store, reg *zhengzhi.Registry, req Request, now time.Time) (res Result, drawn bool, err error) {
	if _, err := ParseMonth(req.Month); err != nil {
		return Result{}, false, err
	}
	stored, err := store.DrawOf(ctx, req.Month)
	if err != nil {
		return Result{}, false, err
	}
	committed, err := store.DrawCommitmentOf(ctx, req.Month)
	if err != nil {
		return Result{}, false, err
	}
	seed := req.Seed
	if seed == "" && stored != nil {
		seed = stored.Seed
	}
	if committed != nil {
		if err := checkCommitted(req.Month, seed, committed); err != nil {
			return Result{}, false, err
		}
	}
	switch {
	case seed == "":
		seed = DefaultSeed(reg, req.Month)
	case stored != nil && stored.Seed != seed && !req.Force:
		return Result{}, false, fmt.Errorf("%s 已于 %s UTC 用种子 %q 抽取；用同一种子重跑可复核，换种子重抽须加 --force（将替换原结果）",
			req.Month, stored.DrawnAt.Format(time.DateTime), stored.Seed)
	}
	before, err := store.DrawOf(ctx, PreviousMonth(req.Month))
	if err != nil {
		return Result{}, false, err
	}
	previous := map[string][]string{}
	if before != nil {
		for _, p := range before.Picks {
			previous[p.City] = p.Counties
		}
	}
	res = Result{Month: req.Month, Seed: seed, Picks: Choose(reg, req.Month, seed, previous), DrawnAt: now}
	if committed != nil {
		res.Commitment = &Commitment{Digest: committed.Digest, CommittedAt: committed.CommittedAt}
	}
	if stored != nil && stored.Seed == seed {
		if sameCounties(stored, res.Picks) {
			res.DrawnAt = stored.DrawnAt
			return res, false, nil
		}
		if !req.Force {
			return Result{}, false, fmt.Errorf("%s 已用种子 %q 抽取，但按该种子重算的结果与存档不同（单位名录或上月抽取结果已变）；核实后加 --force 以重算结果替换存档",
				req.Month, seed)
		}
	}
	rec := warehouse.DrawRecord{Month: req.Month, Seed: seed, DrawnAt: now}
	for _, p := range res.Picks {
		rec.Picks = append(rec.Picks, warehouse.DrawRow{City: p.City, Counties: p.Counties})
	}
	if err := store.SaveDraw(ctx, rec); err != nil {
		return Result{}, false, err
	}
	return res, true, nil
}

// sameCounties compares a stored draw with a computed one, city by city.
func sameCounties(stored *warehouse.DrawRecord, picks []Pick) bool {
	byCity := map[string][]string{}
	for _, p := range stored.Picks {
		byCity[p.City] = p.Counties
	}
	if len(byCity) != len(picks) {
		return false
	}
	for _, p := range picks {
		got, ok := byCity[p.City]
		if !ok || !slices.Equal(got, p.Counties) {
			return false
		}
	}
	return true
}
