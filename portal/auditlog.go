package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/warehouse"
)

// auditWriter appends audit rows from every request of this process through
// one goroutine, which writes whatever has queued in one transaction (a group
// commit): a request waits for its row to be stored, yet a busy server
// writes many rows per transaction. A transaction costs far more than a row,
// and a row rarely finds another queued beside it, so while other requests
// are in flight the writer waits up to groupWindow for their rows — or until
// every request in flight has queued one — before it commits.
type auditWriter struct {
	w   *account.AuditLog
	log *slog.Logger
	// inFlight counts the requests being served.
	inFlight func() int64
	reqs     chan auditReq
	done     chan struct{}
	// mu guards closed: no request is queued after close.
	mu     sync.RWMutex
	closed bool
}

type auditReq struct {
	entry warehouse.AuditEntry
	err   chan error
}

// maxAuditBatch bounds the rows one transaction writes.
const maxAuditBatch = 500

// groupWindow is the longest the writer waits for more rows.
const groupWindow = 2 * time.Millisecond

func newAuditWriter(w *account.AuditLog, log *slog.Logger, inFlight func() int64) *auditWriter {
	a := &auditWriter{w: w, log: log, inFlight: inFlight, reqs: make(chan auditReq, 4*maxAuditBatch), done: make(chan struct{})}
	go a.run()
	return a
}

func (a *auditWriter) run() {
	defer close(a.done)
	window := time.NewTimer(groupWindow)
	window.Stop()
	for first := range a.reqs {
		batch := []auditReq{first}
		var wait <-chan time.Time
		if int64(len(batch)) < a.inFlight() {
			window.Reset(groupWindow)
			wait = window.C
		}
	fill:
		for len(batch) < maxAuditBatch {
			var r auditReq
			var ok bool
			select {
			case r, ok = <-a.reqs:
			default:
				if wait == nil {
					break fill
				}
				select {
				case r, ok = <-a.reqs:
				case <-wait:
					wait = nil
					break fill
				}
			}
			if !ok {
				break
			}
			batch = append(batch, r)
			if wait != nil && int64(len(batch)) >= a.inFlight() {
				break
			}
		}
		window.Stop()
		entries := make([]warehouse.AuditEntry, len(batch))
		for i, r := range batch {
			entries[i] = r.entry
		}
		// The rows must be stored even when the requests that wait for them are gone.
		err := a.w.Append(context.Background(), entries)
		if err != nil {
			a.log.Error("audit log: rows not stored", "rows", len(entries), "error", err)
		}
		for _, r := range batch {
			r.err <- err
		}
	}
}

// errAuditClosed means the server is shutting down.
var errAuditClosed = errors.New("audit log closed")

// record stores one row and waits until it is stored.
func (a *auditWriter) record(ctx context.Context, e warehouse.AuditEntry) error {
	req := auditReq{entry: e, err: make(chan error, 1)}
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return errAuditClosed
	}
	select {
	case a.reqs <- req:
		a.mu.RUnlock()
	case <-ctx.Done():
		a.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-req.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stores what is queued and stops the writer.
func (a *auditWriter) close() {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.reqs)
	}
	a.mu.Unlock()
	<-a.done
}

// audit records what a request did: the account (or the login typed when
// there is none), its unit, the client's address, the action, its target and
// its outcome.
func (s *Server) audit(r *http.Request, v *viewer, action, target, outcome string) error {
	e := warehouse.AuditEntry{At: s.now(), Client: s.proxies.clientAddr(r), Action: action, Target: target, Outcome: outcome}
	if v != nil {
		e.Account, e.Unit = v.acct.Login, v.acct.Unit
	}
	return s.auditLog.record(r.Context(), e)
}

// auditObject is an audit row's target as the auditor's page shows it:
// Label in people's words where the target is a portal address the portal
// can name (a unit's page, a file of a date, a bundle), "" otherwise, and
// Raw as the log holds it, which the page keeps beside the label.
type auditObject struct {
	Label, Raw string
}

// auditObjects names the targets of audit rows. It reads each date's
// manifest at most once.
type auditObjects struct {
	s         *Server
	manifests map[zhengzhi.Date]*publish.Dated
}

// name is a target's auditObject: "东川市 单位页", "东川市 数据质量",
// a file's download name (东川市-考核评分表-平安市考核-2026-11-24.pdf) or,
// for a bundle (the row's action says 打包下载), "2026年11月24日的报告（37 个文件）".
func (o *auditObjects) name(target string) auditObject {
	obj := auditObject{Raw: target}
	switch {
	case strings.HasPrefix(target, "/unit/"):
		if u, ok := o.s.reg.Unit(strings.TrimPrefix(target, "/unit/")); ok {
			obj.Label = u.Name + " 单位页"
		}
	case strings.HasPrefix(target, "/quality/"):
		if u, ok := o.s.reg.Unit(strings.TrimPrefix(target, "/quality/")); ok {
			obj.Label = u.Name + " 数据质量"
		}
	case strings.HasPrefix(target, "/files/"):
		date, p, _ := strings.Cut(strings.TrimPrefix(target, "/files/"), "/")
		if unescaped, err := url.PathUnescape(p); err == nil {
			p = unescaped
		}
		if d, err := zhengzhi.ParseDate(date); err == nil {
			if out := o.manifest(d); out != nil {
				if f, listed := out.File(p); listed {
					obj.Label = o.s.downloadName(d, f)
				}
			}
		}
	case strings.HasPrefix(target, "/bundle/"):
		var date string
		var n int
		head, _, _ := strings.Cut(strings.TrimPrefix(target, "/bundle/"), " 个文件")
		if _, err := fmt.Sscanf(strings.Replace(head, "：", " ", 1), "%s %d", &date, &n); err == nil {
			if d, err := zhengzhi.ParseDate(date); err == nil {
				obj.Label = fmt.Sprintf("%s的报告（%d 个文件）", d.Chinese(), n)
			}
		}
	}
	return obj
}

// manifest is the output of a date, nil when it has none (or it cannot
// be read: the row then shows its raw target).
func (o *auditObjects) manifest(d zhengzhi.Date) *publish.Dated {
	if out, seen := o.manifests[d]; seen {
		return out
	}
	out, err := o.s.out.Date(d)
	if err != nil {
		out = nil
	}
	o.manifests[d] = out
	return out
}
