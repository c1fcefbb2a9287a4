package warehouse

import (
	"context"
	"fmt"
	"sort"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/reports"
)

// DataQuality gathers one bureau's data-quality report (数据质量问题清单):
// the counts per table of its latest finished pull (in the contract's table
// order, with the Chinese names a clerk knows) and every issue still open —
// rows set aside and rows loaded with a warning — with its raw values. A
// bureau never pulled gets an empty report with pull id 0.
func (w *Warehouse) DataQuality(ctx context.Context, reg *zhengzhi.Registry, bureau string) (*reports.DataQuality, error) {
	unit, ok := reg.Unit(bureau)
	if !ok {
		return nil, fmt.Errorf("data quality: bureau %s is not in the unit registry", bureau)
	}
	q := &reports.DataQuality{Meta: reports.Meta{Province: reg.Province}, Bureau: unit}
	pulls, err := w.LatestPulls(ctx)
	if err != nil {
		return nil, fmt.Errorf("data quality of %s: %w", unit.Name, err)
	}
	for _, p := range pulls {
		if p.Bureau != bureau {
			continue
		}
		q.Pull = reports.QualityPull{ID: p.PullID, StartedAt: p.Started, FinishedAt: p.Finished, Outcome: p.Outcome, Error: p.Error}
		for name, c := range p.Tables {
			q.Tables = append(q.Tables, reports.TableCounts{Table: name, Title: tableTitle(name),
				Read: int64(c.Read), Loaded: int64(c.Loaded), Updated: int64(c.Updated), Deleted: int64(c.Deleted),
				Rejected: int64(c.Rejected), Warnings: int64(c.Warnings)})
		}
	}
	sort.Slice(q.Tables, func(i, j int) bool { return tableOrder(q.Tables[i].Table) < tableOrder(q.Tables[j].Table) })

	issues, err := w.DataIssues(ctx, bureau)
	if err != nil {
		return nil, fmt.Errorf("data quality of %s: %w", unit.Name, err)
	}
	for _, d := range issues {
		q.Issues = append(q.Issues, reports.DataIssue{Table: d.Table, TableTitle: tableTitle(d.Table), RowID: d.RowID,
			Severity: d.Severity, Column: d.Column, ColumnTitle: columnTitle(d.Table, d.Column),
			Value: d.Value, Reason: d.Reason, Raw: d.Raw})
	}
	// The contract's table order, then row and column as the query gave them.
	sort.SliceStable(q.Issues, func(i, j int) bool { return tableOrder(q.Issues[i].Table) < tableOrder(q.Issues[j].Table) })
	return q, nil
}

// tableOrder is a table's place in the contract; unknown names sort last,
// by name.
func tableOrder(name string) string {
	for i, t := range contract.Tables() {
		if t.Name == name {
			return fmt.Sprintf("%02d", i)
		}
	}
	return "99" + name
}

func tableTitle(name string) string {
	if t, ok := contract.Lookup(name); ok {
		return t.Title
	}
	return name
}

func columnTitle(table, column string) string {
	if t, ok := contract.Lookup(table); ok {
		if i := t.Index(column); i >= 0 {
			return t.Columns[i].Title
		}
	}
	return column
}
