package seed

import (
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// rnd is a deterministic random source with the few draws the generator needs.
// Every stream is seeded from the run's seed and the names of what it
// generates, never from the clock, so the same options give the same rows.
type rnd struct{ *rand.Rand }

// streamKey hashes the names of a stream (bureau, table, …) into a PCG stream number.
func streamKey(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func newRnd(seed int64, parts ...string) *rnd {
	return &rnd{rand.New(rand.NewPCG(uint64(seed), streamKey(parts...)))}
}

// chance is true with probability p.
func (r *rnd) chance(p float64) bool { return r.Float64() < p }

// between draws an integer in [lo, hi].
func (r *rnd) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// dayIn draws a day in [lo, hi].
func (r *rnd) dayIn(lo, hi day) day { return day(r.between(int(lo), int(hi))) }

// pick draws one of the values.
func pick[T any](r *rnd, values ...T) T { return values[r.IntN(len(values))] }

// weighted draws values[i] with probability weights[i]/Σweights.
func weighted[T any](r *rnd, values []T, weights []int) T {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return values[i]
		}
		n -= w
	}
	return values[len(values)-1]
}

// stamp is an updated_at for a row last changed on d: that day, during office
// hours, UTC.
func (r *rnd) stamp(d day) time.Time {
	return d.Midnight(time.UTC).Add(time.Duration(r.between(8*3600, 19*3600)) * time.Second)
}
