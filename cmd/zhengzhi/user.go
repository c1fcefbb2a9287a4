package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"zhengzhi/account"
	"zhengzhi/notify"
	"zhengzhi/warehouse"
)

// stdin is where --password-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

// userCommands are the subcommands of `zhengzhi user`.
var userCommands = []struct{ name, summary string }{
	{"add", "add --login L --unit CODE --role ROLE [--admin] [--auditor] [--email ADDR] --password-stdin [--permanent]"},
	{"set", "set L --email ADDR (or set --login L --email ADDR): the address the account's notices are mailed to (\"\" removes it)"},
	{"passwd", "passwd L --password-stdin [--permanent]: set a password (temporary unless --permanent); ends the account's session"},
	{"disable", "disable L: the account can no longer log in; its session ends"},
	{"enable", "enable L"},
	{"unlock", "unlock L: end a lockout after failed logins"},
	{"list", "list [--format table|json]"},
	{"demo", "demo: create (or reset) the demo accounts, one per role, and print them (config demo: true only)"},
}

func runUser(ctx context.Context, e *env, args []string) (err error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stderr, "usage: zhengzhi user COMMAND [flags]   (accounts of the portal)")
		for _, c := range userCommands {
			fmt.Fprintf(e.stderr, "  %-8s %s\n", c.name, c.summary)
		}
		if len(args) == 0 {
			return usageError{errors.New("缺少子命令：zhengzhi user add|passwd|disable|enable|unlock|list|demo")}
		}
		return flag.ErrHelp
	}
	sub, rest := args[0], args[1:]
	var login string
	// user set also takes the login as --login L.
	if sub != "add" && sub != "list" && sub != "demo" && !(sub == "set" && len(rest) > 0 && strings.HasPrefix(rest[0], "-")) {
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			return usageError{fmt.Errorf("登录名写在最前：zhengzhi user %s 登录名", sub)}
		}
		login, rest = rest[0], rest[1:]
	}
	fs, cfgPath := flags(e, "user "+sub, "Manage the portal's accounts.")
	newLogin := fs.String("login", "", "user add: the new account's login; user set: the account's")
	unit := fs.String("unit", "", "user add: the account's unit code")
	role := fs.String("role", "", "user add: province, leader, city or county")
	admin := fs.Bool("admin", false, "user add: grant the admin duty (manages accounts); never with --auditor")
	auditor := fs.Bool("auditor", false, "user add: grant the auditor duty (reads the audit log); never with --admin")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	permanent := fs.Bool("permanent", false, "the password need not be changed at the next login")
	email := fs.String("email", "", "user add, user set: the address the account's notices are mailed to (plain ASCII)")
	format := formatFlag(fs, "table", "json", "csv")
	s, err := parseDeployment(ctx, fs, cfgPath, rest)
	if err != nil {
		return err
	}
	defer s.Close()
	now := time.Now()
	access := account.NewAccess(s.reg)
	if sub == "add" && *admin && *auditor {
		return usageError{account.ErrBothDuties}
	}
	var log *account.AuditLog
	if sub != "list" {
		if log, err = s.openAuditLog(ctx); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, log.Close()) }()
	}
	readPassword := func() (string, error) {
		if !*fromStdin {
			return "", usageError{errors.New("需要 --password-stdin：口令只从标准输入读取，不写在命令行上")}
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	// Every act on an account at the server is audited — an auditor's too,
	// which only these commands make, reset, unlock or disable — and the
	// auditors read it on their page.
	record := func(target, outcome string) error {
		return auditCLI(ctx, log, now, account.ActAccount, target, outcome)
	}
	switch sub {
	case "add":
		if *newLogin == "" || *unit == "" || *role == "" {
			return usageError{errors.New("user add 需要 --login、--unit 和 --role")}
		}
		if *email != "" && !notify.ValidAddress(*email) {
			return usageError{fmt.Errorf("邮件地址 %q 无效：须为不含中文等字符的 local@domain", *email)}
		}
		password, err := readPassword()
		if err != nil {
			return err
		}
		a := warehouse.Account{Login: *newLogin, Unit: *unit, Role: *role, Admin: *admin, Auditor: *auditor,
			PasswordTemporary: !*permanent}
		id, err := account.New(ctx, s.w, access, a, password, now)
		if err != nil {
			return refusedOrFailed(err)
		}
		if *email != "" {
			if err := s.w.SetAccountEmail(ctx, id, *email); err != nil {
				return err
			}
		}
		fmt.Fprintf(e.stdout, "account %s created: %s, %s%s\n", a.Login, s.reg.Name(a.Unit), account.RoleLabel(a.Role), tempNote(a.PasswordTemporary))
		return record("新建 "+a.Login, account.Created(s.reg, a))
	case "list":
		return listAccounts(ctx, e.stdout, s.w, s.reg.Name, format.value)
	case "demo":
		if !s.cfg.Demo {
			return usageError{errors.New("配置没有写 demo: true：演示账号只用于演示库")}
		}
		accounts, err := account.DemoAccounts(ctx, s.w, access, now)
		if err != nil {
			return err
		}
		if err := record("演示账号", fmt.Sprintf("新建或重置 %d 个演示账号", len(accounts))); err != nil {
			return err
		}
		return printDemoAccounts(e.stdout, accounts, s.reg.Name)
	}
	if login == "" {
		login = *newLogin
	}
	a, err := s.w.AccountByLogin(ctx, login)
	if errors.Is(err, warehouse.ErrNoAccount) {
		return usageError{fmt.Errorf("没有登录名为 %q 的账号", login)}
	}
	if err != nil {
		return err
	}
	switch sub {
	case "passwd":
		password, err := readPassword()
		if err != nil {
			return err
		}
		if err := account.SetPassword(ctx, s.w, a, password, !*permanent, now); err != nil {
			return refusedOrFailed(err)
		}
		fmt.Fprintf(e.stdout, "password of %s set%s\n", a.Login, tempNote(!*permanent))
		return record("重置口令 "+a.Login, account.OutcomeOK+tempNote(!*permanent))
	case "disable", "enable":
		if err := account.SetDisabled(ctx, s.w, a.ID, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "account %s %sd\n", a.Login, sub)
		return record(map[string]string{"disable": "停用 ", "enable": "启用 "}[sub]+a.Login, account.OutcomeOK)
	case "set":
		if *email != "" && !notify.ValidAddress(*email) {
			return usageError{fmt.Errorf("邮件地址 %q 无效：须为不含中文等字符的 local@domain", *email)}
		}
		if err := s.w.SetAccountEmail(ctx, a.ID, *email); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "account %s: notices mailed to %q\n", a.Login, *email)
		return record("邮件地址 "+a.Login, account.OutcomeOK+"："+*email)
	case "unlock":
		if err := account.Unlock(ctx, s.w, a.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "account %s unlocked\n", a.Login)
		return record("解锁 "+a.Login, account.OutcomeOK)
	}
	return usageError{fmt.Errorf("没有子命令 %q（可用：add、set、passwd、disable、enable、unlock、list、demo）", sub)}
}

// refusedOrFailed tells an account or password the rules refuse (exit 2)
// from a failure (exit 1).
func refusedOrFailed(err error) error {
	var weak account.ErrWeakPassword
	if errors.As(err, &weak) || errors.Is(err, account.ErrInvalidAccount) || errors.Is(err, warehouse.ErrLoginTaken) {
		return usageError{err}
	}
	return err
}

func tempNote(temporary bool) string {
	if temporary {
		return "（临时口令，首次登录须修改）"
	}
	return ""
}

// cliAccount names who ran a command, for the audit log.
func cliAccount() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return "cli:" + name + "@" + host
}

// accountJSON is an account as `user list --format json` prints it.
type accountJSON struct {
	Login     string `json:"login"`
	Unit      string `json:"unit"`
	UnitName  string `json:"unit_name"`
	Role      string `json:"role"`
	Admin     bool   `json:"admin"`
	Auditor   bool   `json:"auditor"`
	Demo      bool   `json:"demo"`
	Disabled  bool   `json:"disabled"`
	Locked    bool   `json:"locked"`
	Temporary bool   `json:"temporary_password"`
	TOTP      bool   `json:"totp"`
	LastLogin string `json:"last_login,omitempty"`
}

func listAccounts(ctx context.Context, w io.Writer, wh *warehouse.Warehouse, name func(string) string, format string) error {
	accts, err := wh.Accounts(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	out := make([]accountJSON, 0, len(accts))
	for _, a := range accts {
		j := accountJSON{Login: a.Login, Unit: a.Unit, UnitName: name(a.Unit), Role: a.Role, Admin: a.Admin, Auditor: a.Auditor,
			Demo: a.Demo, Disabled: a.Disabled, Locked: account.Locked(&a, now), Temporary: a.PasswordTemporary, TOTP: a.TOTPSecret != ""}
		if !a.LastLoginAt.IsZero() {
			j.LastLogin = a.LastLoginAt.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	t := newTable("登录名", "单位", "角色", "职责", "状态")
	for _, a := range out {
		var duties, state []string
		if a.Admin {
			duties = append(duties, "管理员")
		}
		if a.Auditor {
			duties = append(duties, "审计员")
		}
		for _, s := range []struct {
			on    bool
			label string
		}{{a.Demo, "演示账号"}, {a.Disabled, "已停用"}, {a.Locked, "锁定中"}, {a.Temporary, "临时口令"}, {a.TOTP, "动态口令"}} {
			if s.on {
				state = append(state, s.label)
			}
		}
		t.add(a.Login, a.UnitName, account.RoleLabel(a.Role), strings.Join(duties, "、"), strings.Join(state, "、"))
	}
	if format == "csv" {
		return t.writeCSV(w)
	}
	return t.write(w)
}

// printDemoAccounts prints the demo accounts make demo shows.
func printDemoAccounts(w io.Writer, accounts []account.DemoAccount, name func(string) string) error {
	fmt.Fprintln(w, "演示账号（仅用于演示数据，口令与动态口令密钥公开）：")
	t := newTable("登录名", "口令", "单位", "角色", "职责", "动态口令密钥（TOTP）")
	for _, a := range accounts {
		var duties []string
		if a.Admin {
			duties = append(duties, "管理员")
		}
		if a.Auditor {
			duties = append(duties, "审计员")
		}
		t.add(a.Login, a.Password, name(a.Unit), account.RoleLabel(a.Role), strings.Join(duties, "、"), a.TOTPSecret)
	}
	if err := t.write(w); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "管理员、审计员登录须填动态口令：把密钥录入身份验证器应用，或运行 oathtool --totp -b 密钥。")
	return err
}
