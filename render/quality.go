package render

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/reports"
)

// dataQualityOf gathers one bureau's data-quality report (数据质量问题清单):
// the counts per table of its latest pull (in the contract's table order,
// with the Chinese names a clerk knows) and every issue still open — rows set
// aside and rows loaded with a warning — with its raw values and the
// contract's enumerations of its table, for their Chinese labels. A bureau
// never pulled gets an empty report with pull id 0.
func (r *run) dataQualityOf(ctx context.Context, bureau string) (*reports.DataQuality, error) {
	unit, ok := r.opt.Registry.Unit(bureau)
	if !ok {
		return nil, fmt.Errorf("data quality: bureau %s is not in the unit registry", bureau)
	}
	q := &reports.DataQuality{Meta: r.meta, Bureau: unit}
	if p, ok := r.latestPulls[bureau]; ok {
		// Readers see local times, like every other time in the reports.
		q.Pull = reports.QualityPull{ID: p.PullID, StartedAt: r.local(p.Started), FinishedAt: r.local(p.Finished),
			Outcome: p.Outcome, Error: p.Error}
		for name, c := range p.Tables {
			q.Tables = append(q.Tables, reports.TableCounts{Table: name, Title: tableTitle(name),
				Read: int64(c.Read), Loaded: int64(c.Loaded), Updated: int64(c.Updated), Deleted: int64(c.Deleted),
				Rejected: int64(c.Rejected), Warnings: int64(c.Warnings)})
		}
	}
	slices.SortFunc(q.Tables, func(a, b reports.TableCounts) int { return cmp.Compare(tableOrder(a.Table), tableOrder(b.Table)) })

	issues, err := r.opt.Warehouse.DataIssues(ctx, bureau)
	if err != nil {
		return nil, fmt.Errorf("data quality of %s: %w", unit.Name, err)
	}
	enums := map[string]map[string]zhengzhi.Enum{}
	for _, d := range issues {
		if _, ok := enums[d.Table]; !ok {
			enums[d.Table] = enumsOf(d.Table)
		}
		q.Issues = append(q.Issues, reports.DataIssue{Table: d.Table, TableTitle: tableTitle(d.Table), RowID: d.RowID,
			Severity: d.Severity, Column: d.Column, ColumnTitle: columnTitle(d.Table, d.Column),
			Value: d.Value, Reason: d.Reason, Raw: d.Raw, Enums: enums[d.Table]})
	}
	// The contract's table order, then row and column as the warehouse gave them.
	slices.SortStableFunc(q.Issues, func(a, b reports.DataIssue) int { return cmp.Compare(tableOrder(a.Table), tableOrder(b.Table)) })
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

func tableTitle(name string) string { return contract.Names{}.TableTitle(name) }

// enumsOf is the enumerations of a contract table's enum columns, by column;
// nil for a table the contract does not know.
func enumsOf(table string) map[string]zhengzhi.Enum {
	t, ok := contract.Lookup(table)
	if !ok {
		return nil
	}
	out := map[string]zhengzhi.Enum{}
	for _, c := range t.Columns {
		if c.Kind == contract.Enum {
			out[c.Name] = c.Enum
		}
	}
	return out
}

func columnTitle(table, column string) string { return contract.Names{}.ColumnTitle(table, column) }
