package portal_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/portal"
	"zhengzhi/warehouse"
)

// The fake clock does not move in these tests unless they move it, so every
// session a request read stays in the process's cache until something drops it.

// TestSessionCacheDropsWhatThisProcessChanges: a logout, a second login, a
// disabled account and a new password end or change a cached session on the
// very next request of the same process.
func TestSessionCacheDropsWhatThisProcessChanges(t *testing.T) {
	s := newSite(t, nil)

	c := s.loggedIn("dongchuan")
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("logged in: %d", r.status)
	}
	stolen := copyCookies(c, s)
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := stolen.get("/"); r.status != http.StatusSeeOther {
		t.Fatalf("a cached session outlived its logout: %d", r.status)
	}

	first := s.loggedIn("dongchuan")
	if r := first.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("first session: %d", r.status)
	}
	second := s.loggedIn("dongchuan")
	if r := first.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("a cached session outlived a second login: %d", r.status)
	}

	if r := second.get("/unit/990100"); r.status != http.StatusOK {
		t.Fatalf("second session: %d", r.status)
	}
	acct, err := s.w.AccountByLogin(t.Context(), "dongchuan")
	if err != nil {
		t.Fatal(err)
	}
	admin := s.loggedIn("guanli")
	if r := admin.post("/admin/accounts/"+strconv.FormatInt(acct.ID, 10)+"/disable", url.Values{}); r.status != http.StatusOK {
		t.Fatalf("disable: %d", r.status)
	}
	if r := second.get("/unit/990100"); r.status != http.StatusSeeOther {
		t.Fatalf("a cached session outlived its account's disabling: %d", r.status)
	}

	// A new password: the account's cached copy goes with the old session.
	if _, err := account.New(t.Context(), s.w, account.NewAccess(s.reg), warehouse.Account{Login: "newclerk", Unit: "990100",
		Role: account.RoleCity, PasswordTemporary: true}, "Temp#Pass-2026", s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	clerk := s.client()
	if r := clerk.post("/login", url.Values{"login": {"newclerk"}, "password": {"Temp#Pass-2026"}}); r.status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.status)
	}
	if r := clerk.get("/unit/990100"); r.status != http.StatusSeeOther || r.location != "/password" {
		t.Fatalf("temporary password: %d %s", r.status, r.location)
	}
	if r := clerk.post("/password", url.Values{"current": {"Temp#Pass-2026"}, "new": {"Fresh#Pass-2026"}, "confirm": {"Fresh#Pass-2026"}}); r.status != http.StatusSeeOther {
		t.Fatalf("change: %d", r.status)
	}
	if r := clerk.get("/unit/990100"); r.status != http.StatusOK {
		t.Fatalf("the cache kept the temporary password: %d %s", r.status, r.location)
	}
}

// TestAnotherServerSeesRevocationWithinTheCacheTime: two portals on one
// warehouse, as two serve processes. A logout on one, or an account
// disabled from the command line, reaches a session the other has cached
// once the cache time has passed on the other's clock — and not before,
// which is the trade-off the cache makes.
func TestAnotherServerSeesRevocationWithinTheCacheTime(t *testing.T) {
	a := newSite(t, nil)
	b := startSite(t, a.built, a.dsn, nil)
	// The session's cookie, as a second browser tab behind a proxy would send
	// it to the other process — kept when the first tab's cookie is cleared.
	onB := func(c *client) *client { return copyCookies(c, b) }

	c := a.loggedIn("dongchuan")
	cb := onB(c)
	if r := cb.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("the session on the other portal: %d", r.status)
	}
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := c.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("the portal that logged out still serves the session: %d", r.status)
	}
	b.clock.Advance(portal.DefaultSessionCache - time.Millisecond)
	if r := cb.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("within the cache time the other portal still answers from its copy: %d", r.status)
	}
	b.clock.Advance(time.Millisecond)
	if r := cb.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("the other portal serves a logged-out session after the cache time: %d", r.status)
	}

	// `zhengzhi user disable` from another process: the same bound.
	c = a.loggedIn("dongchuan")
	cb = onB(c)
	if r := cb.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("the new session on the other portal: %d", r.status)
	}
	acct, err := a.w.AccountByLogin(t.Context(), "dongchuan")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.w.SetDisabled(t.Context(), acct.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := a.w.EndWebSessions(t.Context(), acct.ID); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(portal.DefaultSessionCache)
	if r := cb.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("the other portal serves a disabled account after the cache time: %d", r.status)
	}

	// With the cache off, the other portal sees a logout at once.
	off := startSite(t, a.built, a.dsn, func(o *portal.Options) { o.SessionCache = portal.NoSessionCache })
	if err := a.w.SetDisabled(t.Context(), acct.ID, false); err != nil {
		t.Fatal(err)
	}
	c = a.loggedIn("dongchuan")
	co := copyCookies(c, off)
	if r := co.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("the session on the uncached portal: %d", r.status)
	}
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := co.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("the uncached portal serves a logged-out session: %d", r.status)
	}
}

// TestTimeoutsAreExactWithTheCache: a session read less than the cache time
// ago still ends the instant its idle or absolute timeout is reached.
func TestTimeoutsAreExactWithTheCache(t *testing.T) {
	s := newSite(t, func(o *portal.Options) { o.IdleTimeout, o.AbsoluteTimeout = 10*time.Second, 8*time.Hour })
	c := s.loggedIn("dongchuan")
	s.clock.Advance(10*time.Second - 500*time.Millisecond)
	if r := c.get("/rankings"); r.status != http.StatusOK {
		t.Fatalf("before the idle timeout: %d", r.status)
	}
	s.clock.Advance(500 * time.Millisecond)
	if r := c.get("/rankings"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Fatalf("at the idle timeout, cached half a second ago: %d %s", r.status, r.location)
	}

	s = newSite(t, func(o *portal.Options) { o.IdleTimeout, o.AbsoluteTimeout = 40*time.Second, 40*time.Second })
	c = s.loggedIn("dongchuan")
	s.clock.Advance(39*time.Second + 500*time.Millisecond)
	if r := c.get("/rankings"); r.status != http.StatusOK { // moves the last-seen time
		t.Fatalf("before the absolute timeout: %d", r.status)
	}
	s.clock.Advance(100 * time.Millisecond)
	if r := c.get("/rankings"); r.status != http.StatusOK { // read and cached
		t.Fatalf("before the absolute timeout: %d", r.status)
	}
	s.clock.Advance(400 * time.Millisecond)
	if r := c.get("/rankings"); r.status != http.StatusSeeOther {
		t.Fatalf("at the absolute timeout, cached 0.4 s ago: %d", r.status)
	}
	ended, _ := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActSessionEnded})
	if len(ended) != 1 || ended[0].Outcome != "会话已超过最长时限" {
		t.Fatalf("session end audited %+v", ended)
	}
}

// copyCookies is a client of site to with the cookies c holds now, in a jar of its own.
func copyCookies(c *client, to *site) *client {
	from, _ := url.Parse(c.s.server.URL)
	dest, _ := url.Parse(to.server.URL)
	other := to.client()
	other.http.Jar.SetCookies(dest, c.http.Jar.Cookies(from))
	return other
}
