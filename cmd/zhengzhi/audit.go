package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"zhengzhi"
	"zhengzhi/portal"
	"zhengzhi/warehouse"
)

// errChainBroken is a verified audit log whose chain is broken: exit 1.
var errChainBroken = errors.New("the audit log's hash chain is broken")

func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		fmt.Fprintln(e.stderr, "usage: zhengzhi audit verify | zhengzhi audit export [--from DATE] [--to DATE] [--account L] [--unit CODE] [--action A] [--out FILE]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return usageError{errors.New("audit verify or audit export")}
	}
	sub := args[0]
	fs, cfgPath := flags(e, "audit "+sub, "verify: check the audit log's hash chain (exit 1 when broken); export: write it as Excel, as the auditor's page does.")
	var from, to dateFlag
	fs.Var(&from, "from", "export: the first day, YYYY-MM-DD (local)")
	fs.Var(&to, "to", "export: the last day, YYYY-MM-DD (local), included")
	account := fs.String("account", "", "export: only this account's rows")
	unit := fs.String("unit", "", "export: only rows of this unit code")
	action := fs.String("action", "", "export: only this action (login, download, refused, …)")
	out := fs.String("out", "", "export: the Excel file to write (default audit-log-<from>-<to>.xlsx)")
	s, err := parseSession(ctx, fs, cfgPath, args[1:])
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "verify" {
		check, err := s.w.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if !check.OK {
			fmt.Fprintf(e.stdout, "审计日志校验未通过：%s（已读 %d 条）\n", check.Problem, check.Rows)
			return errChainBroken
		}
		fmt.Fprintf(e.stdout, "审计日志校验通过：%d 条记录，哈希链完整\n", check.Rows)
		return nil
	}
	f := warehouse.AuditFilter{Account: *account, Unit: *unit, Action: *action}
	if !from.date.IsZero() {
		f.From = from.date.Midnight(s.loc)
	}
	if !to.date.IsZero() {
		f.To = to.date.AddDays(1).Midnight(s.loc)
	}
	if *out == "" {
		*out = "audit-log" + dateSuffix(from.date) + dateSuffix(to.date) + ".xlsx"
	}
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := portal.ExportAudit(ctx, file, portal.AuditExportOptions{Warehouse: s.w, Registry: s.reg, Filter: f,
		Location: s.loc, Demo: s.cfg.Demo, Now: time.Now()}); err != nil {
		file.Close()
		os.Remove(*out)
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "audit log written to %s\n", *out)
	return auditCLI(ctx, s.w, time.Now(), portal.ActAuditExport, *out, portal.OutcomeOK)
}

// auditCLI appends a row for a command's action to the audit log, with the
// operating-system user as the account and 命令行 as the client.
func auditCLI(ctx context.Context, w *warehouse.Warehouse, at time.Time, action, target, outcome string) error {
	return w.AppendAudit(ctx, []warehouse.AuditEntry{{At: at, Account: cliAccount(), Client: "命令行",
		Action: action, Target: target, Outcome: outcome}})
}

func dateSuffix(d zhengzhi.Date) string {
	if d.IsZero() {
		return ""
	}
	return "-" + d.String()
}
