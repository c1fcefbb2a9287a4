package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DrawRecord is one month's stored draw of counties (随机抽查).
type DrawRecord struct {
	Month   string // "2026-12"
	Seed    string
	DrawnAt time.Time
	Picks   []DrawRow // by city code
}

// DrawRow is one city's drawn counties in a stored draw.
type DrawRow struct {
	City     string
	Counties []string
}

// DrawOf reads a month's draw; nil when the month has not been drawn.
func (w *Warehouse) DrawOf(ctx context.Context, month string) (*DrawRecord, error) {
	var rows []struct {
		City     string    `db:"city"`
		Seed     string    `db:"seed"`
		Counties string    `db:"counties"`
		DrawnAt  time.Time `db:"drawn_at"`
	}
	err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT city, seed, counties, drawn_at FROM draws WHERE month = ? ORDER BY city`), month)
	if err != nil {
		return nil, fmt.Errorf("draws: read %s: %w", month, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	d := &DrawRecord{Month: month, Seed: rows[0].Seed, DrawnAt: rows[0].DrawnAt.UTC()}
	for _, r := range rows {
		if r.Seed != d.Seed {
			return nil, fmt.Errorf("draws: %s holds two seeds (%q for %s, %q for %s): repair by drawing again with --force",
				month, d.Seed, d.Picks[0].City, r.Seed, r.City)
		}
		row := DrawRow{City: r.City, Counties: []string{}}
		if r.Counties != "" {
			row.Counties = strings.Split(r.Counties, ",")
		}
		d.Picks = append(d.Picks, row)
	}
	return d, nil
}

// SaveDraw stores a month's draw, replacing whatever was stored for the month,
// in one transaction so a month never holds half of two draws.
func (w *Warehouse) SaveDraw(ctx context.Context, d DrawRecord) error {
	if d.Month == "" || d.Seed == "" {
		return errors.New("draws: a draw needs its month and seed")
	}
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("draws: save %s: %w", d.Month, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM draws WHERE month = ?`), d.Month); err != nil {
		return fmt.Errorf("draws: save %s: %w", d.Month, err)
	}
	at := d.DrawnAt.UTC().Truncate(time.Microsecond)
	for _, p := range d.Picks {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO draws (month, city, seed, counties, drawn_at) VALUES (?, ?, ?, ?, ?)`),
			d.Month, p.City, d.Seed, strings.Join(p.Counties, ","), at)
		if err != nil {
			return fmt.Errorf("draws: save %s city %s: %w", d.Month, p.City, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("draws: save %s: %w", d.Month, err)
	}
	return nil
}

// DrawCommitment is a month's seed commitment: the SHA-256 of the seed the
// month is to be drawn with, stored — and published — before the draw. It
// never holds the seed: the operator keeps that until the draw.
type DrawCommitment struct {
	Month       string // "2026-12"
	Digest      string // the seed's SHA-256, 64 lowercase hex digits
	CommittedAt time.Time
	// CommittedBy is who committed (the command line's cli:user@host);
	// Process is the process that stored it (host:pid).
	CommittedBy string
	Process     string
}

// ErrCommitmentMoved means a month's commitment was not the one a save
// expected: another was stored (or replaced) in the meantime.
var ErrCommitmentMoved = errors.New("draw commitments: the month's commitment changed meanwhile")

// DrawCommitmentOf reads a month's seed commitment; nil when there is none.
func (w *Warehouse) DrawCommitmentOf(ctx context.Context, month string) (*DrawCommitment, error) {
	var rows []struct {
		Digest      string    `db:"digest"`
		CommittedAt time.Time `db:"committed_at"`
		CommittedBy string    `db:"committed_by"`
		Process     string    `db:"process"`
	}
	err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT digest, committed_at, committed_by, process FROM draw_commitments WHERE month = ?`), month)
	if err != nil {
		return nil, fmt.Errorf("draw commitments: read %s: %w", month, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	return &DrawCommitment{Month: month, Digest: r.Digest, CommittedAt: r.CommittedAt.UTC(), CommittedBy: r.CommittedBy, Process: r.Process}, nil
}

// SaveDrawCommitment stores a month's seed commitment. replacing is the
// digest of the commitment it replaces, "" when the month has none; when
// the stored commitment is not that one — a commitment made meanwhile, or
// none left to replace — nothing is stored and the error is
// ErrCommitmentMoved, so two operators committing at once cannot overwrite
// each other unseen.
func (w *Warehouse) SaveDrawCommitment(ctx context.Context, c DrawCommitment, replacing string) error {
	if c.Month == "" || len(c.Digest) != 64 || c.CommittedAt.IsZero() {
		return errors.New("draw commitments: a commitment needs its month, a SHA-256 digest and its time")
	}
	var (
		res sql.Result
		err error
	)
	if replacing == "" {
		res, err = w.db.ExecContext(ctx, w.db.Rebind(w.insertIgnore("draw_commitments", "month, digest, committed_at, committed_by, process", 5)),
			c.Month, c.Digest, instant(c.CommittedAt), c.CommittedBy, c.Process)
	} else {
		res, err = w.db.ExecContext(ctx, w.db.Rebind(`UPDATE draw_commitments SET digest = ?, committed_at = ?, committed_by = ?, process = ? WHERE month = ? AND digest = ?`),
			c.Digest, instant(c.CommittedAt), c.CommittedBy, c.Process, c.Month, replacing)
	}
	if err != nil {
		return fmt.Errorf("draw commitments: save %s: %w", c.Month, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("draw commitments: save %s: %w", c.Month, err)
	} else if n != 1 {
		return fmt.Errorf("%w (%s)", ErrCommitmentMoved, c.Month)
	}
	return nil
}
