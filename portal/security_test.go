package portal_test

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/portal"
	"zhengzhi/warehouse"
)

// rowsOf lists the site's audit rows as account|action|target|outcome.
func rowsOf(t *testing.T, s *site, f warehouse.AuditFilter) []string {
	t.Helper()
	rows, err := s.w.AuditLog(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range rows {
		out = append(out, strings.Join([]string{e.Account, e.Action, e.Target, e.Outcome}, "|"))
	}
	return out
}

// TestAdminNeverMakesOrManagesAnAuditor (三员): the admin's form refuses
// the auditor duty, alone or with the admin duty, and every change to the
// auditor's account; no password is shown, the auditor's still works, and
// each refusal is audited.
func TestAdminNeverMakesOrManagesAnAuditor(t *testing.T) {
	s := newSite(t, nil)
	admin := s.loggedIn("guanli")
	for _, form := range []url.Values{
		{"login": {"shenji2"}, "unit": {"990000"}, "role": {"province"}, "auditor": {"1"}},
		{"login": {"both"}, "unit": {"990000"}, "role": {"province"}, "admin": {"1"}, "auditor": {"1"}},
	} {
		r := admin.post("/admin/accounts", form)
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, "临时口令如下") || !strings.Contains(r.body, "zhengzhi user") {
			t.Fatalf("admin makes %v: %d\n%s", form, r.status, r.body)
		}
		if _, err := s.w.AccountByLogin(t.Context(), form.Get("login")); err == nil {
			t.Fatalf("account %s made", form.Get("login"))
		}
	}
	auditor, err := s.w.AccountByLogin(t.Context(), "shenji")
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"reset", "disable", "unlock"} {
		r := admin.post("/admin/accounts/"+itoa(auditor.ID)+"/"+op, url.Values{})
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, "临时口令如下") {
			t.Fatalf("admin %s auditor: %d\n%s", op, r.status, r.body)
		}
	}
	if after, _ := s.w.AccountByLogin(t.Context(), "shenji"); after.Disabled || after.PasswordHash != auditor.PasswordHash {
		t.Fatal("the auditor's account was changed from the portal")
	}
	s.loggedIn("shenji")
	if page := admin.get("/admin"); strings.Contains(page.body, `/admin/accounts/`+itoa(auditor.ID)+`/reset`) || strings.Contains(page.body, `name="auditor"`) {
		t.Fatal("the admin page offers to make or change an auditor")
	}
	refused := rowsOf(t, s, warehouse.AuditFilter{Account: "guanli", Action: account.ActAccount})
	if len(refused) != 5 {
		t.Fatalf("refusals audited: %v", refused)
	}
	for _, r := range refused {
		if !strings.Contains(r, "失败：审计员账号只能在服务器上") && !strings.Contains(r, "同时担任") {
			t.Errorf("refusal row %s", r)
		}
	}
}

// TestWrongCurrentPasswordsCountAsFailedLogins: on /password each wrong
// current password counts; the fifth locks the account and ends the
// session, so a stolen session cannot guess the password.
func TestWrongCurrentPasswordsCountAsFailedLogins(t *testing.T) {
	s := newSite(t, nil)
	c := s.loggedIn("dongchuan")
	form := url.Values{"current": {"not-the-password"}, "new": {"Another#2026-pass"}, "confirm": {"Another#2026-pass"}}
	for i := 1; i < account.MaxFailedLogins; i++ {
		if r := c.post("/password", form); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong current password %d: %d", i, r.status)
		}
		if a, _ := s.w.AccountByLogin(t.Context(), "dongchuan"); a.FailedLogins != i {
			t.Fatalf("after %d wrong current passwords the count is %d", i, a.FailedLogins)
		}
	}
	if r := c.post("/password", form); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("fifth wrong current password: %d %s", r.status, r.location)
	}
	if a, _ := s.w.AccountByLogin(t.Context(), "dongchuan"); !account.Locked(&a, s.clock.Now()) {
		t.Fatal("not locked after five wrong current passwords")
	}
	if r := c.get("/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("the session survived: %d", r.status)
	}
	if r := s.client().login(demo("dongchuan")); r.status != http.StatusUnauthorized {
		t.Fatalf("login while locked: %d", r.status)
	}
	if got := rowsOf(t, s, warehouse.AuditFilter{Action: account.ActLockout}); len(got) != 1 {
		t.Fatalf("lockout rows %v", got)
	}
}

// TestLoginsBeyondTheHashBoundAreTurnedAway: with every hash slot taken a
// login answers 503 with Retry-After, audited, and hashes nothing; once a
// slot is free it logs in.
func TestLoginsBeyondTheHashBoundAreTurnedAway(t *testing.T) {
	limit := account.NewHashLimit(account.HashMemory)
	s := newSite(t, func(o *portal.Options) { o.Hashes = limit })
	release, ok := limit.TryAcquire()
	if !ok {
		t.Fatal("no slot")
	}
	r := s.client().post("/login", formOf(demo("dongchuan")))
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, "服务繁忙") ||
		r.header.Get("Content-Security-Policy") == "" {
		t.Fatalf("login with no slot: %d %v", r.status, r.header)
	}
	if got := rowsOf(t, s, warehouse.AuditFilter{Action: account.ActBusy}); len(got) != 1 || !strings.Contains(got[0], "dongchuan") {
		t.Fatalf("busy rows %v", got)
	}
	release()
	s.loggedIn("dongchuan")
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// serve serves a site's portal on a listener of its own, as `zhengzhi
// serve` does (its timeouts, its own answers to unreadable requests).
func serve(t *testing.T, s *site) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := s.portal.HTTPServer(nil)
	go srv.Serve(s.portal.Listener(ln, nil))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestSlowBodyIsCutOffAndACancelledRequestIsNoError: a client that sends
// its body slower than the read deadline loses the connection; a request
// whose client went away is logged, not as an error.
func TestSlowBodyIsCutOffAndACancelledRequestIsNoError(t *testing.T) {
	var logged syncBuffer
	s := newSite(t, func(o *portal.Options) {
		o.Timeouts = portal.Timeouts{Read: 300 * time.Millisecond}
		o.Log = slog.New(slog.NewTextHandler(&logged, nil))
	})
	srv := s.portal.HTTPServer(nil)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout != 300*time.Millisecond || srv.IdleTimeout <= 0 {
		t.Fatalf("timeouts %v %v %v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	conn, err := net.Dial("tcp", serve(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("POST /login HTTP/1.1\r\nHost: portal\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nlogin=d"))
	// The server ends it; the client's own deadline only keeps a broken
	// server from hanging the test.
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	rest, err := bufio.NewReader(conn).ReadString(0)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the connection with a stalled body is still open: %q", rest)
	}
	if strings.Contains(rest, "HTTP/1.1 3") {
		t.Fatalf("a half-read login form was acted on: %q", rest)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/login", strings.NewReader("login=dongchuan&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.portal.Handler().ServeHTTP(httptest.NewRecorder(), req)
	s.settle()
	if text := logged.String(); strings.Contains(text, "level=ERROR") || !strings.Contains(text, "request cancelled") {
		t.Fatalf("log of a cancelled request:\n%s", text)
	}
}

// TestAuditGaps: a cross-site refusal carries the session's account; a
// file asked for without a session is audited; HEAD, 304 and Range are
// recorded as what they are, and only the complete download counts in who
// fetched what.
func TestAuditGaps(t *testing.T) {
	s := newSite(t, nil)
	c := s.loggedIn("dongchuan")
	c.do(http.MethodPost, "/logout", url.Values{}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	file := "/files/" + asOf.String() + "/cities/990100/six-ones.xlsx"
	s.client().get(file)
	var sha string
	for _, f := range s.manifest.Files {
		if "/files/"+asOf.String()+"/"+f.Path == file {
			sha = f.SHA256
		}
	}
	if r := c.do(http.MethodHead, file, nil, nil); r.status != http.StatusOK {
		t.Fatalf("HEAD %d", r.status)
	}
	if r := c.do(http.MethodGet, file, nil, map[string]string{"If-None-Match": `"` + sha + `"`}); r.status != http.StatusNotModified {
		t.Fatalf("conditional GET %d", r.status)
	}
	if r := c.do(http.MethodGet, file, nil, map[string]string{"Range": "bytes=0-9"}); r.status != http.StatusPartialContent || len(r.body) != 10 {
		t.Fatalf("range GET %d, %d bytes", r.status, len(r.body))
	}
	if r := c.get(file); r.status != http.StatusOK {
		t.Fatalf("GET %d", r.status)
	}
	got := rowsOf(t, s, warehouse.AuditFilter{})[1:] // after the login
	want := []string{
		"dongchuan|refused|POST /logout|跨站请求被拒绝",
		"|refused|" + file + "|未登录",
		"dongchuan|head|" + file + "|成功：200",
		"dongchuan|not_modified|" + file + "|成功",
		"dongchuan|partial|" + file + "|成功：bytes=0-9，已发送 10 字节",
		"dongchuan|download|" + file + "|成功",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fetched, err := s.w.DownloadsOf(t.Context(), account.ActDownload, account.OutcomeOK, "/files/", s.clock.Now().Add(-time.Hour))
	if err != nil || len(fetched) != 1 || fetched[0].Count != 1 {
		t.Fatalf("who fetched what: %+v, %v", fetched, err)
	}
}

// TestEveryAnswerIsThePortalsOwnPage: a missing static file and the static
// folder are the audited Chinese 404 page (never a listing), and a request
// Go's server cannot read (/%zz) is the Chinese 400 page with the security
// headers.
func TestEveryAnswerIsThePortalsOwnPage(t *testing.T) {
	s := newSite(t, nil)
	c := s.client()
	for _, p := range []string{"/static/x", "/static/"} {
		r := c.get(p)
		if r.status != http.StatusNotFound || !strings.Contains(r.body, "页面不存在") || strings.Contains(r.body, `href="style.css"`) ||
			r.header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: %d %v\n%s", p, r.status, r.header, r.body)
		}
	}
	if r := c.get("/static/style.css"); r.status != http.StatusOK {
		t.Fatalf("the style sheet: %d", r.status)
	}
	if got := rowsOf(t, s, warehouse.AuditFilter{Action: account.ActRefused}); len(got) < 2 || got[0] != "|refused|/static/x|静态文件不存在" {
		t.Fatalf("refusals %v", got)
	}
	conn, err := net.Dial("tcp", serve(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET /%zz HTTP/1.1\r\nHost: portal\r\n\r\n"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body.String(), "请求无效") ||
		resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("GET /%%zz: %d %v\n%s", resp.StatusCode, resp.Header, body.String())
	}
	if got := rowsOf(t, s, warehouse.AuditFilter{Action: account.ActRefused}); !strings.Contains(got[len(got)-1], "无法解析") {
		t.Fatalf("unreadable request not audited: %v", got)
	}
}
