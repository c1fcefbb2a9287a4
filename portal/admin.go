package portal

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/notify"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// accountRow is an account as the admin page lists it.
type accountRow struct {
	ID                          int64
	Login, UnitName, Unit, Role string
	Admin, Auditor, Demo        bool
	// ServerOnly marks an account the page may not change (an auditor's).
	ServerOnly                  bool
	Disabled, Locked, Temporary bool
	TOTP                        bool
	LastLogin                   string
	// Self marks the admin's own account, which the page offers no 停用.
	Self bool
}

// accountGroup is the accounts of the province office or of one city and
// its counties.
type accountGroup struct {
	Name     string
	Accounts []accountRow
}

// adminData fills the admin page.
type adminData struct {
	Groups []accountGroup
	Units  []zhengzhi.Unit
	Roles  []string
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
	data := adminData{Roles: account.Roles, Notice: notice, Password: password}
	now := s.now()
	// Groups: the province's accounts (and any of an unknown unit), then
	// each city's with its counties', in registry order.
	data.Groups = []accountGroup{{Name: s.reg.Province.Name}}
	group := map[string]int{s.reg.Province.Code: 0}
	for _, c := range s.reg.Units(zhengzhi.LevelCity) {
		group[c.Code] = len(data.Groups)
		data.Groups = append(data.Groups, accountGroup{Name: c.Name})
	}
	viewer := viewerOf(r).acct.ID
	for _, a := range accts {
		row := accountRow{ID: a.ID, Login: a.Login, UnitName: s.reg.Name(a.Unit), Unit: a.Unit,
			Role: account.RoleLabel(a.Role), Admin: a.Admin, Auditor: a.Auditor, ServerOnly: account.ServerOnly(&a), Demo: a.Demo, Disabled: a.Disabled,
			Locked: account.Locked(&a, now), Temporary: a.PasswordTemporary, TOTP: a.TOTPSecret != "",
			LastLogin: s.localTime(a.LastLoginAt), Self: a.ID == viewer}
		city := a.Unit
		if u, ok := s.reg.Unit(a.Unit); ok && u.Level == zhengzhi.LevelCounty {
			city = u.Parent
		}
		g := data.Groups[group[city]].Accounts
		data.Groups[group[city]].Accounts = append(g, row)
	}
	data.Units = append(s.reg.Units(zhengzhi.LevelProvince), s.reg.Units(zhengzhi.LevelCity)...)
	data.Units = append(data.Units, s.reg.Units(zhengzhi.LevelCounty)...)
	s.show(w, r, status, "admin", layout{Title: "账号管理", Data: data})
}

// createAccount makes an account from the admin's form, with a temporary
// password shown once.
func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	a := warehouse.Account{Login: strings.TrimSpace(r.PostFormValue("login")), Unit: r.PostFormValue("unit"),
		Role: r.PostFormValue("role"), Admin: r.PostFormValue("admin") != "", Auditor: r.PostFormValue("auditor") != "",
		PasswordTemporary: true}
	if a.Auditor {
		// 三员: the admin never makes an auditor (nor sees its password).
		s.audit(r, v, account.ActAccount, "新建 "+a.Login, "失败："+account.ErrServerOnly.Error())
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, account.ErrServerOnly.Error(), "")
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email != "" && !notify.ValidAddress(email) {
		msg := "邮件地址 " + email + " 无效：须为不含中文等字符的 local@domain（部分政务邮件服务器不支持 SMTPUTF8）"
		s.audit(r, v, account.ActAccount, "新建 "+a.Login, "失败："+msg)
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, msg, "")
		return
	}
	password, err := account.TemporaryPassword()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	release, ok := s.hashSlot(w, r, v)
	if !ok {
		return
	}
	id, err := account.New(r.Context(), s.w, s.access, a, password, s.now())
	release()
	if err == nil && email != "" {
		err = s.w.SetAccountEmail(r.Context(), id, email)
	}
	if err != nil {
		msg := err.Error()
		if errors.Is(err, warehouse.ErrLoginTaken) {
			msg = "登录名 " + a.Login + " 已存在"
		}
		s.audit(r, v, account.ActAccount, "新建 "+a.Login, "失败："+msg)
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, msg, "")
		return
	}
	s.audit(r, v, account.ActAccount, "新建 "+a.Login, account.Created(s.reg, a))
	s.renderAdmin(w, r, http.StatusOK, "已新建账号 "+a.Login+"，临时口令如下（仅显示一次，首次登录须修改）：", password)
}

// changeAccount disables, enables, resets or unlocks an account.
func (s *Server) changeAccount(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	id, ok := s.pathID(w, r)
	if !ok {
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
	op := r.PathValue("op")
	if account.ServerOnly(&a) {
		// 三员: an auditor is reset, unlocked, disabled only at the server.
		s.audit(r, v, account.ActAccount, op+" "+a.Login, "失败："+account.ErrServerOnly.Error())
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, account.ErrServerOnly.Error(), "")
		return
	}
	var notice, password string
	switch op {
	case "disable", "enable":
		if a.ID == v.acct.ID {
			s.renderAdmin(w, r, http.StatusUnprocessableEntity, "不能停用自己的账号", "")
			return
		}
		err = account.SetDisabled(ctx, s.w, id, op == "disable")
		notice = map[string]string{"disable": "已停用账号 ", "enable": "已启用账号 "}[op] + a.Login
	case "reset":
		if password, err = account.TemporaryPassword(); err != nil {
			break
		}
		release, ok := s.hashSlot(w, r, v)
		if !ok {
			return
		}
		err = account.SetPassword(ctx, s.w, a, password, true, s.now())
		release()
		if err == nil {
			notice = "已重置账号 " + a.Login + " 的口令，临时口令如下（仅显示一次，下次登录须修改）："
		}
	case "unlock":
		err = account.Unlock(ctx, s.w, id)
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
	s.audit(r, v, account.ActAccount, op+" "+a.Login, account.OutcomeOK)
	s.renderAdmin(w, r, http.StatusOK, notice, password)
}

// auditData fills the auditor's page.
type auditData struct {
	// Check is the last verification of the log this portal ran, nil
	// before the first.
	Check  *verifyResult
	Filter auditForm
	Rows   []auditRow
	// Count says how many rows the page lists, and by what they are
	// filtered: "共 13 条（已按 单位“东川市” 筛选）".
	Count   string
	Limit   int
	Actions []struct{ Action, Label string }
	Export  string
	// Older is the next page's address (the rows before this page's last),
	// "" on the last page; Newest, the first page's, is set on every page
	// but the first.
	Older, Newest string
}

// auditRow is a row of the audit log as the auditor's page shows it: the
// unit's name and code apart (so the name is never split from its
// bracket), and the target named in people's words.
type auditRow struct {
	reports.AuditRow
	UnitName, UnitCode string
	Object             auditObject
}

// auditForm is the filter as the form sends it.
type auditForm struct {
	Account, Unit, Action, From, To string
}

// query is the filter as a query string, for the first page's link.
func (f auditForm) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"account": f.Account, "unit": f.Unit, "action": f.Action, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// Describe says what the filter keeps, as the auditor typed it: 账号“x”、
// 单位“东川市”、操作“下载”、自 2026-11-01、至 2026-11-30; "" when it keeps
// every row.
func (f auditForm) Describe() string {
	var parts []string
	if f.Account != "" {
		parts = append(parts, "账号“"+f.Account+"”")
	}
	if f.Unit != "" {
		parts = append(parts, "单位“"+f.Unit+"”")
	}
	if f.Action != "" {
		parts = append(parts, "操作“"+account.ActionLabel(f.Action)+"”")
	}
	if f.From != "" {
		parts = append(parts, "自 "+f.From)
	}
	if f.To != "" {
		parts = append(parts, "至 "+f.To)
	}
	return strings.Join(parts, "、")
}

// auditCount says how many rows a page of the log lists: all of them when
// the first page is not full, else this page's; and by what they are
// filtered.
func auditCount(form auditForm, rows int, firstPage, full bool) string {
	count := fmt.Sprintf("共 %d 条记录", rows)
	if !firstPage || full {
		count = fmt.Sprintf("本页 %d 条记录", rows)
	}
	if by := form.Describe(); by != "" {
		count += "（已按 " + by + " 筛选）"
	}
	return count
}

// maxAuditRows is how many rows a page shows, newest first; 较早的记录 pages
// on, and the export has all.
const maxAuditRows = 200

// filter reads the auditor's filter from the query; dates are local days,
// To included.
func (s *Server) filter(r *http.Request) (auditForm, warehouse.AuditFilter) {
	q := r.URL.Query()
	form := auditForm{Account: q.Get("account"), Unit: q.Get("unit"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := warehouse.AuditFilter{Account: form.Account, Unit: s.unitCode(form.Unit), Action: form.Action}
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

// unitCode reads the 单位 the auditor typed: a unit's code, or its name as
// the registry spells it (东川市), or else what was typed, which then
// matches no row.
func (s *Server) unitCode(typed string) string {
	typed = strings.TrimSpace(typed)
	if _, ok := s.reg.Unit(typed); ok || typed == "" {
		return typed
	}
	for _, level := range []zhengzhi.Level{zhengzhi.LevelProvince, zhengzhi.LevelCity, zhengzhi.LevelCounty} {
		for _, u := range s.reg.Units(level) {
			if u.Name == typed {
				return u.Code
			}
		}
	}
	return typed
}

// auditPage shows the auditor the newest rows of the audit log the filter selects.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	form, f := s.filter(r)
	f.Limit = maxAuditRows
	if before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && before > 0 {
		f.Before = before
	}
	entries, err := s.w.AuditLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("verify") == "1" {
		check, err := s.opt.Audit.Verify(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := account.SaveVerified(s.opt.Audit.Files(), account.Verified{At: s.now(), By: viewerOf(r).acct.Login, AuditCheck: check}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	last, err := account.LastVerified(s.opt.Audit.Files())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var check *verifyResult
	if last != nil {
		check = &verifyResult{At: s.localTime(last.At), By: last.By, AuditCheck: last.AuditCheck}
	}
	data := auditData{Check: check, Filter: form, Limit: maxAuditRows, Actions: account.ActionLabels,
		Export: "/audit/export.xlsx?" + r.URL.RawQuery,
		Count:  auditCount(form, len(entries), f.Before == 0, len(entries) == maxAuditRows)}
	objects := auditObjects{s: s, manifests: map[zhengzhi.Date]*publish.Dated{}}
	for i, row := range account.AuditRows(s.reg, entries, s.opt.Location) {
		e := entries[i]
		view := auditRow{AuditRow: row, UnitCode: e.Unit, Object: objects.name(e.Target)}
		if e.Unit != "" {
			view.UnitName = s.reg.Name(e.Unit)
		}
		data.Rows = append(data.Rows, view)
	}
	if f.Before > 0 {
		data.Newest = "/audit?" + form.query()
	}
	if len(entries) == maxAuditRows {
		q := r.URL.Query()
		q.Del("verify")
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].Seq, 10))
		data.Older = "/audit?" + q.Encode()
	}
	s.show(w, r, http.StatusOK, "audit", layout{Title: "审计日志", Data: data})
}

// verifyResult is a verification of the audit log, when it ran and who ran it.
type verifyResult struct {
	At, By string
	account.AuditCheck
}

// auditExport sends the Excel of every row the filter selects.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	_, f := s.filter(r)
	if err := s.audit(r, v, account.ActAuditExport, r.URL.RequestURI(), account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentTypes[".xlsx"])
	name := "审计日志-" + zhengzhi.DateOf(s.now().In(s.opt.Location)).String() + ".xlsx"
	w.Header().Set("Content-Disposition", `attachment; filename="audit-log.xlsx"; filename*=UTF-8''`+rfc5987(name))
	if err := account.ExportAudit(r.Context(), w, account.AuditExportOptions{Warehouse: s.w, Registry: s.reg, Filter: f,
		Location: s.opt.Location, Demo: s.opt.Demo, Now: s.now()}); err != nil {
		s.log.Error("audit export", "error", err)
	}
}
