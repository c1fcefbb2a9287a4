package account

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"zhengzhi/warehouse"
)

// AnchorEveryRows and AnchorEvery are how often a writer anchors the chain:
// after at most this many rows, and once a minute while rows are written;
// and once more when it stops.
const (
	AnchorEveryRows = 100
	AnchorEvery     = time.Minute
)

// AuditFiles name the two files of the audit log that live outside the
// warehouse.
type AuditFiles struct {
	// KeyFile holds the chain's keys (see AuditKeys); made on first use.
	KeyFile string
	// AnchorFile is the append-only file of anchors (see Anchor).
	AnchorFile string
}

// AuditLog appends rows to the audit log: each row sealed with the key on
// the chain before it, and the chain anchored in the anchor file. Every
// process that writes audit rows writes them here, and closes it when it
// stops.
type AuditLog struct {
	w     *warehouse.Warehouse
	keys  *AuditKeys
	files AuditFiles
	now   func() time.Time

	mu sync.Mutex
	// last is the newest row this process appended, anchored whether it
	// has been written to the anchor file.
	last     warehouse.AuditEntry
	anchored int64
	started  bool
	closed   bool
	stop     chan struct{}
	done     chan struct{}
}

// Files are the log's key and anchor files.
func (l *AuditLog) Files() AuditFiles { return l.files }

// OpenAuditLog opens the audit log for writing: it reads (or makes) the key
// file and, when the anchor file is empty and the log holds rows chained by
// the old plain SHA-256, anchors the newest of them as the legacy point
// (see Anchor.Legacy). now is the clock of the anchors' times (nil:
// time.Now).
func OpenAuditLog(ctx context.Context, w *warehouse.Warehouse, files AuditFiles, now func() time.Time) (*AuditLog, error) {
	if now == nil {
		now = time.Now
	}
	keys, err := OpenAuditKeys(files.KeyFile)
	if err != nil {
		return nil, err
	}
	l := &AuditLog{w: w, keys: keys, files: files, now: now, stop: make(chan struct{}), done: make(chan struct{})}
	if err := l.markLegacy(ctx); err != nil {
		return nil, err
	}
	go l.tick()
	return l, nil
}

// markLegacy writes the legacy anchor when the anchor file has none yet and
// the newest row of the log is sealed by the old rule, not the key.
func (l *AuditLog) markLegacy(ctx context.Context) error {
	anchors, err := ReadAnchors(l.files.AnchorFile)
	if err != nil || len(anchors) > 0 {
		return err
	}
	newest, err := l.w.AuditLog(ctx, warehouse.AuditFilter{Limit: 1})
	if err != nil || len(newest) == 0 {
		return err
	}
	e := newest[0]
	if e.Hash != LegacyHash(e) || e.Hash == l.keys.Hash(e) {
		return nil
	}
	return appendAnchor(l.files.AnchorFile, Anchor{Seq: e.Seq, Hash: e.Hash, At: l.now(), Legacy: true})
}

// ErrAuditClosed means the audit log was closed: the process is stopping.
var ErrAuditClosed = errors.New("audit log closed")

// Append stores rows in one transaction, in order, each sealed on the one
// before; it sets their Seq, PrevHash and Hash, and anchors the chain when
// AnchorEveryRows rows have gone by since the last anchor.
func (l *AuditLog) Append(ctx context.Context, entries []warehouse.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrAuditClosed
	}
	if err := l.w.AppendAudit(ctx, entries, l.keys.Hash); err != nil {
		return err
	}
	if !l.started {
		l.started, l.anchored = true, entries[0].Seq-1
	}
	// Within a batch too, no more than AnchorEveryRows rows go unanchored.
	for _, e := range entries {
		l.last = e
		if e.Seq-l.anchored >= AnchorEveryRows {
			if err := l.anchorLocked(); err != nil {
				return err
			}
		}
	}
	return nil
}

// anchorLocked writes the newest row appended to the anchor file, when it
// is not there yet.
func (l *AuditLog) anchorLocked() error {
	if l.last.Seq == 0 || l.last.Seq == l.anchored {
		return nil
	}
	if err := appendAnchor(l.files.AnchorFile, Anchor{Seq: l.last.Seq, Hash: l.last.Hash, At: l.now()}); err != nil {
		return err
	}
	l.anchored = l.last.Seq
	return nil
}

// Anchor writes the newest row appended to the anchor file now, unless it
// is there already.
func (l *AuditLog) Anchor() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.anchorLocked()
}

func (l *AuditLog) tick() {
	defer close(l.done)
	t := time.NewTicker(AnchorEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			// A failure is kept for the next tick and for Close, which returns it.
			_ = l.Anchor()
		case <-l.stop:
			return
		}
	}
}

// Close anchors the newest row appended and stops the log; rows appended
// after it are refused.
func (l *AuditLog) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	err := l.anchorLocked()
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	if err != nil {
		return fmt.Errorf("审计日志：关闭时未能写入锚点：%w", err)
	}
	return nil
}

// Verify checks the whole log as `zhengzhi audit verify` does, with the key
// file as it is now (a rotation since opening included) and every anchor
// written so far: what the auditor's page runs on demand.
func (l *AuditLog) Verify(ctx context.Context) (AuditCheck, error) {
	if err := l.Anchor(); err != nil {
		return AuditCheck{}, err
	}
	keys, err := LoadAuditKeys(l.files.KeyFile)
	if err != nil {
		return AuditCheck{}, err
	}
	anchors, err := ReadAnchors(l.files.AnchorFile)
	if err != nil {
		return AuditCheck{}, err
	}
	return VerifyAudit(ctx, l.w, keys, anchors)
}
