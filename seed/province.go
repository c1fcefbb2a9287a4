package seed

import "zhengzhi"

// writeProvinceOffice writes the province office's database: its own
// follow-up samplings of the cities' producers (省局不合格企业产品跟踪专项), its
// supervision visits with the random draw, and the risk information it
// received. Its other tables stay empty: enterprises and their ledgers are
// the cities' to keep.
func (b *bureau) writeProvinceOffice() error {
	worlds := make([]*cityWorld, 0, len(b.reg.Cities))
	for _, c := range b.reg.Units(zhengzhi.LevelCity) {
		if w := newCityWorld(b.reg, c, b.profiles[c.Code], b.seed, b.scale); len(w.counties) > 0 {
			worlds = append(worlds, w)
		}
	}
	steps := []struct {
		t    *tableSpec
		fill func(*tableWriter, *rnd) error
	}{
		{samplingsTable, func(tw *tableWriter, r *rnd) error { return b.provinceSamplings(tw, r, worlds) }},
		{riskSignalsTable, func(tw *tableWriter, r *rnd) error { return b.provinceRiskSignals(tw, r, worlds) }},
		{supervisionVisitsTable, func(tw *tableWriter, r *rnd) error { return b.provinceVisits(tw, r, worlds) }},
	}
	for _, s := range steps {
		if err := b.table(s.t, s.fill); err != nil {
			return err
		}
	}
	return nil
}

// provinceSamplings samples about one in a hundred of each city's producers;
// the province names the producer by its code only, since the enterprise
// rows live in the city's database.
func (b *bureau) provinceSamplings(tw *tableWriter, r *rnd, worlds []*cityWorld) error {
	for _, w := range worlds {
		for n := max(3, w.enterprises/100); n > 0; n-- {
			e := w.enterprise(r.IntN(w.enterprises))
			unit := e.county.unit.Code
			if r.chance(0.3) {
				unit = w.city.Code
			}
			x := b.sampling(r, tw, unit, "province_followup", e)
			// The follow-up samples a known producer: it is traced by construction.
			set(samplingsTable, x, "producer_enterprise_id", nil)
			set(samplingsTable, x, "producer_uscc", e.uscc)
			set(samplingsTable, x, "traced", 1)
			if err := tw.addNew(unit, x); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *bureau) provinceRiskSignals(tw *tableWriter, r *rnd, worlds []*cityWorld) error {
	total := 0
	for _, w := range worlds {
		total += w.enterprises
	}
	for n := 5 + total/200; n > 0; n-- {
		unit := b.unit.Code
		if r.chance(0.5) {
			unit = pick(r, worlds...).city.Code
		}
		if err := tw.addNew(unit, b.riskSignal(r, unit, nil, 0.9)); err != nil {
			return err
		}
	}
	return nil
}

// provinceVisits writes the province's monthly supervision: in most months,
// one or two drawn counties per city (random_pick = 1), and visits to the red
// and yellow zones it chose itself.
func (b *bureau) provinceVisits(tw *tableWriter, r *rnd, worlds []*cityWorld) error {
	for m := campaignStart; m <= b.until; m = m.AddMonths(1) {
		last := min(m.AddMonths(1)-1, b.until)
		for _, w := range worlds {
			if !r.chance(0.8) {
				continue
			}
			for _, k := range r.Perm(len(w.counties))[:min(len(w.counties), r.between(1, 2))] {
				c := &w.counties[k]
				if err := tw.addNew(c.unit.Code, b.visit(r, b.unit.Code, c.unit.Code, true, r.dayIn(m, last), c.diligence)); err != nil {
					return err
				}
			}
		}
	}
	for _, w := range worlds {
		for k := range w.counties {
			c := &w.counties[k]
			if c.zone == zhengzhi.ZoneNone {
				continue
			}
			if err := tw.addNew(c.unit.Code, b.visit(r, b.unit.Code, c.unit.Code, false, b.campaignDay(r), c.diligence)); err != nil {
				return err
			}
		}
	}
	return nil
}
