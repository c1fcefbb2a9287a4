package portal

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// The HTTP server's timeouts, so that no slow client holds a connection for
// ever: the request's headers, the whole request (its body included: the
// body deadline), and an idle kept-alive connection. Responses have no
// deadline — a large file may take long on a slow line.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
)

// HTTPServer is the http.Server the portal is served by, with its timeouts
// (Options.ReadTimeout and its kin, or the defaults); errorLog takes the
// server's own messages. Serve it on Listener(ln).
func (s *Server) HTTPServer(errorLog *log.Logger) *http.Server {
	t := s.opt.Timeouts
	return &http.Server{Handler: s.handler, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, IdleTimeout: t.Idle,
		ErrorLog: errorLog, ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			if bc, ok := c.(*badRequestConn); ok && bc.tls {
				return context.WithValue(ctx, tlsConnKey{}, true)
			}
			return ctx
		}}
}

// Timeouts are the HTTP server's timeouts; zero fields take the defaults.
type Timeouts struct {
	ReadHeader, Read, Idle time.Duration
}

func (t *Timeouts) defaults() {
	if t.ReadHeader <= 0 {
		t.ReadHeader = DefaultReadHeaderTimeout
	}
	if t.Read <= 0 {
		t.Read = DefaultReadTimeout
	}
	if t.Idle <= 0 {
		t.Idle = DefaultIdleTimeout
	}
}

// tlsConnKey marks a request that came over a TLS connection this process
// ended (r.TLS is unset under Listener's wrapping).
type tlsConnKey struct{}

// Listener wraps a listener (plain, or TLS when config is not nil) so that
// the answers Go's HTTP server writes by itself to a request it cannot read
// — a bad escape in the path such as /%zz, headers too large — are the
// portal's own Chinese page with the security headers, and audited.
func (s *Server) Listener(ln net.Listener, config *tls.Config) net.Listener {
	if config != nil {
		config = config.Clone()
		config.NextProtos = []string{"http/1.1"} // HTTP/2 needs the bare *tls.Conn
		ln = tls.NewListener(ln, config)
	}
	return &badRequestListener{Listener: ln, s: s, tls: config != nil}
}

type badRequestListener struct {
	net.Listener
	s   *Server
	tls bool
}

func (l *badRequestListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &badRequestConn{Conn: c, s: l.s, tls: l.tls}, nil
}

// badRequestConn replaces the server's own error answer — one write of
// "HTTP/1.1 NNN …" with exactly the headers below, after which the server
// closes the connection — by the portal's page.
type badRequestConn struct {
	net.Conn
	s    *Server
	tls  bool
	once sync.Once
}

// serverErrorHeaders are the headers net/http writes with its own answers.
const serverErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func (c *badRequestConn) Write(b []byte) (int, error) {
	head, _, found := bytes.Cut(b, []byte(serverErrorHeaders))
	if !found || !bytes.HasPrefix(head, []byte("HTTP/1.1 ")) || bytes.IndexByte(head, '\n') >= 0 {
		return c.Conn.Write(b)
	}
	status, err := strconv.Atoi(string(head[9:min(12, len(head))]))
	if err != nil || status < 400 {
		return c.Conn.Write(b)
	}
	var page []byte
	c.once.Do(func() { page = c.s.rawErrorPage(c.RemoteAddr(), status, string(head[9:])) })
	if page == nil {
		return c.Conn.Write(b)
	}
	if _, err := c.Conn.Write(page); err != nil {
		return 0, err
	}
	return len(b), nil
}

// rawErrorPage is a whole HTTP response — status line, security headers,
// the Chinese page — for a request the server could not read, audited
// with the client's address.
func (s *Server) rawErrorPage(addr net.Addr, status int, why string) []byte {
	client := addr.String()
	if host, _, err := net.SplitHostPort(client); err == nil {
		client = host
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.auditLog.record(ctx, warehouse.AuditEntry{At: s.now(), Client: client, Action: account.ActRefused,
		Target: "（无法解析的请求）", Outcome: "请求无法解析：" + why}); err != nil {
		s.log.Error("audit refusal", "error", err)
	}
	rec := &bufferedResponse{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	s.securityHeaders(rec, req)
	s.errorPage(rec, req, status, "请求无效", "请求的地址或格式无法识别，请从门户的页面重新进入。")
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	rec.header.Set("Connection", "close")
	rec.header.Write(&b)
	b.WriteString("\r\n")
	b.Write(rec.body.Bytes())
	return b.Bytes()
}

// bufferedResponse keeps a response to write it by hand.
type bufferedResponse struct {
	header http.Header
	body   bytes.Buffer
}

func (r *bufferedResponse) Header() http.Header         { return r.header }
func (r *bufferedResponse) WriteHeader(int)             {}
func (r *bufferedResponse) Write(b []byte) (int, error) { return r.body.Write(b) }

// static serves the embedded assets; a name that is not one of them, or a
// folder (never listed), is the audited 404 page like any other.
func (s *Server) static() http.HandlerFunc {
	files := http.FileServerFS(staticFS)
	return func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if st, err := fs.Stat(staticFS, name); err != nil || st.IsDir() || !fs.ValidPath(name) {
			s.refuse(w, r, r.URL.Path, "静态文件不存在")
			return
		}
		files.ServeHTTP(w, r)
	}
}

// cancelled reports whether a request failed because its client went away
// or its deadline passed — not the portal's error.
func cancelled(r *http.Request, err error) bool {
	var ne net.Error
	return r.Context().Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
