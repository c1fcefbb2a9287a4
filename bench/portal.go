package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/contract"
	"zhengzhi/portal"
	"zhengzhi/publish"
	"zhengzhi/warehouse"
)

// portalSessions is how many logged-in sessions the portal step runs at once,
// each of a different unit.
const portalSessions = 100

// portalPassword is the bench accounts' password.
const portalPassword = "Bench#2026-pass"

// visitor is one logged-in session of the portal step: its unit page and the
// files of its unit it downloads in turn.
type visitor struct {
	cookie *http.Cookie
	page   string
	files  []string // paths relative to output/<as-of>/
}

// portal measures `zhengzhi serve` on the run's warehouse and reports: 100
// sessions of different units, logged in before the clock starts, each
// alternating its unit page and a download of its own files for a fixed
// time (p50/p99 of the unit pages, requests per second); then the same
// sessions only downloading, against a bare http.FileServer serving the
// same files to the same number of clients — the ratio is the bare server's
// download rate over ours.
func (r *runner) portal(ctx context.Context) (Step, error) {
	d := r.opt.PortalTime
	switch {
	case d > 0:
	case r.opt.Scale == "demo":
		d = 3 * time.Second
	default:
		d = 10 * time.Second
	}
	auditLog, err := account.OpenAuditLog(ctx, r.w, account.AuditFiles{KeyFile: filepath.Join(r.dir, "audit.key"),
		AnchorFile: filepath.Join(r.dir, "audit-anchors.log")}, nil)
	if err != nil {
		return Step{}, err
	}
	defer auditLog.Close()
	p, err := portal.New(portal.Options{Warehouse: r.w, Registry: r.opt.Registry, RuleSets: r.rules,
		Output: filepath.Join(r.dir, "output"), Sources: r.units(), Contract: contract.Names{}, Location: r.opt.Location,
		Demo: r.opt.Demo, TOTP: "none", Audit: auditLog})
	if err != nil {
		return Step{}, err
	}
	defer p.Close()
	ours, stop, err := serveLocal(p.Handler())
	if err != nil {
		return Step{}, err
	}
	defer stop()
	visitors, err := r.visitors(ctx, ours, p.Access())
	if err != nil {
		return Step{}, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: portalSessions, MaxConnsPerHost: portalSessions},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var mixed load
	got, err := measure(r.profile(StepPortal), func() error {
		mixed, err = hammer(ctx, client, visitors, d, func(v *visitor, i int) []string {
			return []string{ours + v.page, ours + "/files/" + AsOf.String() + "/" + v.files[i%len(v.files)]}
		})
		return err
	})
	if err != nil {
		return Step{}, err
	}
	var downloads load
	if _, err := measure(r.profile(StepPortal+"-downloads"), func() error {
		downloads, err = hammer(ctx, client, visitors, d, func(v *visitor, i int) []string {
			return []string{ours + "/files/" + AsOf.String() + "/" + v.files[i%len(v.files)]}
		})
		return err
	}); err != nil {
		return Step{}, err
	}
	bare, stopBare, err := serveLocal(http.FileServer(http.Dir(r.outDir)))
	if err != nil {
		return Step{}, err
	}
	defer stopBare()
	var raw load
	rawTime, err := measure(r.profile(StepPortal+"-raw"), func() error {
		raw, err = hammer(ctx, client, visitors, d, func(v *visitor, i int) []string {
			return []string{bare + "/" + v.files[i%len(v.files)]}
		})
		return err
	})
	if err != nil {
		return Step{}, err
	}
	s := newStep(StepPortal, mixed.requests, "requests", got, rawTime,
		fmt.Sprintf("http.FileServer over the same folder, %d clients downloading the same files for %v; ours: %.0f downloads/s (%.0f MB/s), bare: %.0f/s (%.0f MB/s)",
			portalSessions, d, downloads.perSecond(), downloads.mbPerSecond(), raw.perSecond(), raw.mbPerSecond()))
	s.Requests = mixed.requests
	s.PerSecond = round(mixed.perSecond(), 0)
	s.P50MS, s.P99MS = round(mixed.pageLatency(0.50), 1), round(mixed.pageLatency(0.99), 1)
	s.RawPerSecond = round(raw.perSecond(), 0)
	if downloads.perSecond() > 0 {
		s.Ratio = round(raw.perSecond()/downloads.perSecond(), 2)
	}
	return s, nil
}

// visitors makes an account for each of the first portalSessions cities and
// counties, logs each in and lists its unit page and its own files.
func (r *runner) visitors(ctx context.Context, base string, access account.Access) ([]*visitor, error) {
	reg := r.opt.Registry
	units := append(reg.Units(zhengzhi.LevelCity), reg.Units(zhengzhi.LevelCounty)...)
	units = slices.DeleteFunc(units, func(u zhengzhi.Unit) bool { return u.Abolished })
	if len(units) > portalSessions {
		units = units[:portalSessions]
	}
	hash, err := account.HashPassword(portalPassword)
	if err != nil {
		return nil, err
	}
	index, err := publish.ReadManifest(r.outDir)
	if err != nil {
		return nil, err
	}
	out := index.Files
	now := time.Now()
	var visitors []*visitor
	for _, u := range units {
		role := account.RoleCounty
		if u.Level == zhengzhi.LevelCity {
			role = account.RoleCity
		}
		acct := warehouse.Account{Login: "bench-" + u.Code, Unit: u.Code, Role: role, PasswordHash: hash,
			PasswordChangedAt: now, CreatedAt: now}
		if _, err := r.w.CreateAccount(ctx, acct, account.PasswordsRemembered); err != nil {
			return nil, err
		}
		v := &visitor{page: "/unit/" + u.Code}
		for _, f := range out {
			if f.Unit == u.Code && access.SeesFile(&acct, f) {
				v.files = append(v.files, f.Path)
			}
		}
		if len(v.files) == 0 {
			continue // a unit without files of its own (an abolished county, a partial render)
		}
		if v.cookie, err = login(base, acct.Login); err != nil {
			return nil, err
		}
		visitors = append(visitors, v)
	}
	if len(visitors) == 0 {
		return nil, errors.New("no unit has files to download")
	}
	return visitors, nil
}

// login logs a bench account in and returns its session cookie.
func login(base, login string) (*http.Cookie, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"login": {login}, "password": {portalPassword}})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	for _, k := range resp.Cookies() {
		if k.Name == "zz_session" && k.Value != "" {
			return k, nil
		}
	}
	return nil, fmt.Errorf("login %s: %s", login, resp.Status)
}

// serveLocal serves a handler on a loopback port until stop.
func serveLocal(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// load is what a fixed time of requests did.
type load struct {
	seconds  float64
	requests int64
	bytes    int64
	pages    []time.Duration // the unit pages' latencies
}

func (l load) perSecond() float64   { return float64(l.requests) / l.seconds }
func (l load) mbPerSecond() float64 { return float64(l.bytes) / (1 << 20) / l.seconds }

// pageLatency is a quantile of the unit pages' latencies, in milliseconds.
func (l load) pageLatency(q float64) float64 {
	if len(l.pages) == 0 {
		return 0
	}
	s := slices.Clone(l.pages)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(q*float64(len(s))))].Microseconds()) / 1000
}

// hammer runs every visitor at once for d, each requesting the URLs next
// gives for its i-th round, one after another, and counts what came back.
// Every answer must be 200.
func hammer(ctx context.Context, c *http.Client, visitors []*visitor, d time.Duration, next func(v *visitor, i int) []string) (load, error) {
	var (
		mu    sync.Mutex
		total load
		first error
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for _, v := range visitors {
		wg.Go(func() {
			var mine load
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				for _, u := range next(v, i) {
					t0 := time.Now()
					n, err := fetch(ctx, c, u, v.cookie)
					if err != nil {
						mu.Lock()
						first = cmpErr(first, err)
						mu.Unlock()
						return
					}
					if strings.Contains(u, "/unit/") {
						mine.pages = append(mine.pages, time.Since(t0))
					}
					mine.requests++
					mine.bytes += n
				}
			}
			mu.Lock()
			total.requests += mine.requests
			total.bytes += mine.bytes
			total.pages = append(total.pages, mine.pages...)
			mu.Unlock()
		})
	}
	wg.Wait()
	total.seconds = time.Since(start).Seconds()
	return total, first
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// fetch GETs a URL with the session cookie and drains the body.
func fetch(ctx context.Context, c *http.Client, u string, cookie *http.Cookie) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.AddCookie(cookie)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return n, err
}
