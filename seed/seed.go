// Package seed generates the synthetic demo province's bureau databases: one
// database per bureau (the province office and each city) laid out as the
// bureau data contract says, filled with a deterministic, varied picture of
// the campaign — leading, middling and lagging cities, a veto, penalties,
// overdue major hazards, repeat offenders — and about 1% of rows that break
// the contract in every way it lists, so ingest and the data-quality reports
// have something to find.
package seed

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"zhengzhi"
	"zhengzhi/internal/progress"
	"zhengzhi/sqldb"
)

// Scale is how much data to generate.
type Scale string

// The scales.
const (
	// ScaleDemo is a few tens of thousands of rows in all, written in seconds.
	ScaleDemo Scale = "demo"
	// ScaleProvince is about 1,000,000 rows, a real province's year.
	ScaleProvince Scale = "province"
	// ScaleLarge is about 10,000,000 rows, for the benchmark only.
	ScaleLarge Scale = "large"
)

// Options shape a generation run.
type Options struct {
	Scale Scale // default ScaleDemo
	Seed  int64 // default 1
	// Until is the last event date; the campaign runs from 2026-08-01 to it.
	// Default 2026-11-24.
	Until zhengzhi.Date
	// Progress receives a progress bar (a terminal), one step per bureau;
	// nil is quiet.
	Progress io.Writer
	// Force replaces sources that hold rows seed did not write; without it
	// Generate refuses them all before writing anything.
	Force bool
}

// Target is one bureau database to write: the province office's or a city's.
type Target struct {
	Unit string
	DSN  string
}

// Summary is what Generate wrote, one entry per target in the targets' order.
type Summary []BureauRows

// BureauRows counts the rows written into one bureau database.
type BureauRows struct {
	Unit string
	// Rows is the number of rows written per table, deliberately bad and
	// withdrawn rows included.
	Rows map[string]int
	// Defects is the number of rows written to break the contract, per kind
	// of defect (see the defects catalogue), plus "soft_deleted" for rows
	// written withdrawn (deleted = 1).
	Defects map[string]int
}

// Total is the number of rows written into the bureau database.
func (b BureauRows) Total() int {
	n := 0
	for _, t := range Tables {
		n += b.Rows[t]
	}
	return n
}

// DefaultUntil is the default last event date.
var DefaultUntil = zhengzhi.NewDate(2026, 11, 24)

// PulledAt is a moment to pull data generated until a date: that day's
// evening (UTC), after every updated_at the generator writes (office hours,
// UTC), so that none lies in the future of the pull.
func PulledAt(until zhengzhi.Date) time.Time { return until.Midnight(time.UTC).Add(20 * time.Hour) }

// Generate writes every target's bureau database, replacing what was there —
// only databases it wrote itself, unless opt.Force (ErrForeignRows) — and returns the rows written per target and table. A target must be the
// registry's province or one of its cities.
func Generate(ctx context.Context, reg *zhengzhi.Registry, targets []Target, opt Options) (Summary, error) {
	if opt.Scale == "" {
		opt.Scale = ScaleDemo
	}
	if _, ok := enterprisesPerCounty[opt.Scale]; !ok {
		return nil, fmt.Errorf("seed: unknown scale %q (want demo, province or large)", opt.Scale)
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Until.IsZero() {
		opt.Until = DefaultUntil
	}
	until := opt.Until
	if until < campaignStart+30 {
		return nil, fmt.Errorf("seed: --until %s is too early: the campaign starts on %s and needs a month of events",
			until, campaignStart)
	}
	if !opt.Force {
		var refused []string
		for _, t := range targets {
			what, err := foreignRows(ctx, t.DSN)
			if err != nil {
				return nil, fmt.Errorf("seed: bureau %s: %w", t.Unit, err)
			}
			if what != "" {
				refused = append(refused, t.Unit+"（"+what+"）")
			}
		}
		if len(refused) > 0 {
			return nil, fmt.Errorf("%w，拒绝覆盖：%s；确认是演示库时加 --force", ErrForeignRows, strings.Join(refused, "；"))
		}
	}
	profiles := drawProfiles(reg, opt.Seed)
	var out Summary
	bar := progress.New(opt.Progress, len(targets), "行")
	defer bar.Finish()
	for _, t := range targets {
		bar.Start(t.Unit)
		u, ok := reg.Unit(t.Unit)
		if !ok || (u.Level != zhengzhi.LevelProvince && u.Level != zhengzhi.LevelCity) {
			return out, fmt.Errorf("seed: source %s is neither the province nor a city of the unit registry", t.Unit)
		}
		rows, err := generateBureau(ctx, reg, u, t.DSN, profiles, opt, until)
		if err != nil {
			return out, fmt.Errorf("seed: bureau %s (%s): %w", u.Code, u.Name, err)
		}
		bar.Add(rows.Total())
		bar.Step()
		out = append(out, rows)
	}
	return out, nil
}

// bureau is one bureau database being written.
type bureau struct {
	ctx context.Context
	db  *sqldb.DB
	// pg is a second, native connection for COPY on PostgreSQL; nil elsewhere.
	pg    *pgx.Conn
	reg   *zhengzhi.Registry
	unit  zhengzhi.Unit
	seed  int64
	scale Scale
	until day
	// world is the city's enterprises and counties; nil for the province office.
	world    *cityWorld
	profiles map[string]profile
	rows     BureauRows
}

func generateBureau(ctx context.Context, reg *zhengzhi.Registry, u zhengzhi.Unit, dsn string,
	profiles map[string]profile, opt Options, until day) (BureauRows, error) {
	db, err := openBureau(ctx, dsn)
	if err != nil {
		return BureauRows{}, err
	}
	defer db.Close()
	var pg *pgx.Conn
	if db.Dialect == sqldb.Postgres {
		if pg, err = pgx.Connect(ctx, dsn); err != nil {
			return BureauRows{}, fmt.Errorf("connect %s for COPY: %w", db.Name, err)
		}
		defer pg.Close(context.WithoutCancel(ctx))
	}
	b := &bureau{ctx: ctx, db: db, pg: pg, reg: reg, unit: u, seed: opt.Seed, scale: opt.Scale, until: until,
		profiles: profiles, rows: BureauRows{Unit: u.Code, Rows: map[string]int{}, Defects: map[string]int{}}}
	if u.Level == zhengzhi.LevelCity {
		b.world = newCityWorld(reg, u, profiles[u.Code], opt.Seed, opt.Scale)
		err = b.writeCity()
	} else {
		err = b.writeProvinceOffice()
	}
	if err == nil {
		err = writeMarker(ctx, db)
	}
	return b.rows, err
}

// table writes one table: fill's rows, then the deliberately bad ones, in one
// transaction.
func (b *bureau) table(t *tableSpec, fill func(tw *tableWriter, r *rnd) error) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	tw, err := newTableWriter(b.ctx, b.db, b.pg, t)
	if err != nil {
		return err
	}
	if err := fill(tw, newRnd(b.seed, b.unit.Code, t.name)); err != nil {
		tw.abort()
		return err
	}
	if err := b.breakRows(tw, newRnd(b.seed, b.unit.Code, t.name, "defects")); err != nil {
		tw.abort()
		return err
	}
	if err := tw.commit(); err != nil {
		return err
	}
	b.rows.Rows[t.name] = tw.written
	return nil
}
