package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/portal"
	"zhengzhi/warehouse"
)

// refusedLogin is the one answer of every refused login.
func refusedLogin(t *testing.T, r response, what string) {
	t.Helper()
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "登录名、口令或动态口令不正确") || r.header.Get("Set-Cookie") != "" {
		t.Fatalf("%s: %d %q", what, r.status, r.location)
	}
}

func TestWrongPasswordAndUnknownLoginAnswerAlike(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	c := s.client()
	wrong := c.post("/login", url.Values{"login": {"dongchuan"}, "password": {"Wrong-Pass-2026"}})
	unknown := c.post("/login", url.Values{"login": {"nobodyhere"}, "password": {"Wrong-Pass-2026"}})
	refusedLogin(t, wrong, "wrong password")
	refusedLogin(t, unknown, "unknown login")
	if strings.ReplaceAll(wrong.body, "dongchuan", "X") != strings.ReplaceAll(unknown.body, "nobodyhere", "X") {
		t.Error("a wrong password and an unknown login answer differently")
	}
	rows, err := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActLogin})
	if err != nil || len(rows) != 2 || rows[0].Outcome != "失败：口令错误" || rows[1].Account != "nobodyhere" || rows[1].Outcome != "失败：无此账号" {
		t.Fatalf("audit %+v, %v", rows, err)
	}
}

func TestLockoutAfterFiveFailuresAndReleaseAfterTheWindow(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	c := s.client()
	a := demo("dongchuan")
	for range account.MaxFailedLogins {
		refusedLogin(t, c.post("/login", url.Values{"login": {a.Login}, "password": {"Wrong-Pass-2026"}}), "wrong password")
	}
	refusedLogin(t, c.login(a), "the right password while locked")
	s.clock.Advance(account.LockoutWindow - time.Second)
	refusedLogin(t, c.login(a), "the right password a second before the lock ends")
	s.clock.Advance(time.Second)
	if r := c.login(a); r.status != http.StatusSeeOther {
		t.Fatalf("after the lock window: %d", r.status)
	}
	locks, _ := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActLockout})
	if len(locks) != 1 || locks[0].Account != a.Login {
		t.Fatalf("lockout audit %+v", locks)
	}
	// Four failures, a success, four more: no lock, the count starts again.
	for range 4 {
		c.post("/login", url.Values{"login": {a.Login}, "password": {"Wrong-Pass-2026"}})
	}
	if r := c.login(a); r.status != http.StatusSeeOther {
		t.Fatalf("a success after four failures: %d", r.status)
	}
	for range 4 {
		c.post("/login", url.Values{"login": {a.Login}, "password": {"Wrong-Pass-2026"}})
	}
	if r := c.login(a); r.status != http.StatusSeeOther {
		t.Fatalf("four failures after a success locked the account: %d", r.status)
	}
}

func TestTemporaryPasswordServesOnlyTheChangePage(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	ctx := t.Context()
	if _, err := account.New(ctx, s.w, account.NewAccess(s.reg), warehouse.Account{Login: "newclerk", Unit: "990100",
		Role: account.RoleCity, PasswordTemporary: true}, "Temp#Pass-2026", s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c := s.client()
	if r := c.post("/login", url.Values{"login": {"newclerk"}, "password": {"Temp#Pass-2026"}}); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	for _, p := range []string{"/", "/unit/990100", "/rankings", "/api/scores?as_of=2026-11-24&ruleset=safe-city-2026",
		"/files/" + asOf.String() + "/cities/990100/six-ones.xlsx", "/quality/990100", "/totp"} {
		if r := c.get(p); r.status != http.StatusSeeOther || r.location != "/password" {
			t.Errorf("%s with a temporary password: %d %s", p, r.status, r.location)
		}
	}
	if r := c.get("/password"); r.status != http.StatusOK || !strings.Contains(r.body, "临时口令") {
		t.Fatalf("password page: %d", r.status)
	}
	for _, bad := range []struct{ pw, why string }{
		{"short1A!", "至少 10 个字符"}, {"alllowercase", "至少三类"}, {"Newclerk-2026", "不得包含登录名"}, {"Temp#Pass-2026", "最近 5 次"},
	} {
		r := c.post("/password", url.Values{"current": {"Temp#Pass-2026"}, "new": {bad.pw}, "confirm": {bad.pw}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, bad.why) {
			t.Errorf("new password %q: %d, want %q", bad.pw, r.status, bad.why)
		}
	}
	r := c.post("/password", url.Values{"current": {"Temp#Pass-2026"}, "new": {"Fresh#Pass-2026"}, "confirm": {"Fresh#Pass-2026"}})
	if r.status != http.StatusSeeOther || r.location != "/" {
		t.Fatalf("change: %d %s", r.status, r.location)
	}
	if r := c.get("/unit/990100"); r.status != http.StatusOK {
		t.Fatalf("after the change: %d %s", r.status, r.location)
	}
}

func TestIdleAndAbsoluteTimeouts(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(o *portal.Options) { o.IdleTimeout, o.AbsoluteTimeout = 15*time.Minute, 8*time.Hour })
	c := s.loggedIn("dongchuan")
	s.clock.Advance(14 * time.Minute)
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("after 14 idle minutes: %d", r.status)
	}
	s.clock.Advance(15*time.Minute + time.Second)
	if r := c.get("/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("after 15 idle minutes: %d %s", r.status, r.location)
	}
	if r := c.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("an ended session came back: %d", r.status)
	}

	c = s.loggedIn("dongchuan")
	for range 7*6 + 5 { // busy every ten minutes for 7 h 50 min
		s.clock.Advance(10 * time.Minute)
		if r := c.get("/"); r.status != http.StatusOK {
			t.Fatalf("a busy session ended early at %v: %d", s.clock.Now(), r.status)
		}
	}
	s.clock.Advance(10 * time.Minute)
	if r := c.get("/"); r.status != http.StatusSeeOther {
		t.Fatalf("a session past 8 h: %d", r.status)
	}
	ended, _ := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActSessionEnded})
	if len(ended) != 2 || ended[0].Outcome != "会话空闲超时" || ended[1].Outcome != "会话已超过最长时限" {
		t.Fatalf("session ends audited %+v", ended)
	}
}

func TestSecondLoginEndsTheFirstSession(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	first := s.loggedIn("dongchuan")
	second := s.loggedIn("dongchuan")
	if r := first.get("/"); r.status != http.StatusSeeOther {
		t.Fatalf("the first session still works: %d", r.status)
	}
	if r := second.get("/"); r.status != http.StatusOK {
		t.Fatalf("the second session: %d", r.status)
	}
	// A new login gets a new session id, never the one the client brought.
	before := cookie(second)
	third := s.client()
	third.http.Jar = second.http.Jar
	third.login(demo("dongchuan"))
	if after := cookie(second); after == before || after == "" {
		t.Fatal("login kept the session id")
	}
}

func cookie(c *client) string {
	u, _ := url.Parse(c.s.server.URL)
	for _, k := range c.http.Jar.Cookies(u) {
		if k.Name == "zz_session" {
			return k.Value
		}
	}
	return ""
}

func TestTOTPRequiredForAdmins(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	a := demo("guanli")
	c := s.client()
	refusedLogin(t, c.post("/login", url.Values{"login": {a.Login}, "password": {a.Password}}), "admin without a code")
	refusedLogin(t, c.post("/login", url.Values{"login": {a.Login}, "password": {a.Password}, "totp": {"000000"}}), "admin with a wrong code")
	if r := c.login(a); r.status != http.StatusSeeOther {
		t.Fatalf("admin with the code: %d\n%s", r.status, r.body)
	}
	if r := c.get("/admin"); r.status != http.StatusOK || !strings.Contains(r.body, "新建账号") {
		t.Fatalf("admin page: %d", r.status)
	}
	refusedLogin(t, s.client().login(a), "the same code again")
	s.clock.Advance(30 * time.Second)
	if r := s.client().login(a); r.status != http.StatusSeeOther {
		t.Fatalf("the next code: %d", r.status)
	}
	// A city account needs no code under totp: admins; with totp: all it must enrol one first.
	all := newSite(t, func(o *portal.Options) { o.TOTP = "all" })
	cc := all.loggedIn("dongchuan")
	if r := cc.get("/unit/990100"); r.status != http.StatusSeeOther || r.location != "/totp" {
		t.Fatalf("without an enrolled factor: %d %s", r.status, r.location)
	}
	page := cc.get("/totp")
	start := strings.Index(page.body, `<code class="secret">`)
	if start < 0 {
		t.Fatalf("enrolment page without a secret:\n%s", page.body)
	}
	secret := page.body[start+len(`<code class="secret">`):]
	secret = secret[:strings.Index(secret, "<")]
	// Shown in groups of four, typed without the spaces.
	if len(secret) < 9 || secret[4] != ' ' {
		t.Errorf("the secret is not shown in groups of four: %q", secret)
	}
	secret = strings.ReplaceAll(secret, " ", "")
	code, _ := account.TOTPCode(secret, all.clock.Now())
	if r := cc.post("/totp", url.Values{"totp": {code}}); r.status != http.StatusSeeOther {
		t.Fatalf("enrol: %d", r.status)
	}
	if r := cc.get("/unit/990100"); r.status != http.StatusOK {
		t.Fatalf("after enrolment: %d", r.status)
	}
}

func TestCrossOriginPostRefusedAndNextStaysLocal(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	c := s.loggedIn("dongchuan")
	a := demo("dongchuan")
	for _, h := range []map[string]string{{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}} {
		r := c.do(http.MethodPost, "/logout", url.Values{}, h)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "跨站请求被拒绝") {
			t.Fatalf("cross-origin logout %v: %d", h, r.status)
		}
		r = s.client().do(http.MethodPost, "/login", url.Values{"login": {a.Login}, "password": {a.Password}}, h)
		if r.status != http.StatusForbidden {
			t.Fatalf("cross-origin login %v: %d", h, r.status)
		}
	}
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("the session after refused cross-origin posts: %d", r.status)
	}
	for next, want := range map[string]string{
		"https://elsewhere.example/x": "/", "//elsewhere.example/x": "/", `/\elsewhere.example`: "/", "javascript:alert(1)": "/",
		"/unit/990100?as_of=2026-11-24": "/unit/990100?as_of=2026-11-24",
	} {
		r := s.client().post("/login", url.Values{"login": {a.Login}, "password": {a.Password}, "next": {next}})
		if r.status != http.StatusSeeOther || r.location != want {
			t.Errorf("next=%s: %d %s", next, r.status, r.location)
		}
	}
	// Security headers on every answer.
	r := c.get("/")
	for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if r.header.Get(k) != v {
			t.Errorf("%s: %q", k, r.header.Get(k))
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if r.header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP")
	}
}
