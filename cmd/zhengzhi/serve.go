package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/contract"
	"zhengzhi/pipeline"
	"zhengzhi/portal"
)

func runServe(ctx context.Context, e *env, args []string) (err error) {
	fs, cfgPath := flags(e, "serve", "Serve the web portal until SIGINT/SIGTERM: each account reads its own unit's reports.\n"+
		"Reads the warehouse and output/; never writes to output/.")
	addr := fs.String("addr", "", "address to listen on (default: the config's portal.addr, else 127.0.0.1:8080)")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM); serve HTTPS with --tls-key")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usageError{errors.New("--tls-cert and --tls-key go together")}
	}
	if *addr == "" {
		*addr = cfg.Portal.Addr
	}
	ruleSets, err := pipeline.RuleSets(cfg)
	if err != nil {
		return usageError{err}
	}
	if _, err := migrateWarehouse(ctx, e, cfg); err != nil {
		return err
	}
	// The portal serves what is published whatever else is wrong: findings
	// are logged for the operator, none stops it.
	_ = logFindings(e, checkAll(ctx, cfg))
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	// The audit log is closed last, after the portal has stored its queued
	// rows: closing writes the last anchor.
	auditLog, err := s.openAuditLog(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, auditLog.Close()) }()
	// The password hashes in flight are bounded (account.HashLimit); a
	// soft memory limit makes the collector return their memory before the
	// heap doubles, so a flood of logins keeps serve well under 600 MB.
	// GOMEMLIMIT in the environment takes its place.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	opt := portalOptions(s, ruleSets, e.log)
	opt.Audit = auditLog
	if opt.Appeals, err = appealService(s, auditLog, s.newNotifier(e.log)); err != nil {
		return err
	}
	p, err := portal.New(opt)
	if err != nil {
		return usageError{err}
	}
	var tlsConfig *tls.Config
	if *cert != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return usageError{fmt.Errorf("--tls-cert, --tls-key: %w", err)}
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	raw, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ln := p.Listener(raw, tlsConfig)
	srv := p.HTTPServer(log.New(slogWriter{e.log}, "", 0))
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "portal serving on %s://%s\n", scheme, ln.Addr())
	e.log.Info("portal started", "addr", ln.Addr().String(), "warehouse", s.w.Name(), "output", cfg.Output)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go p.SweepSessions(ctx, 10*time.Minute)
	if err := s.startNotices(ctx, e.log); err != nil {
		return usageError{err}
	}
	select {
	case err := <-served:
		p.Close()
		return err
	case <-ctx.Done():
	}
	// Finish the requests in flight, then store the audit rows still queued.
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	p.Close()
	e.log.Info("portal stopped")
	return err
}

// serveMemoryLimit is serve's soft memory limit: twice the hashes' budget
// and room for the rest of the process.
const serveMemoryLimit = 2*account.DefaultHashBudget + 64<<20

// portalOptions are the portal's options from the deployment's config.
func portalOptions(s *deployment, ruleSets []*zhengzhi.RuleSet, log *slog.Logger) portal.Options {
	cfg := s.cfg
	var sources []string
	zones := map[string]*time.Location{}
	for _, src := range cfg.Sources {
		sources = append(sources, src.Unit)
		if src.Location != nil && src.Location != s.loc {
			zones[src.Unit] = src.Location
		}
	}
	opt := portal.Options{Warehouse: s.w, Registry: s.reg, RuleSets: ruleSets, Output: cfg.Output, Sources: sources,
		Contract: contract.Names{}, Location: s.loc, BureauZones: zones, Demo: cfg.Demo, Campaign: cfg.Documents.Campaign, TrustedProxies: cfg.Portal.TrustedProxies,
		IdleTimeout: cfg.Portal.IdleTimeout, AbsoluteTimeout: cfg.Portal.AbsoluteTimeout, TOTP: cfg.Portal.TOTP, Log: log}
	if c := cfg.Portal.SessionCache; c != nil {
		opt.SessionCache = *c
		if *c == 0 {
			opt.SessionCache = portal.NoSessionCache
		}
	}
	return opt
}

// slogWriter sends the HTTP server's own messages to the log.
type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Write(b []byte) (int, error) {
	w.log.Warn("http server", "message", string(b))
	return len(b), nil
}
