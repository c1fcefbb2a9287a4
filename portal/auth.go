package portal

import (
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"

	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// loginFailed is the one message of every refused login.
const loginFailed = "登录名、口令或动态口令不正确，或账号已被锁定、停用。"

// loginData fills the login page.
type loginData struct {
	Login, Next, Message string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.show(w, r, http.StatusOK, "login", layout{Title: "登录", Data: loginData{Next: localPath(r.URL.Query().Get("next"))}})
}

// localPath keeps a next= target only when it is a path of this site: it
// starts with one '/', names no host or scheme, and holds no backslash.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}

// login checks the login form (login, password, and totp where required) and
// answers 303 with a new session's cookie, or the login page with the one
// refusal message.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	login := strings.TrimSpace(r.PostFormValue("login"))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	now := s.now()
	refuse := func(acct *warehouse.Account, why string) {
		e := warehouse.AuditEntry{At: now, Account: login, Client: s.proxies.clientAddr(r), Action: account.ActLogin, Outcome: why}
		if acct != nil {
			e.Unit = acct.Unit
		}
		s.auditLog.record(r.Context(), e)
		s.show(w, r, http.StatusUnauthorized, "login", layout{Title: "登录", Data: loginData{Login: login, Next: next, Message: loginFailed}})
	}
	release, ok := s.hashSlot(w, r, nil)
	if !ok {
		return
	}
	acct, err := s.w.AccountByLogin(r.Context(), login)
	if errors.Is(err, warehouse.ErrNoAccount) {
		account.CheckNoPassword(password) // as long as a wrong password takes
		release()
		refuse(nil, "失败：无此账号")
		return
	}
	if err != nil {
		release()
		s.fail(w, r, err)
		return
	}
	passwordOK := account.CheckPassword(acct.PasswordHash, password)
	release()
	switch {
	case acct.Disabled:
		refuse(&acct, "失败：账号已停用")
		return
	case account.Locked(&acct, now):
		refuse(&acct, "失败：账号锁定中，至 "+s.localTime(acct.LockedUntil))
		return
	}
	why := ""
	switch {
	case !passwordOK:
		why = "失败：口令错误"
	case s.needsTOTP(&acct) && acct.TOTPSecret != "":
		step, err := account.TOTPStep(acct.TOTPSecret, r.PostFormValue("totp"), now)
		if err != nil {
			why = "失败：动态口令错误"
			break
		}
		fresh, err := s.w.UseTOTPStep(r.Context(), acct.ID, step)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !fresh {
			why = "失败：动态口令已用过"
		}
	}
	if why != "" {
		locked, err := s.loginFailed(r, &acct, now)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		refuse(&acct, why)
		if locked {
			s.auditLockout(r, &acct, now)
		}
		return
	}
	if err := s.startSession(w, r, &acct, now); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.w.LoginSucceeded(r.Context(), acct.ID, now)
	s.cached.forgetAccount(acct.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, &viewer{acct: acct}, account.ActLogin, "", account.OutcomeOK)
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginFailed counts a failed login (or a wrong current password) of an
// account, and reports whether it locked the account.
func (s *Server) loginFailed(r *http.Request, acct *warehouse.Account, now time.Time) (bool, error) {
	locked, err := account.LoginFailed(r.Context(), s.w, acct.ID, now)
	s.cached.forgetAccount(acct.ID)
	return locked, err
}

// auditLockout records that failures locked an account.
func (s *Server) auditLockout(r *http.Request, acct *warehouse.Account, now time.Time) {
	s.auditLog.record(r.Context(), warehouse.AuditEntry{At: now, Account: acct.Login, Unit: acct.Unit,
		Client: s.proxies.clientAddr(r), Action: account.ActLockout, Target: acct.Login,
		Outcome: fmt.Sprintf("连续 %d 次登录失败，锁定至 %s", account.MaxFailedLogins, s.localTime(now.Add(account.LockoutWindow)))})
}

// hashSlot takes one of the password hashes allowed in flight, or answers
// 503 with Retry-After (audited) when all are taken: hashing is what a flood
// of logins would otherwise fill the memory with.
func (s *Server) hashSlot(w http.ResponseWriter, r *http.Request, v *viewer) (func(), bool) {
	release, ok := s.hashes.TryAcquire()
	if ok {
		return release, true
	}
	target := r.URL.Path
	if v == nil {
		target += " " + strings.TrimSpace(r.PostFormValue("login"))
	}
	s.audit(r, v, account.ActBusy, target, fmt.Sprintf("拒绝：同时校验口令已达上限 %d 个", s.hashes.Slots()))
	w.Header().Set("Retry-After", "1")
	s.errorPage(w, r, http.StatusServiceUnavailable, "服务繁忙", "同时登录的人数较多，请稍候几秒再试。")
	return nil, false
}

// startSession gives the request a new session (a new token, never one the
// client brought) bound to the account, which ends the account's other session.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, acct *warehouse.Account, now time.Time) error {
	ctx, err := s.sessions.Load(r.Context(), "")
	if err != nil {
		return err
	}
	*r = *r.WithContext(ctx)
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, keyAccount, acct.ID)
	s.sessions.Put(ctx, keyLogin, now.UnixNano())
	s.sessions.Put(ctx, keySeen, now.UnixNano())
	token, err := s.commitSession(w, r)
	if err != nil {
		return err
	}
	defer s.cached.forgetAccount(acct.ID)
	return s.w.BindWebSession(ctx, tokenHash(token), acct.ID)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeSessionCookie(w, r, "")
	s.audit(r, v, account.ActLogout, "", account.OutcomeOK)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// passwordData fills the password page.
type passwordData struct {
	Forced  bool
	Message string
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	s.show(w, r, http.StatusOK, "password", layout{Title: "修改口令", Data: passwordData{Forced: v.acct.PasswordTemporary}})
}

// changePassword checks the current password and the rules of the new one,
// stores it, and renews the session's token.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	again := func(msg string) {
		s.audit(r, v, account.ActPasswordChange, v.acct.Login, "失败："+msg)
		s.show(w, r, http.StatusUnprocessableEntity, "password", layout{Title: "修改口令",
			Data: passwordData{Forced: v.acct.PasswordTemporary, Message: msg}})

	}
	current, next := r.PostFormValue("current"), r.PostFormValue("new")
	release, ok := s.hashSlot(w, r, v)
	if !ok {
		return
	}
	defer release()
	now := s.now()
	if !account.CheckPassword(v.acct.PasswordHash, current) {
		// A wrong current password is a failed login: a stolen session
		// cannot guess the password, and the fifth ends the session.
		locked, err := s.loginFailed(r, &v.acct, now)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if locked {
			s.audit(r, v, account.ActPasswordChange, v.acct.Login, "失败：当前口令不正确")
			s.auditLockout(r, &v.acct, now)
			s.endSession(w, r, v, "修改口令时当前口令连续错误，账号已锁定")
			return
		}
		again("当前口令不正确")
		return
	}
	if next != r.PostFormValue("confirm") {
		again("两次输入的新口令不一致")
		return
	}
	err := account.SetPassword(r.Context(), s.w, v.acct, next, false, now)
	s.cached.forgetAccount(v.acct.ID)
	if err != nil {
		var weak account.ErrWeakPassword
		if errors.As(err, &weak) {
			again(weak.Error())
			return
		}
		s.fail(w, r, err)
		return
	}
	v.acct.PasswordTemporary = false
	if err := s.startSession(w, r, &v.acct, now); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, v, account.ActPasswordChange, v.acct.Login, account.OutcomeOK)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// totpData fills the enrolment page.
type totpData struct {
	Secret, URL, Message string
}

// enrolKey is the secret being enrolled in this session, made on first sight.
func (s *Server) enrolKey(w http.ResponseWriter, r *http.Request) (*otp.Key, error) {
	v := viewerOf(r)
	if secret := s.sessions.GetString(r.Context(), keyEnroll); secret != "" {
		return otp.NewKeyFromURL(enrolURL(v.acct.Login, secret))
	}
	key, err := account.NewTOTPKey(v.acct.Login)
	if err != nil {
		return nil, err
	}
	s.sessions.Put(r.Context(), keyEnroll, key.Secret())
	if _, err := s.commitSession(w, r); err != nil {
		return nil, err
	}
	return key, nil
}

func enrolURL(login, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {account.TOTPIssuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + url.PathEscape(account.TOTPIssuer+":"+login) + "?" + q.Encode()
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request) {
	key, err := s.enrolKey(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, http.StatusOK, "totp", layout{Title: "绑定动态口令", Data: totpData{Secret: key.Secret(), URL: key.URL()}})
}

// totpQR is the enrolment secret as a QR code for an authenticator app.
func (s *Server) totpQR(w http.ResponseWriter, r *http.Request) {
	key, err := s.enrolKey(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	img, err := key.Image(240, 240)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	png.Encode(w, img)
}

// enrolTOTP stores the secret once the account proves it with a code.
func (s *Server) enrolTOTP(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	key, err := s.enrolKey(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	step, err := account.TOTPStep(key.Secret(), r.PostFormValue("totp"), s.now())
	if err != nil {
		s.audit(r, v, account.ActTOTPEnroll, v.acct.Login, "失败：动态口令错误")
		s.show(w, r, http.StatusUnprocessableEntity, "totp", layout{Title: "绑定动态口令",
			Data: totpData{Secret: key.Secret(), URL: key.URL(), Message: "动态口令不正确，请核对手机时间后重试。"}})

		return
	}
	err = s.w.SetTOTPSecret(r.Context(), v.acct.ID, key.Secret())
	s.cached.forgetAccount(v.acct.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.w.UseTOTPStep(r.Context(), v.acct.ID, step); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(r.Context(), keyEnroll)
	if _, err := s.commitSession(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, v, account.ActTOTPEnroll, v.acct.Login, account.OutcomeOK)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
