package seed

import (
	"zhengzhi"
)

// meeting is how a city held its safety hazard analysis meeting (安全隐患分析大会).
type meeting int

const (
	meetingWithExperts meeting = iota
	meetingWithoutExperts
	meetingNotHeld
)

// profile is how diligently a city bureau runs the campaign; it drives every
// rate the assessments score, so the demo shows leaders, a middle field and
// laggards instead of a flat picture.
type profile struct {
	// diligence in (0, 1]: the share of the work done, and done on time.
	diligence float64
	// lagging cities get overdue major hazards on purpose.
	lagging         bool
	majorIncident   bool // a 重大 incident with direct responsibility: the veto
	largerIncidents int  // 较大 incidents with direct responsibility: the penalty
	meeting         meeting
	emergencyPlan   bool
}

// drawProfiles deals the cities their profiles from the seed: two near full
// marks, three lagging (two when there are few cities), the rest in the middle.
// The lagging ones also carry the veto, a penalty, the missing meeting and the
// missing emergency plans; one middling city has a penalty too.
func drawProfiles(reg *zhengzhi.Registry, seed int64) map[string]profile {
	cities := reg.Units(zhengzhi.LevelCity)
	r := newRnd(seed, "profiles")
	order := r.Perm(len(cities))
	diligent := min(2, len(cities))
	lagging := min(3, len(cities)-diligent)
	if len(cities) < 9 {
		lagging = min(2, len(cities)-diligent)
	}
	out := map[string]profile{}
	for rank, i := range order {
		p := profile{meeting: meetingWithExperts, emergencyPlan: true}
		switch {
		case rank < diligent:
			p.diligence = 0.97 + 0.03*r.Float64()
		case rank >= len(cities)-lagging:
			p.diligence = 0.45 + 0.17*r.Float64()
			p.lagging = true
		default:
			p.diligence = 0.72 + 0.18*r.Float64()
		}
		out[cities[i].Code] = p
	}
	// The special cases go to fixed places in the shuffled order, so each run
	// has exactly one veto and one or two penalties.
	set := func(rank int, f func(*profile)) {
		if rank >= 0 && rank < len(order) {
			code := cities[order[rank]].Code
			p := out[code]
			f(&p)
			out[code] = p
		}
	}
	last := len(cities) - 1
	set(last, func(p *profile) { p.majorIncident, p.emergencyPlan = true, false })
	set(last-1, func(p *profile) { p.largerIncidents, p.meeting = 1, meetingWithoutExperts })
	set(last-2, func(p *profile) { p.meeting, p.emergencyPlan = meetingNotHeld, false })
	set(last-lagging, func(p *profile) { p.largerIncidents = 1 })
	return out
}
