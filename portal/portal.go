// Package portal is `zhengzhi serve`: the web portal where each bureau logs
// in and reads its own reports, and nothing else. It reads the warehouse
// (accounts, sessions, stored assessments, pulls, the audit log) and the
// manifests under output/, never writes to output/, and renders Chinese HTML
// on the server from embedded templates and assets.
//
// The portal speaks HTTP only: who sees what, passwords, lockout, duties
// and the audit log's rules are package account's, which every page,
// download and API answer asks; a refusal looks exactly like a page that
// does not exist (404, a Chinese page) and is audited.
package portal

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// Contract names the bureau contract's tables and columns in Chinese, their
// order and enumerations, and tells which columns name a unit; the
// data-quality page shows rows by them (reports.BuildDataQuality).
type Contract = reports.QualityContract

// Options describe a portal.
type Options struct {
	Warehouse *warehouse.Warehouse
	Registry  *zhengzhi.Registry
	// RuleSets are the configured rule sets: which assessments the pages show, in this order.
	RuleSets []*zhengzhi.RuleSet
	// Output is the output folder the render writes.
	Output string
	// Sources are the configured bureaus, for the province's freshness table.
	Sources  []string
	Contract Contract
	Location *time.Location
	// BureauZones are the wall clocks of the bureaus whose source names a
	// timezone of its own: their reasons write times there, so the
	// data-quality page shows their rows' times there too. A bureau not
	// listed keeps Location's.
	BureauZones map[string]*time.Location
	// Demo marks the portal as the demo's (演示数据).
	Demo bool
	// Campaign is the campaign's name in every page's header, as the
	// documents name it (documents.campaign; reports.DefaultCampaign when empty).
	Campaign string
	// TrustedProxies are the addresses or CIDR ranges whose X-Forwarded-For is believed.
	TrustedProxies []string
	// IdleTimeout and AbsoluteTimeout end sessions.
	IdleTimeout, AbsoluteTimeout time.Duration
	// TOTP says whose login needs a second factor: admins, all or none.
	TOTP string
	// SessionCache is how long this process reuses a session and account it
	// read (see sessioncache.go): 0 is DefaultSessionCache, NoSessionCache
	// reads them on every request; at most MaxSessionCache.
	SessionCache time.Duration
	// Audit is where the portal's audit rows go (required): the keyed,
	// anchored log of package account, which the caller opens and closes.
	Audit *account.AuditLog
	// Hashes bounds the password hashes in flight; nil is a bound of
	// account.DefaultHashBudget.
	Hashes *account.HashLimit
	// Timeouts are the HTTP server's (see HTTPServer).
	Timeouts Timeouts
	// Appeals are the appeals of the periods in 公示 (the /appeals pages);
	// nil leaves them out.
	Appeals *appeal.Service
	// Now is the portal's clock; nil is time.Now. Tests move a fake one.
	Now func() time.Time
	Log *slog.Logger
}

// Server is a portal; Handler serves it.
type Server struct {
	opt      Options
	w        *warehouse.Warehouse
	reg      *zhengzhi.Registry
	access   account.Access
	out      *publish.Reader
	sessions *scs.SessionManager
	// cached keeps sessions and accounts read by recent requests.
	cached *sessionCache
	// unread keeps each account's count of unread notices for a second.
	unread   unreadCache
	auditLog *auditWriter
	// hashes bounds the password hashes in flight.
	hashes  *account.HashLimit
	proxies proxies
	pages   *pages
	scores  *scoreCache
	// unitPages keeps the rendered contents of unit pages.
	unitPages pageCache
	now       func() time.Time
	log       *slog.Logger
	handler   http.Handler
	// inFlight counts the requests being served, for the audit log's group commit.
	inFlight atomic.Int64
	// uploads are the previewed workbooks waiting for confirmation (upload.go).
	uploads pendingUploads
}

// New makes a portal.
func New(opt Options) (*Server, error) {
	if opt.Warehouse == nil || opt.Registry == nil || opt.Contract == nil || opt.Audit == nil {
		return nil, errors.New("portal: warehouse, registry, contract and audit log are required")
	}
	opt.Timeouts.defaults()
	if opt.Hashes == nil {
		opt.Hashes = account.NewHashLimit(account.DefaultHashBudget)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 15 * time.Minute
	}
	if opt.AbsoluteTimeout <= 0 {
		opt.AbsoluteTimeout = 8 * time.Hour
	}
	switch opt.TOTP {
	case "":
		opt.TOTP = "admins"
	case "admins", "all", "none":
	default:
		return nil, fmt.Errorf("portal: totp %q: want admins, all or none", opt.TOTP)
	}
	switch {
	case opt.SessionCache == 0:
		opt.SessionCache = DefaultSessionCache
	case opt.SessionCache > MaxSessionCache:
		return nil, fmt.Errorf("portal: session cache %v: at most %v", opt.SessionCache, MaxSessionCache)
	}
	px, err := parseProxies(opt.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("portal: trusted_proxies: %w", err)
	}
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, w: opt.Warehouse, reg: opt.Registry, access: account.NewAccess(opt.Registry),
		out: publish.NewReader(opt.Output, opt.Now), hashes: opt.Hashes, proxies: px, pages: pg, now: opt.Now, log: opt.Log,
		scores: newScoreCache(opt.Warehouse, opt.RuleSets, opt.Registry.Province, opt.Now)}
	s.cached = newSessionCache(opt.SessionCache)
	s.sessions = newSessionManager(opt.Warehouse, opt.Now, opt.AbsoluteTimeout, s.cached)
	s.auditLog = newAuditWriter(opt.Audit, opt.Log, s.inFlight.Load)
	s.handler = s.routes()
	return s, nil
}

// Close stores the audit rows still queued; call it after the HTTP server
// has shut down.
func (s *Server) Close() { s.auditLog.close() }

// Handler is the portal's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Access is the portal's access rule, for tools that list what an account sees.
func (s *Server) Access() account.Access { return s.access }

//go:embed static
var staticFS embed.FS

// routes wires the pages. Every request gets the security headers; every
// state-changing one passes Go's cross-origin protection; everything but the
// login page and the static assets needs a session.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static/", s.static())
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })

	app := http.NewServeMux()
	app.HandleFunc("POST /logout", s.logout)
	app.HandleFunc("GET /password", s.passwordPage)
	app.HandleFunc("POST /password", s.changePassword)
	app.HandleFunc("GET /totp", s.totpPage)
	app.HandleFunc("GET /totp/qr.png", s.totpQR)
	app.HandleFunc("POST /totp", s.enrolTOTP)
	app.HandleFunc("GET /{$}", s.home)
	app.HandleFunc("GET /unit/{code}", s.unitPage)
	app.HandleFunc("GET /unit/{code}/template.xlsx", s.templateFile)
	app.HandleFunc("POST /unit/{code}/upload", s.uploadPreview)
	app.HandleFunc("POST /unit/{code}/upload/confirm", s.uploadConfirm)
	app.HandleFunc("GET /rankings", s.rankings)
	app.HandleFunc("GET /notices", s.noticesPage)
	app.HandleFunc("POST /notices/read", s.markNoticesRead)
	app.HandleFunc("POST /notices/{id}/read", s.markNoticesRead)
	app.HandleFunc("GET /quality/{code}", s.qualityPage)
	app.HandleFunc("GET /province", s.only(account.Access.SeesOperations, "仅省局专项办可查看", s.provincePage))
	app.HandleFunc("GET /draws/{name}", s.only(account.Access.SeesOperations, "抽查结果仅省局专项办可查看", s.drawFile))
	app.HandleFunc("GET /admin", s.only(account.Access.Administers, "仅管理员可访问", s.adminPage))
	app.HandleFunc("POST /admin/accounts", s.only(account.Access.Administers, "仅管理员可访问", s.createAccount))
	app.HandleFunc("POST /admin/accounts/{id}/{op}", s.only(account.Access.Administers, "仅管理员可访问", s.changeAccount))
	app.HandleFunc("GET /audit", s.only(account.Access.Audits, "仅审计员可访问", s.auditPage))
	app.HandleFunc("GET /audit/export.xlsx", s.only(account.Access.Audits, "仅审计员可访问", s.auditExport))
	app.HandleFunc("GET /bundle/{as_of}", s.bundle)
	app.HandleFunc("GET /api/scores", s.apiScores)
	app.HandleFunc("GET /appeals", s.appealsPage)
	app.HandleFunc("POST /appeals", s.fileAppeal)
	app.HandleFunc("POST /appeals/{id}/rule", s.ruleAppeal)
	app.HandleFunc("GET /appeals/evidence/{id}", s.evidenceFile)
	app.HandleFunc("/", s.notFound)
	// Files are matched on the raw path before any mux cleans it: a path with
	// '..', '.', '//' or an encoded slash is refused as it came, never redirected.
	files := http.HandlerFunc(s.file)
	authed := s.authenticated(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/files/") {
			files(w, r)
			return
		}
		app.ServeHTTP(w, r)
	}))
	mux.Handle("/", authed)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.audit(r, s.cookieViewer(r), account.ActRefused, r.Method+" "+r.URL.Path, "跨站请求被拒绝")
		s.errorPage(w, r, http.StatusForbidden, "跨站请求被拒绝", "该请求来自其他站点，已被拒绝。请从本门户的页面重新操作。")
	}))
	root, direct := cop.Handler(mux), cop.Handler(authed)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		s.securityHeaders(w, r)
		if r.Method == http.MethodPost {
			// The body is read here, within the server's read deadline; one
			// that cannot be read is the client's fault, answered and logged
			// as such, never an error of the portal's.
			if err := r.ParseForm(); err != nil {
				s.log.Info("request body not read", "path", r.URL.Path, "error", err)
				s.errorPage(w, r, http.StatusBadRequest, "请求无效", "请求内容无法读取，请重新提交。")
				return
			}
		}
		if strings.HasPrefix(r.URL.Path, "/files/") {
			// Straight to the session check: ServeMux would clean the path first.
			direct.ServeHTTP(w, r)
			return
		}
		root.ServeHTTP(w, r)
	})
}

// The security headers' values, made once: a header's value slice is
// replaced by Set and never changed in place, so every response may share them.
var (
	cspHeader = []string{"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
	denyHeader        = []string{"DENY"}
	nosniffHeader     = []string{"nosniff"}
	sameOriginHeader  = []string{"same-origin"}
	hstsHeader        = []string{"max-age=31536000; includeSubDomains"}
	privateHeader     = []string{"private, no-store"}
	varyCookieHeader  = []string{"Cookie"}
	securityHeaderSet = []struct {
		key   string
		value []string
	}{{"Content-Security-Policy", cspHeader}, {"X-Frame-Options", denyHeader}, {"X-Content-Type-Options", nosniffHeader},
		{"Referrer-Policy", sameOriginHeader}}
)

// securityHeaders are on every response.
func (s *Server) securityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range securityHeaderSet {
		h[kv.key] = kv.value
	}
	if s.overTLS(r) {
		h["Strict-Transport-Security"] = hstsHeader
	}
}

// only lets through to h the requests whose account may what the access
// rule says, and refuses the rest with why (audited, as a 404 page).
func (s *Server) only(may func(account.Access, *warehouse.Account) bool, why string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !may(s.access, &viewerOf(r).acct) {
			s.refuse(w, r, r.URL.Path, why)
			return
		}
		h(w, r)
	}
}

// cookieViewer is the account of the session a request's cookie names,
// read without touching the session; nil when there is none. A refusal
// made before the session is loaded records the account with it.
func (s *Server) cookieViewer(r *http.Request) *viewer {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil
	}
	_, acct, ok, err := s.w.FindWebSessionAccount(r.Context(), tokenHash(c.Value), s.now())
	if err != nil || !ok {
		return nil
	}
	return &viewer{acct: acct}
}

// viewer is the logged-in account of a request.
type viewer struct {
	acct warehouse.Account
}

type viewerKey struct{}

func viewerOf(r *http.Request) *viewer {
	v, _ := r.Context().Value(viewerKey{}).(*viewer)
	return v
}

// authenticated loads the session, ends it when it has timed out or its
// account is disabled, sends an account with a temporary password to the
// password page and one that must enrol a second factor to the enrolment
// page, and passes every other request on with its viewer.
func (s *Server) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if _, ok := h["Vary"]; ok {
			h.Add("Vary", "Cookie")
		} else {
			h["Vary"] = varyCookieHeader
		}
		h["Cache-Control"] = privateHeader
		token := ""
		if c, err := r.Cookie(cookieName); err == nil {
			token = c.Value
		}
		// One query — or this process's cache — gives the session and its
		// account; scs's Load then finds them in the context.
		f := &found{token: token}
		ctx := r.Context()
		if token != "" {
			hash, now := tokenHash(token), s.now()
			if e, ok := s.cached.get(hash, now); ok {
				f.data, f.acct, f.ok = e.data, e.acct, true
			} else {
				epoch := s.cached.begin()
				var err error
				if f.data, f.acct, f.ok, err = s.w.FindWebSessionAccount(ctx, hash, now); err != nil {
					s.fail(w, r, err)
					return
				}
				if f.ok {
					s.cached.put(hash, cachedSession{data: f.data, acct: f.acct, read: now}, epoch)
				}
			}
			ctx = context.WithValue(ctx, foundKey{}, f)
		}
		ctx, err := s.sessions.Load(ctx, token)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		r = r.WithContext(ctx)
		id := s.sessions.GetInt64(ctx, keyAccount)
		if id == 0 || !f.ok {
			if p := r.URL.EscapedPath(); strings.HasPrefix(p, "/files/") || strings.HasPrefix(p, "/draws/") {
				// A file asked for without a session is a probe: audited.
				s.audit(r, nil, account.ActRefused, p, "未登录")
			}
			s.toLogin(w, r)
			return
		}
		acct := f.acct
		if acct.ID != id {
			s.endSession(w, r, nil, "会话与账号不符")
			return
		}
		now := s.now()
		loginAt := time.Unix(0, s.sessions.GetInt64(ctx, keyLogin))
		seenAt := time.Unix(0, s.sessions.GetInt64(ctx, keySeen))
		v := &viewer{acct: acct}
		switch {
		case acct.Disabled:
			s.endSession(w, r, v, "账号已停用")
			return
		case now.Sub(loginAt) >= s.opt.AbsoluteTimeout:
			s.endSession(w, r, v, "会话已超过最长时限")
			return
		case now.Sub(seenAt) >= s.opt.IdleTimeout:
			s.endSession(w, r, v, "会话空闲超时")
			return
		}
		if now.Sub(seenAt) >= touchEvery {
			s.sessions.Put(ctx, keySeen, now.UnixNano())
			if _, err := s.commitSession(w, r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		r = r.WithContext(context.WithValue(ctx, viewerKey{}, v))
		path := r.URL.Path
		// A temporary password, then a second factor to enrol, come before anything else.
		switch {
		case path == "/logout":
		case acct.PasswordTemporary:
			if path != "/password" {
				http.Redirect(w, r, "/password", http.StatusSeeOther)
				return
			}
		case s.needsTOTP(&acct) && acct.TOTPSecret == "":
			if path != "/totp" && path != "/totp/qr.png" {
				http.Redirect(w, r, "/totp", http.StatusSeeOther)
				return
			}
		case strings.HasPrefix(path, "/totp"):
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// toLogin sends a request without a session to the login page, remembering
// where it was going.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// endSession ends a session that may no longer be used, audits why, and
// sends the request to the login page.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request, v *viewer, why string) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeSessionCookie(w, r, "")
	s.audit(r, v, account.ActSessionEnded, r.URL.Path, why)
	s.toLogin(w, r)
}

// needsTOTP reports whether the account's login needs a second factor.
func (s *Server) needsTOTP(a *warehouse.Account) bool {
	switch s.opt.TOTP {
	case "all":
		return true
	case "none":
		return false
	}
	return a.Admin || a.Auditor
}

// refuse answers a request for something the account may not have — or that
// does not exist; the two look the same — with the Chinese 404 page, and
// audits the refusal.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, target, why string) {
	if err := s.audit(r, viewerOf(r), account.ActRefused, target, why); err != nil {
		s.log.Error("audit refusal", "error", err)
	}
	s.notFound(w, r)
}

// notFound is the one 404 page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "页面不存在", "您要找的页面或文件不存在，或不在您的查看范围内。")
}

// fail answers an error of our own; a request its client cancelled (or
// whose deadline passed) is logged as that, not as an error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if cancelled(r, err) {
		s.log.Info("request cancelled", "path", r.URL.Path, "error", err)
	} else {
		s.log.Error("request failed", "path", r.URL.Path, "error", err)
	}
	s.errorPage(w, r, http.StatusInternalServerError, "服务暂时不可用", "处理请求时出错，请稍后再试。如问题持续，请联系省局专项办。")
}
