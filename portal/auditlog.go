package portal

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"zhengzhi/account"
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
