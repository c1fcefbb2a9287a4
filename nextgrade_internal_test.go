package zhengzhi

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKnapsacksAgree runs both knapsacks on random levers, uneven gains
// among them, and checks each against every combination of choices: fewest
// actions, then most gain, then the most actions on the earliest levers.
func TestKnapsacksAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	s, compared := &pathSearch{}, 0
	defer func() { t.Logf("%d compared", compared) }()
	for n := range 3000 {
		choices := make([][]choice, 1+r.IntN(4))
		for j := range choices {
			c := choice{count: int64(r.IntN(3)), gain: int64(r.IntN(3))}
			choices[j] = append(choices[j], c)
			for range r.IntN(6) {
				c.count += 1 + int64(r.IntN(3))
				c.gain += int64(r.IntN(4)) // 0: a tier step that gains nothing yet
				if c.gain > choices[j][len(choices[j])-1].gain {
					choices[j] = append(choices[j], c)
				}
			}
		}
		need := int64(r.IntN(12))
		// Every combination, the best kept.
		var best []int64
		var bestActions, bestGain int64
		pick := make([]int64, len(choices))
		var walk func(j int, actions, gain int64)
		walk = func(j int, actions, gain int64) {
			if j == len(choices) {
				if gain < need {
					return
				}
				if best == nil || actions < bestActions || actions == bestActions && (gain > bestGain ||
					gain == bestGain && slices.Compare(pick, best) > 0) {
					best, bestActions, bestGain = slices.Clone(pick), actions, gain
				}
				return
			}
			for _, ch := range choices[j] {
				pick[j] = ch.count
				walk(j+1, actions+ch.count, gain+ch.gain)
			}
		}
		walk(0, 0, 0)
		if best == nil {
			continue // the search only runs when the levers can gain need
		}
		compared++
		byGain := s.fewestByGain(choices, need)
		byActions := s.fewestByActions(choices, need, bestActions+int64(r.IntN(3)))
		if !slices.Equal(byGain, best) || !slices.Equal(byActions, best) {
			t.Fatalf("case %d: choices %v need %d: by gain %v, by actions %v, every combination %v", n, choices, need, byGain, byActions, best)
		}
	}
}
