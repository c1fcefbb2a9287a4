package warehouse

import (
	"context"
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
