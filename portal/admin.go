package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/excel"
	"zhengzhi/warehouse"
)

// accountRow is an account as the admin page lists it.
type accountRow struct {
	ID                          int64
	Login, UnitName, Unit, Role string
	Admin, Auditor, Demo        bool
	Disabled, Locked, Temporary bool
	TOTP                        bool
	LastLogin                   string
}

// adminData fills the admin page.
type adminData struct {
	Accounts []accountRow
	Units    []zhengzhi.Unit
	Roles    []string
	// Notice reports the last change; Password is a new temporary
	// password, shown once.
	Notice, Password string
}

// adminPage lists the accounts with the forms that change them.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, notice, password string) {
	accts, err := s.w.Accounts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := adminData{Roles: Roles, Notice: notice, Password: password}
	now := s.now()
	for _, a := range accts {
		data.Accounts = append(data.Accounts, accountRow{ID: a.ID, Login: a.Login, UnitName: s.reg.Name(a.Unit), Unit: a.Unit,
			Role: RoleLabel(a.Role), Admin: a.Admin, Auditor: a.Auditor, Demo: a.Demo, Disabled: a.Disabled,
			Locked: a.LockedUntil.After(now), Temporary: a.PasswordTemporary, TOTP: a.TOTPSecret != "",
			LastLogin: s.localTime(a.LastLoginAt)})
	}
	data.Units = append(s.reg.Units(zhengzhi.LevelProvince), s.reg.Units(zhengzhi.LevelCity)...)
	data.Units = append(data.Units, s.reg.Units(zhengzhi.LevelCounty)...)
	s.render(w, r, status, "admin", layout{Title: "账号管理", Data: data})
}

// ErrInvalidAccount marks an account the rules refuse to make.
var ErrInvalidAccount = errors.New("账号无效")

// AccountCreated is the audit log's outcome of a new account: its unit,
// role and duties.
func AccountCreated(reg *zhengzhi.Registry, a warehouse.Account) string {
	return fmt.Sprintf("%s：%s，%s，管理员=%v，审计员=%v", OutcomeOK, reg.Name(a.Unit), RoleLabel(a.Role), a.Admin, a.Auditor)
}

// SetDisabled disables or enables an account; disabling ends its sessions.
// The CLI and the admin page both do it here.
func SetDisabled(ctx context.Context, w *warehouse.Warehouse, id int64, disabled bool) error {
	if err := w.SetDisabled(ctx, id, disabled); err != nil || !disabled {
		return err
	}
	return w.EndWebSessions(ctx, id)
}

// NewAccount makes an account with a temporary password, which is returned
// (to be handed over once) and must be changed at the first login. The role
// must fit the unit; the CLI and the admin page both make accounts here.
func NewAccount(ctx context.Context, w *warehouse.Warehouse, access Access, a warehouse.Account, password string, now time.Time) (int64, error) {
	if !access.ValidAccount(a.Unit, a.Role) {
		return 0, fmt.Errorf("%w：角色 %s 与单位 %s 不符（省局专项办、局领导属于省，市局属于市，县局属于县）", ErrInvalidAccount, a.Role, a.Unit)
	}
	if a.Login == "" || len(a.Login) > 64 || strings.ContainsAny(a.Login, " \t\r\n") {
		return 0, fmt.Errorf("%w：登录名 %q 须为 1–64 个字符，不含空白", ErrInvalidAccount, a.Login)
	}
	if err := CheckPasswordRules(a.Login, password); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, err
	}
	a.PasswordHash, a.PasswordChangedAt, a.CreatedAt = hash, now, now
	return w.CreateAccount(ctx, a)
}

// createAccount makes an account from the admin's form, with a temporary
// password shown once.
func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	a := warehouse.Account{Login: strings.TrimSpace(r.PostFormValue("login")), Unit: r.PostFormValue("unit"),
		Role: r.PostFormValue("role"), Admin: r.PostFormValue("admin") != "", Auditor: r.PostFormValue("auditor") != "",
		PasswordTemporary: true}
	password, err := TemporaryPassword()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := NewAccount(r.Context(), s.w, s.access, a, password, s.now()); err != nil {
		msg := err.Error()
		if errors.Is(err, warehouse.ErrLoginTaken) {
			msg = "登录名 " + a.Login + " 已存在"
		}
		s.audit(r, v, ActAccount, "新建 "+a.Login, "失败："+msg)
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, msg, "")
		return
	}
	s.audit(r, v, ActAccount, "新建 "+a.Login, AccountCreated(s.reg, a))
	s.renderAdmin(w, r, http.StatusOK, "已新建账号 "+a.Login+"，临时口令如下（仅显示一次，首次登录须修改）：", password)
}

// changeAccount disables, enables, resets or unlocks an account.
func (s *Server) changeAccount(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	a, err := s.w.Account(r.Context(), id)
	if errors.Is(err, warehouse.ErrNoAccount) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var notice, password string
	switch op := r.PathValue("op"); op {
	case "disable", "enable":
		if a.ID == v.acct.ID {
			s.renderAdmin(w, r, http.StatusUnprocessableEntity, "不能停用自己的账号", "")
			return
		}
		err = SetDisabled(ctx, s.w, id, op == "disable")
		notice = map[string]string{"disable": "已停用账号 ", "enable": "已启用账号 "}[op] + a.Login
	case "reset":
		if password, err = TemporaryPassword(); err != nil {
			break
		}
		if err = SetPassword(ctx, s.w, a, password, true, s.now()); err == nil {
			notice = "已重置账号 " + a.Login + " 的口令，临时口令如下（仅显示一次，下次登录须修改）："
		}
	case "unlock":
		err = s.w.Unlock(ctx, id)
		notice = "已解锁账号 " + a.Login
	default:
		s.notFound(w, r)
		return
	}
	s.cached.forgetAccount(id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, v, ActAccount, r.PathValue("op")+" "+a.Login, OutcomeOK)
	s.renderAdmin(w, r, http.StatusOK, notice, password)
}

// SetPassword gives an account a new password after checking the rules and
// the account's last five passwords — temporary after a reset, so it must
// be changed at the next login — unlocks it and ends its sessions.
func SetPassword(ctx context.Context, w *warehouse.Warehouse, a warehouse.Account, password string, temporary bool, now time.Time) error {
	if err := checkNewPassword(ctx, w, &a, password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := w.SetPassword(ctx, a.ID, hash, temporary, now); err != nil {
		return err
	}
	return w.EndWebSessions(ctx, a.ID)
}

// auditData fills the auditor's page.
type auditData struct {
	Filter  auditForm
	Rows    []reports.AuditRow
	Limit   int
	Actions []struct{ Action, Label string }
	Export  string
}

// auditForm is the filter as the form sends it.
type auditForm struct {
	Account, Unit, Action, From, To string
}

// maxAuditRows is how many rows the page shows, newest first; the export has all.
const maxAuditRows = 500

// filter reads the auditor's filter from the query; dates are local days,
// To included.
func (s *Server) filter(r *http.Request) (auditForm, warehouse.AuditFilter) {
	q := r.URL.Query()
	form := auditForm{Account: q.Get("account"), Unit: q.Get("unit"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := warehouse.AuditFilter{Account: form.Account, Unit: form.Unit, Action: form.Action}
	if d, err := zhengzhi.ParseDate(form.From); err == nil {
		f.From = d.Midnight(s.opt.Location)
	} else {
		form.From = ""
	}
	if d, err := zhengzhi.ParseDate(form.To); err == nil {
		f.To = d.AddDays(1).Midnight(s.opt.Location)
	} else {
		form.To = ""
	}
	return form, f
}

// auditPage shows the auditor the newest rows of the audit log the filter selects.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	form, f := s.filter(r)
	f.Limit = maxAuditRows
	entries, err := s.w.AuditLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := auditData{Filter: form, Rows: auditRows(s.reg, entries, s.opt.Location), Limit: maxAuditRows, Actions: ActionLabels,
		Export: "/audit/export.xlsx?" + r.URL.RawQuery}
	s.render(w, r, http.StatusOK, "audit", layout{Title: "审计日志", Data: data})
}

// auditExport sends the Excel of every row the filter selects.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	_, f := s.filter(r)
	if err := s.audit(r, v, ActAuditExport, r.URL.RequestURI(), OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentTypes[".xlsx"])
	name := "审计日志-" + zhengzhi.DateOf(s.now().In(s.opt.Location)).String() + ".xlsx"
	w.Header().Set("Content-Disposition", `attachment; filename="audit-log.xlsx"; filename*=UTF-8''`+rfc5987(name))
	if err := ExportAudit(r.Context(), w, AuditExportOptions{Warehouse: s.w, Registry: s.reg, Filter: f,
		Location: s.opt.Location, Demo: s.opt.Demo, Now: s.now()}); err != nil {
		s.log.Error("audit export", "error", err)
	}
}

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
		Rows: auditRows(opt.Registry, entries, opt.Location)}
	return excel.AuditLog(w, &model)
}

// auditRows shows rows of the audit log in Chinese and local time.
func auditRows(reg *zhengzhi.Registry, entries []warehouse.AuditEntry, loc *time.Location) []reports.AuditRow {
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
