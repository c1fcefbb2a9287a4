package excel

import (
	"fmt"
	"io"

	"zhengzhi/reports"
)

// AuditLog writes the portal's audit log export (安全审计日志): one row per
// audited event — time, account, unit, client address, action, target,
// outcome — with its sequence number and chain hash.
func AuditLog(w io.Writer, l *reports.AuditLog) error {
	title := l.Meta.Province.Name + "专项整治门户安全审计日志"
	b, err := newBook(l.Meta, reportTitle(l.Meta, title), "")
	if err != nil {
		return err
	}
	fs := &fields[reports.AuditRow]{}
	fs.first("序号", func(r reports.AuditRow) any { return r.Seq })
	fs.text("", "时间", totalNone, func(r reports.AuditRow) string { return r.At })
	fs.text("", "账号", totalNone, func(r reports.AuditRow) string { return r.Account })
	fs.text("", "单位", totalNone, func(r reports.AuditRow) string { return r.Unit })
	fs.text("", "客户端地址", totalNone, func(r reports.AuditRow) string { return r.Client })
	fs.text("", "操作", totalNone, func(r reports.AuditRow) string { return r.Action })
	fs.text("", "对象", totalNone, func(r reports.AuditRow) string { return r.Target })
	fs.text("", "结果", totalNone, func(r reports.AuditRow) string { return r.Outcome })
	fs.text("", "记录哈希（SHA-256）", totalNone, func(r reports.AuditRow) string { return r.Hash })
	if err := b.writeTable(&table{
		Sheet:   "审计日志",
		Title:   reportTitle(l.Meta, title),
		Lines:   []string{fmt.Sprintf("筛选条件：%s　　导出时间：%s　　共 %d 条", l.Filter, l.Exported, len(l.Rows))},
		Columns: fs.columns, Rows: fs.rows(l.Rows),
	}); err != nil {
		return fmt.Errorf("安全审计日志: %w", err)
	}
	return b.write(w)
}
