package render

import (
	"context"
	"fmt"

	"zhengzhi/contract"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// dataQualityOf gathers one bureau's data-quality report (数据质量问题清单)
// from its latest pull and its open issues — rows set aside and rows
// loaded with a warning — and builds it (reports.BuildDataQuality). A bureau
// never pulled gets an empty report with pull id 0.
func (r *run) dataQualityOf(ctx context.Context, bureau string) (*reports.DataQuality, error) {
	unit, ok := r.opt.Registry.Unit(bureau)
	if !ok {
		return nil, fmt.Errorf("data quality: bureau %s is not in the unit registry", bureau)
	}
	var src reports.QualitySource
	if p, ok := r.latestPulls[bureau]; ok {
		// Readers see local times, like every other time in the reports.
		src.Pull = reports.QualityPull{ID: p.PullID, StartedAt: r.local(p.Started), FinishedAt: r.local(p.Finished),
			Outcome: p.Outcome, Error: p.Error}
		for name, c := range p.Tables {
			src.Tables = append(src.Tables, reports.TableCounts{Table: name,
				Read: int64(c.Read), Loaded: int64(c.Loaded), Updated: int64(c.Updated), Deleted: int64(c.Deleted),
				Rejected: int64(c.Rejected), Warnings: int64(c.Warnings)})
		}
	}
	issues, err := r.opt.Warehouse.DataIssues(ctx, bureau)
	if err != nil {
		return nil, fmt.Errorf("data quality of %s: %w", unit.Name, err)
	}
	src.Issues = qualityIssues(issues)
	return reports.BuildDataQuality(r.meta, unit, unit, src, contract.Names{}), nil
}

// qualityIssues are the warehouse's open issues as the data-quality report
// takes them.
func qualityIssues(issues []warehouse.DataIssue) []reports.DataIssue {
	out := make([]reports.DataIssue, len(issues))
	for i, d := range issues {
		out[i] = reports.DataIssue{Table: d.Table, RowID: d.RowID, Severity: d.Severity, Column: d.Column,
			Value: d.Value, Reason: d.Reason, Raw: d.Raw}
	}
	return out
}
