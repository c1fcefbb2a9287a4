package ingest

import (
	"context"
	"fmt"
	"time"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/internal/progress"
	"zhengzhi/warehouse"
)

// puller is the pull of one source.
type puller struct {
	w      *warehouse.Warehouse
	reg    *zhengzhi.Registry
	source Source
	pullID int64
	now    time.Time
	today  zhengzhi.Date
	bar    *progress.Bar
	counts map[string]warehouse.TableCounts
	steps  int
	// ceded are the counties of this city that have a source of their own.
	ceded map[string]bool
}

// run pulls every table of the source in one warehouse transaction.
func (p *puller) run(ctx context.Context) error {
	defer func() {
		for ; p.steps < len(contract.Tables()); p.steps++ {
			p.bar.Step()
		}
	}()
	if _, ok := p.reg.Unit(p.source.Unit); !ok {
		return refusal{fmt.Sprintf("单位 %s 不在单位名录中，无法确定其数据范围", p.source.Unit)}
	}
	zone := p.source.Zone
	if zone == nil {
		zone = time.UTC
	}
	dsn, where := p.source.DSN, map[uint64]string(nil)
	if p.source.Upload {
		var cleanup func()
		var err error
		if dsn, where, cleanup, err = statementSource(ctx, p.w, p.source.Unit); err != nil {
			return err
		}
		defer cleanup()
	}
	src, err := openSource(ctx, dsn, zone)
	if err != nil {
		return err
	}
	defer src.Close()
	cols, err := readSchema(ctx, src)
	if err != nil {
		return err
	}
	if err := checkSchema(cols); err != nil {
		return err
	}
	unique, err := uniqueIDs(ctx, src)
	if err != nil {
		return err
	}
	load, err := p.w.BeginLoad(ctx, p.source.Unit, p.pullID)
	if err != nil {
		return err
	}
	defer load.Rollback(ctx)
	scope := &contract.Scope{Registry: p.reg, Bureau: p.source.Unit, Today: p.today, Now: p.now, Zone: zone}
	if len(p.ceded) > 0 {
		scope.Ceded = func(county string) bool { return p.ceded[county] }
		if scope.CededEnterprise, err = cededEnterprises(ctx, src, p.ceded); err != nil {
			return err
		}
	}
	for _, t := range contract.Tables() {
		p.bar.Start(p.source.Unit + " " + t.Name)
		tp := &tablePull{t: t, src: src, load: load, scope: scope, textTS: textTimestamps(src, cols, t.Name),
			zone: zone, wall: wallTimes(src, cols, t),
			uniqueIDs: unique[t.Name], limit: p.now.Add(contract.FutureTolerance), bar: p.bar,
			wholeRead: len(p.ceded) > 0, where: where}
		if err := tp.run(ctx); err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		p.counts[t.Name] = tp.counts
		if t.Name == "enterprises" {
			ids, err := load.IDs(ctx, t.Name)
			if err != nil {
				return err
			}
			scope.Enterprise = func(id string) bool { _, ok := ids[id]; return ok }
		}
		p.bar.Step()
		p.steps++
	}
	if err := src.Changed(); err != nil {
		return sourceError{err}
	}
	return load.Commit(ctx)
}
