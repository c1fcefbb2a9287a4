package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/assess"
	"zhengzhi/contract"
	"zhengzhi/draw"
	"zhengzhi/ingest"
	"zhengzhi/internal/demotest"
	"zhengzhi/portal"
	"zhengzhi/render"
	"zhengzhi/reports"
	"zhengzhi/seed"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// The demo province seeded, ingested, assessed (two periods) and rendered
// once for the package's tests: every report of the date, as `zhengzhi
// render` writes them, and a published draw. Each test gets its own copy of the
// SQLite warehouse, so accounts and the audit log start empty.

// asOf is the demo's as-of date; earlier is the period before it.
var asOf, earlier = seed.DefaultUntil, zhengzhi.NewDate(2026, 10, 31)

type built struct {
	root      string // holds warehouse.db and output/
	out       string
	reg       *zhengzhi.Registry
	ruleSets  []*zhengzhi.RuleSet
	sources   []string
	manifest  manifestDoc
	err       error
	buildOnce sync.Once
}

// manifestDoc is the rendered manifest as the tests read it.
type manifestDoc struct {
	AsOf  string `json:"as_of"`
	Files []struct {
		Path   string `json:"path"`
		Kind   string `json:"kind"`
		Unit   string `json:"unit"`
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
}

var shared built

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.root != "" {
		os.RemoveAll(shared.root)
	}
	os.Exit(code)
}

// fixture builds the shared demo once.
func fixture(t testing.TB) *built {
	t.Helper()
	shared.buildOnce.Do(func() { shared.err = shared.build(t) })
	if shared.err != nil {
		t.Fatalf("demo fixture: %v", shared.err)
	}
	return &shared
}

func (b *built) build(t testing.TB) error {
	ctx := context.Background()
	var err error
	if b.root, err = os.MkdirTemp("", "zz-portal-test-"); err != nil {
		return err
	}
	b.out = filepath.Join(b.root, "output")
	b.reg = demotest.Registry(t)
	var targets []seed.Target
	var sources []ingest.Source
	for _, u := range append(b.reg.Units(zhengzhi.LevelProvince), b.reg.Units(zhengzhi.LevelCity)...) {
		dsn := "sqlite:" + filepath.Join(b.root, "bureaus", u.Code+".db")
		targets = append(targets, seed.Target{Unit: u.Code, DSN: dsn})
		sources = append(sources, ingest.Source{Unit: u.Code, DSN: dsn})
		b.sources = append(b.sources, u.Code)
	}
	if err := os.MkdirAll(filepath.Join(b.root, "bureaus"), 0o755); err != nil {
		return err
	}
	if _, err := seed.Generate(ctx, b.reg, targets, seed.Options{}); err != nil {
		return err
	}
	w, err := warehouse.Open(ctx, "sqlite:"+filepath.Join(b.root, "warehouse.db"))
	if err != nil {
		return err
	}
	defer w.Close()
	if _, err := ingest.Run(ctx, w, b.reg, sources, ingest.Options{Now: asOf.Midnight(time.UTC).Add(12 * time.Hour)}); err != nil {
		return err
	}
	for _, name := range []string{"target-responsibility-city", "target-responsibility-county", "safe-city", "safe-county"} {
		b.ruleSets = append(b.ruleSets, demotest.RuleSet(t, name+".yaml"))
	}
	for _, d := range []zhengzhi.Date{earlier, asOf} {
		for _, rs := range b.ruleSets {
			if _, err := assess.Run(ctx, w, b.reg, rs, d); err != nil {
				return err
			}
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	opt := render.Options{Warehouse: w, Registry: b.reg, RuleSets: b.ruleSets, Sources: b.sources, Output: b.out,
		Templates: templates.Defaults, AsOf: asOf, Location: loc, Demo: true}
	if _, err := render.Run(ctx, opt); err != nil {
		return err
	}
	res, _, err := draw.Run(ctx, w, b.reg, draw.Request{Month: "2026-12"}, asOf.Midnight(loc))
	if err != nil {
		return err
	}
	var picks []reports.DrawnCity
	for _, p := range res.Picks {
		picks = append(picks, reports.DrawnCity{City: p.City, Counties: p.Counties})
	}
	model := reports.BuildDraw(reports.Meta{AsOf: asOf, Demo: true, Province: b.reg.Province, GeneratedAt: asOf.Midnight(loc)},
		b.reg, res.Month, res.Seed, draw.Rule(res.Month, res.Seed), nil, picks)
	if _, err := render.PublishDraw(render.DrawOptions{Output: b.out, Templates: opt.Templates}, model,
		func(w io.Writer) error { return json.NewEncoder(w).Encode(res) }); err != nil {
		return err
	}
	text, err := os.ReadFile(filepath.Join(b.out, asOf.String(), "manifest.json"))
	if err != nil {
		return err
	}
	return json.Unmarshal(text, &b.manifest)
}

// clock is the portal's fake clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// site is one test's portal: its own copy of the warehouse, the demo
// accounts, a fake clock, served over real HTTP.
type site struct {
	*built
	t      testing.TB
	w      *warehouse.Warehouse
	dsn    string
	server *httptest.Server
	portal *portal.Server
	clock  *clock
	// auditFiles are the site's audit key and anchor files, audit its log.
	auditFiles account.AuditFiles
	audit      *account.AuditLog
}

// storedResult is the rule set id, the end of its period that holds the
// demo's as-of date, and the result stored for it: what a test publicizes.
func (s *site) storedResult(t testing.TB, id string) (*zhengzhi.RuleSet, zhengzhi.Date, *warehouse.StoredAssessment) {
	t.Helper()
	var rs *zhengzhi.RuleSet
	for _, r := range s.ruleSets {
		if r.ID == id {
			rs = r
		}
	}
	if rs == nil {
		t.Fatalf("no rule set %s", id)
	}
	d, err := rs.WindowEnd(asOf)
	if err != nil {
		t.Fatal(err)
	}
	stored, ok, err := s.w.StoredAssessment(context.Background(), rs.ID, rs.Hash, d)
	if err != nil || !ok {
		t.Fatalf("no stored result of %s to publicize: %v", id, err)
	}
	return rs, d, stored
}

// settle waits until the portal has finished every request: a download's
// audit row is stored once the whole file has gone out, just after the
// client has it.
func (s *site) settle() {
	for portal.InFlight(s.portal) > 0 {
		time.Sleep(time.Millisecond)
	}
}

// verify checks the site's audit log with its key and anchors.
func (s *site) verify() account.AuditCheck {
	s.t.Helper()
	keys, err := account.LoadAuditKeys(s.auditFiles.KeyFile)
	if err != nil {
		s.t.Fatal(err)
	}
	anchors, err := account.ReadAnchors(s.auditFiles.AnchorFile)
	if err != nil {
		s.t.Fatal(err)
	}
	check, err := account.VerifyAudit(context.Background(), s.w, keys, anchors)
	if err != nil {
		s.t.Fatal(err)
	}
	return check
}

// newSite starts a portal on a copy of the demo warehouse.
func newSite(t testing.TB, tune func(*portal.Options)) *site {
	t.Helper()
	b := fixture(t)
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(b.root, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "warehouse.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	dsn := "sqlite:" + filepath.Join(dir, "warehouse.db")
	return startSite(t, b, dsn, tune)
}

func startSite(t testing.TB, b *built, dsn string, tune func(*portal.Options)) *site {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	c := &clock{now: time.Now().UTC().Truncate(time.Second)}
	if _, err := account.DemoAccounts(ctx, w, account.NewAccess(b.reg), c.Now()); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	dir := t.TempDir()
	files := account.AuditFiles{KeyFile: filepath.Join(dir, "audit.key"), AnchorFile: filepath.Join(dir, "audit-anchors.log")}
	auditLog, err := account.OpenAuditLog(ctx, w, files, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	// The bureaus were ingested on UTC's clock (their sources name no zone).
	zones := map[string]*time.Location{}
	for _, u := range b.sources {
		zones[u] = time.UTC
	}
	opt := portal.Options{Warehouse: w, Registry: b.reg, RuleSets: b.ruleSets, Output: b.out, Sources: b.sources,
		Contract: contract.Names{}, Location: loc, BureauZones: zones, Demo: true, Now: c.Now, Audit: auditLog}
	if tune != nil {
		tune(&opt)
	}
	p, err := portal.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(func() {
		srv.Close()
		p.Close()
		if err := auditLog.Close(); err != nil {
			t.Error(err)
		}
	})
	return &site{built: b, t: t, w: w, dsn: dsn, server: srv, portal: p, clock: c, auditFiles: files, audit: auditLog}
}

// client is one browser-like user of a site: its own cookies, redirects not followed.
type client struct {
	s    *site
	http *http.Client
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is what a request got back.
type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

// do sends a request with a raw path (sent as written, never cleaned).
func (c *client) do(method, rawPath string, form url.Values, header map[string]string) response {
	c.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.s.server.URL+"/", body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	path, query, _ := strings.Cut(rawPath, "?")
	req.URL.Opaque = "//" + req.URL.Host + path // sent exactly as written
	req.URL.RawQuery = query
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	c.s.settle()
	return response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(text), header: resp.Header}
}

func (c *client) get(rawPath string) response { return c.do(http.MethodGet, rawPath, nil, nil) }

func (c *client) post(rawPath string, form url.Values) response {
	return c.do(http.MethodPost, rawPath, form, nil)
}

// demo finds a demo account by login.
func demo(login string) account.DemoAccount {
	for _, a := range account.DemoAccountList() {
		if a.Login == login {
			return a
		}
	}
	panic("no demo account " + login)
}

// login logs a demo account in (with its second factor when it has one)
// and returns the response.
func (c *client) login(a account.DemoAccount) response {
	c.s.t.Helper()
	form := url.Values{"login": {a.Login}, "password": {a.Password}}
	if a.TOTPSecret != "" {
		code, err := account.TOTPCode(a.TOTPSecret, c.s.clock.Now())
		if err != nil {
			c.s.t.Fatal(err)
		}
		form.Set("totp", code)
	}
	return c.post("/login", form)
}

// loggedIn is a client logged in as a demo account.
func (s *site) loggedIn(login string) *client {
	s.t.Helper()
	c := s.client()
	if r := c.login(demo(login)); r.status != http.StatusSeeOther || r.location != "/" {
		s.t.Fatalf("login %s: %d %s\n%s", login, r.status, r.location, r.body)
	}
	return c
}

// formOf is a login form without a second factor.
func formOf(a account.DemoAccount) url.Values {
	return url.Values{"login": {a.Login}, "password": {a.Password}}
}
