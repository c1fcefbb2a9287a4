package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"time"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/portal"
)

func runServe(ctx context.Context, e *env, args []string) error {
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
	ruleSets, err := loadRuleSets(cfg)
	if err != nil {
		return usageError{err}
	}
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	opt := portalOptions(s, ruleSets, e.log)
	if opt.Appeals, err = appealService(s); err != nil {
		return err
	}
	p, err := portal.New(opt)
	if err != nil {
		return usageError{err}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: log.New(slogWriter{e.log}, "", 0)}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "portal serving on %s://%s\n", scheme, ln.Addr())
	e.log.Info("portal started", "addr", ln.Addr().String(), "warehouse", s.w.Name(), "output", cfg.Output)
	served := make(chan error, 1)
	go func() {
		if *cert != "" {
			served <- srv.ServeTLS(ln, *cert, *key)
		} else {
			served <- srv.Serve(ln)
		}
	}()
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

// portalOptions are the portal's options from the session's config.
func portalOptions(s *session, ruleSets []*zhengzhi.RuleSet, log *slog.Logger) portal.Options {
	cfg := s.cfg
	var sources []string
	for _, src := range cfg.Sources {
		sources = append(sources, src.Unit)
	}
	opt := portal.Options{Warehouse: s.w, Registry: s.reg, RuleSets: ruleSets, Output: cfg.Output, Sources: sources,
		Contract: contract.Names{}, Location: s.loc, Demo: cfg.Demo, TrustedProxies: cfg.Portal.TrustedProxies,
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
