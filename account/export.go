package account

import (
	"context"
	"io"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/excel"
	"zhengzhi/warehouse"
)

// AuditExportOptions describe an export of the audit log.
type AuditExportOptions struct {
	Warehouse *warehouse.Warehouse
	Registry  *zhengzhi.Registry
	Filter    warehouse.AuditFilter
	Location  *time.Location
	Demo      bool
	Now       time.Time
}

// ExportAudit writes the Excel of the audit rows a filter selects, oldest
// first: what the auditor's page exports and `zhengzhi audit export` writes.
func ExportAudit(ctx context.Context, w io.Writer, opt AuditExportOptions) error {
	f := opt.Filter
	f.Limit = 0
	entries, err := opt.Warehouse.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	var conds []string
	if f.Account != "" {
		conds = append(conds, "账号 "+f.Account)
	}
	if f.Unit != "" {
		conds = append(conds, "单位 "+opt.Registry.Name(f.Unit))
	}
	if f.Action != "" {
		conds = append(conds, "操作 "+ActionLabel(f.Action))
	}
	if !f.From.IsZero() {
		conds = append(conds, "自 "+f.From.In(opt.Location).Format("2006-01-02 15:04"))
	}
	if !f.To.IsZero() {
		conds = append(conds, "至 "+f.To.In(opt.Location).Format("2006-01-02 15:04")+"（不含）")
	}
	filter := "全部"
	if len(conds) > 0 {
		filter = strings.Join(conds, "，")
	}
	model := reports.AuditLog{Meta: reports.Meta{AsOf: zhengzhi.DateOf(opt.Now.In(opt.Location)), GeneratedAt: opt.Now.In(opt.Location),
		Demo: opt.Demo, Province: opt.Registry.Province}, Filter: filter, Exported: opt.Now.In(opt.Location).Format("2006-01-02 15:04:05"),
		Rows: AuditRows(opt.Registry, entries, opt.Location)}
	return excel.AuditLog(w, &model)
}

// AuditRows shows rows of the audit log in Chinese and local time.
func AuditRows(reg *zhengzhi.Registry, entries []warehouse.AuditEntry, loc *time.Location) []reports.AuditRow {
	out := make([]reports.AuditRow, len(entries))
	for i, e := range entries {
		unit := ""
		if e.Unit != "" {
			unit = reg.Name(e.Unit) + "（" + e.Unit + "）"
		}
		out[i] = reports.AuditRow{Seq: e.Seq, At: e.At.In(loc).Format("2006-01-02 15:04:05"), Account: e.Account, Unit: unit,
			Client: e.Client, Action: ActionLabel(e.Action), Target: e.Target, Outcome: e.Outcome, Hash: e.Hash}
	}
	return out
}
