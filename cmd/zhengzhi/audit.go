package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// errChainBroken is a verified audit log whose chain is broken: exit 1.
var errChainBroken = errors.New("the audit log's hash chain is broken")

func runAudit(ctx context.Context, e *env, args []string) (err error) {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export" && args[0] != "rotate-key") {
		fmt.Fprintln(e.stderr, "usage: zhengzhi audit verify [--anchors FILE] | zhengzhi audit export [--from DATE] [--to DATE] [--account L] [--unit CODE] [--action A] [--out FILE] | zhengzhi audit rotate-key")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return usageError{errors.New("audit verify, audit export or audit rotate-key")}
	}
	sub := args[0]
	fs, cfgPath := flags(e, "audit "+sub, "verify: check the audit log's keyed hash chain and its anchors (exit 1 when broken);\n"+
		"export: write it as Excel, as the auditor's page does;\n"+
		"rotate-key: seal the rows from the next one on with a new key (stop every serve and schedule process first).")
	anchorsFile := fs.String("anchors", "", "verify: the anchor file to check against (default: the config's audit.anchor_file); a copy shipped off the machine")
	var from, to dateFlag
	fs.Var(&from, "from", "export: the first day, YYYY-MM-DD (local)")
	fs.Var(&to, "to", "export: the last day, YYYY-MM-DD (local), included")
	accountOnly := fs.String("account", "", "export: only this account's rows")
	unit := fs.String("unit", "", "export: only rows of this unit code")
	action := fs.String("action", "", "export: only this action (login, download, refused, …)")
	out := fs.String("out", "", "export: the Excel file to write (default audit-log-<from>-<to>.xlsx)")
	s, err := parseDeployment(ctx, fs, cfgPath, args[1:])
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "verify":
		return verifyAudit(ctx, e, s, *anchorsFile)
	case "rotate-key":
		head, _, err := s.w.AuditHead(ctx)
		if err != nil {
			return err
		}
		if err := account.RotateAuditKey(s.cfg.Audit.KeyFile, head+1); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "审计日志密钥已轮换：自第 %d 条记录起使用新密钥（%s）\n", head+1, s.cfg.Audit.KeyFile)
		log, err := s.openAuditLog(ctx)
		if err != nil {
			return err
		}
		return errors.Join(auditCLI(ctx, log, time.Now(), account.ActAccount, "审计日志密钥", fmt.Sprintf("%s：自第 %d 条起轮换", account.OutcomeOK, head+1)), log.Close())
	}
	f := warehouse.AuditFilter{Account: *accountOnly, Unit: *unit, Action: *action}
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
	if err := account.ExportAudit(ctx, file, account.AuditExportOptions{Warehouse: s.w, Registry: s.reg, Filter: f,
		Location: s.loc, Demo: s.cfg.Demo, Now: time.Now()}); err != nil {
		file.Close()
		os.Remove(*out)
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "audit log written to %s\n", *out)
	log, err := s.openAuditLog(ctx)
	if err != nil {
		return err
	}
	return errors.Join(auditCLI(ctx, log, time.Now(), account.ActAuditExport, *out, account.OutcomeOK), log.Close())
}

// verifyAudit checks the chain with the key file (never made here: a
// missing key is a failure) against the anchor file.
func verifyAudit(ctx context.Context, e *env, s *deployment, anchorsFile string) error {
	keys, err := account.LoadAuditKeys(s.cfg.Audit.KeyFile)
	if err != nil {
		return err
	}
	if anchorsFile == "" {
		anchorsFile = s.cfg.Audit.AnchorFile
	}
	anchors, err := account.ReadAnchors(anchorsFile)
	if err != nil {
		return err
	}
	check, err := account.VerifyAudit(ctx, s.w, keys, anchors)
	if err != nil {
		return err
	}
	// The auditor's page shows the last verification, whoever ran it.
	if err := account.SaveVerified(s.auditFiles(), account.Verified{At: time.Now(), By: "命令行", AuditCheck: check}); err != nil {
		return err
	}
	if !check.OK {
		fmt.Fprintf(e.stdout, "审计日志校验未通过：第 %d 条起有误：%s（已读 %d 条，锚点 %d 个）\n", check.BadSeq, check.Problem, check.Rows, check.Anchors)
		return errChainBroken
	}
	legacy := ""
	if check.LegacyTo > 0 {
		legacy = fmt.Sprintf("，其中第 1–%d 条按启用密钥前的旧规则校验", check.LegacyTo)
	}
	fmt.Fprintf(e.stdout, "审计日志校验通过：%d 条记录，哈希链与密钥相符，%d 个锚点相符%s\n", check.Rows, check.Anchors, legacy)
	if check.Anchors == 0 && check.Rows > 0 {
		fmt.Fprintf(e.stdout, "注意：锚点文件 %s 中没有锚点，无法发现末尾被截断或整链被重算\n", anchorsFile)
	}
	return nil
}

// auditCLI appends a row for a command's action to the audit log, with the
// operating-system user as the account and 命令行 as the client.
func auditCLI(ctx context.Context, log *account.AuditLog, at time.Time, action, target, outcome string) error {
	return log.Append(ctx, []warehouse.AuditEntry{{At: at, Account: cliAccount(), Client: "命令行",
		Action: action, Target: target, Outcome: outcome}})
}

func dateSuffix(d zhengzhi.Date) string {
	if d.IsZero() {
		return ""
	}
	return "-" + d.String()
}
