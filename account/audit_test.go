package account_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

func openWarehouse(t testing.TB, dsn string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func auditFiles(t *testing.T) account.AuditFiles {
	dir := t.TempDir()
	return account.AuditFiles{KeyFile: filepath.Join(dir, "audit.key"), AnchorFile: filepath.Join(dir, "audit-anchors.log")}
}

// rows are n audit rows, one minute apart from t0.
func rows(n int, t0 time.Time, what string) []warehouse.AuditEntry {
	out := make([]warehouse.AuditEntry, n)
	for i := range out {
		out[i] = warehouse.AuditEntry{At: t0.Add(time.Duration(i) * time.Minute), Account: "clerk", Unit: "990100",
			Client: "127.0.0.1", Action: account.ActDownload, Target: fmt.Sprintf("/files/%s/%d.pdf", what, i), Outcome: account.OutcomeOK}
	}
	return out
}

func verify(t *testing.T, w *warehouse.Warehouse, files account.AuditFiles) account.AuditCheck {
	t.Helper()
	keys, err := account.LoadAuditKeys(files.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	anchors, err := account.ReadAnchors(files.AnchorFile)
	if err != nil {
		t.Fatal(err)
	}
	check, err := account.VerifyAudit(context.Background(), w, keys, anchors)
	if err != nil {
		t.Fatal(err)
	}
	return check
}

func expectBroken(t *testing.T, w *warehouse.Warehouse, files account.AuditFiles, seq int64) {
	t.Helper()
	check := verify(t, w, files)
	if check.OK || check.BadSeq != seq || check.Problem == "" {
		t.Fatalf("verify: %+v; want the log found wrong at %d", check, seq)
	}
}

// stored is every row's stored hashes, to put the chain back.
func stored(t *testing.T, w *warehouse.Warehouse) []warehouse.AuditEntry {
	t.Helper()
	var out []warehouse.AuditEntry
	if err := w.ScanAudit(context.Background(), func(e warehouse.AuditEntry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// rechain rewrites every row's hashes and the head as hash makes them: what
// someone who can write the database does to hide a change.
func rechain(t *testing.T, dsn string, entries []warehouse.AuditEntry, hash func(warehouse.AuditEntry) string) {
	t.Helper()
	db := dbtest.Open(t, dsn)
	ctx := context.Background()
	prev := account.GenesisHash
	for _, e := range entries {
		e.PrevHash = prev
		if hash != nil {
			e.Hash = hash(e)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE audit_log SET prev_hash = ?, hash = ?, outcome = ? WHERE seq = ?`), e.PrevHash, e.Hash, e.Outcome, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	last := entries[len(entries)-1]
	if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), last.Seq, prev); err != nil {
		t.Fatal(err)
	}
}

// TestKeyedAnchoredChainOnEveryEngine: a writer anchors the chain at least
// every 100 rows and when it closes; verify passes, then catches a
// rewritten row, a chain recomputed without the key (plain SHA-256 or
// another key), and a tail cut below the last anchor with the head moved to
// match — each at the first bad sequence number.
func TestKeyedAnchoredChainOnEveryEngine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		files := auditFiles(t)
		t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
		log, err := account.OpenAuditLog(ctx, w, files, func() time.Time { return t0 })
		if err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(files.KeyFile); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file %v, %v; want mode 0600", st, err)
		}
		for i := range 25 {
			if err := log.Append(ctx, rows(10, t0, fmt.Sprint(i))); err != nil {
				t.Fatal(err)
			}
		}
		if err := log.Close(); err != nil {
			t.Fatal(err)
		}
		if err := log.Append(ctx, rows(1, t0, "late")); !errors.Is(err, account.ErrAuditClosed) {
			t.Fatalf("append after close: %v", err)
		}
		anchors, err := account.ReadAnchors(files.AnchorFile)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		for _, a := range anchors {
			seqs = append(seqs, a.Seq)
		}
		if fmt.Sprint(seqs) != "[100 200 250]" {
			t.Fatalf("anchors at %v, want every 100 rows and at close", seqs)
		}
		if check := verify(t, w, files); !check.OK || check.Rows != 250 || check.Anchors != 3 || check.LegacyTo != 0 {
			t.Fatalf("verify: %+v", check)
		}
		orig := stored(t, w)

		// A rewritten row.
		db := dbtest.Open(t, dsn)
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE audit_log SET outcome = ? WHERE seq = 10`), "成功（改）"); err != nil {
			t.Fatal(err)
		}
		expectBroken(t, w, files, 10)
		rechain(t, dsn, orig, nil)
		if check := verify(t, w, files); !check.OK {
			t.Fatalf("put back: %+v", check)
		}

		// The whole chain recomputed after a change, by the old rule and
		// with a key of one's own: the first row no longer matches the key.
		changed := append([]warehouse.AuditEntry(nil), orig...)
		changed[49].Outcome = "成功（改）"
		rechain(t, dsn, changed, account.LegacyHash)
		expectBroken(t, w, files, 1)
		rechain(t, dsn, changed, func(e warehouse.AuditEntry) string {
			return account.KeyedHash([]byte("another key, not the file's"), e)
		})
		expectBroken(t, w, files, 1)
		rechain(t, dsn, orig, nil)

		// The last rows deleted and the head moved onto the new last row:
		// the chain holds, the anchor at 250 does not.
		if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE seq > 240`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), orig[239].Seq, orig[239].Hash); err != nil {
			t.Fatal(err)
		}
		expectBroken(t, w, files, 241)
		// Without the anchor file the cut is not seen: why it is shipped away.
		if check, err := account.VerifyAudit(ctx, w, mustKeys(t, files), nil); err != nil || !check.OK {
			t.Fatalf("verify without anchors: %+v, %v", check, err)
		}
	})
}

func mustKeys(t *testing.T, files account.AuditFiles) *account.AuditKeys {
	t.Helper()
	keys, err := account.LoadAuditKeys(files.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestLegacyRowsVerifyByTheOldRuleUpToTheLegacyAnchor: a log written before
// the chain was keyed (plain SHA-256) is anchored as legacy when a keyed
// writer first opens it; the old rows verify by the old rule, the new ones
// by the key, and recomputing the whole chain by the old rule is caught at
// the first keyed row.
func TestLegacyRowsVerifyByTheOldRuleUpToTheLegacyAnchor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
		if err := w.AppendAudit(ctx, rows(30, t0, "old"), account.LegacyHash); err != nil {
			t.Fatal(err)
		}
		files := auditFiles(t)
		log, err := account.OpenAuditLog(ctx, w, files, func() time.Time { return t0 })
		if err != nil {
			t.Fatal(err)
		}
		if err := log.Append(ctx, rows(5, t0.Add(time.Hour), "new")); err != nil {
			t.Fatal(err)
		}
		if err := log.Close(); err != nil {
			t.Fatal(err)
		}
		text, _ := os.ReadFile(files.AnchorFile)
		if lines := strings.Split(strings.TrimSpace(string(text)), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "30 ") ||
			!strings.HasSuffix(lines[0], " legacy") || !strings.HasPrefix(lines[1], "35 ") {
			t.Fatalf("anchor file:\n%s", text)
		}
		if check := verify(t, w, files); !check.OK || check.LegacyTo != 30 || check.Rows != 35 {
			t.Fatalf("verify: %+v", check)
		}
		// A second writer finds the legacy anchor and writes no other.
		again, err := account.OpenAuditLog(ctx, w, files, nil)
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
		if anchors, _ := account.ReadAnchors(files.AnchorFile); len(anchors) != 2 {
			t.Fatalf("%d anchors after a second writer that wrote nothing", len(anchors))
		}
		orig := stored(t, w)
		changed := append([]warehouse.AuditEntry(nil), orig...)
		changed[2].Outcome = "成功（改）"
		rechain(t, dsn, changed, account.LegacyHash)
		expectBroken(t, w, files, 30)
	})
}

// TestKeyRotation: rows after a rotation are sealed with the new key and
// the log verifies with the key file holding both; the old key file alone
// fails at the first row of the new key.
func TestKeyRotation(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t, "sqlite:"+filepath.Join(t.TempDir(), "w.db"))
	files := auditFiles(t)
	t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	log, err := account.OpenAuditLog(ctx, w, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Append(ctx, rows(7, t0, "a")); err != nil {
		t.Fatal(err)
	}
	log.Close()
	oldKeys := mustKeys(t, files)
	if err := account.RotateAuditKey(files.KeyFile, 1); err == nil {
		t.Fatal("a second key from the first key's row was accepted")
	}
	if err := account.RotateAuditKey(files.KeyFile, 8); err != nil {
		t.Fatal(err)
	}
	log, err = account.OpenAuditLog(ctx, w, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Append(ctx, rows(3, t0, "b")); err != nil {
		t.Fatal(err)
	}
	log.Close()
	if check := verify(t, w, files); !check.OK || check.Rows != 10 {
		t.Fatalf("verify after rotation: %+v", check)
	}
	anchors, _ := account.ReadAnchors(files.AnchorFile)
	if check, err := account.VerifyAudit(ctx, w, oldKeys, anchors); err != nil || check.OK || check.BadSeq != 8 {
		t.Fatalf("verify with the old key alone: %+v, %v", check, err)
	}
	if _, err := account.LoadAuditKeys(filepath.Join(t.TempDir(), "none.key")); !errors.Is(err, account.ErrNoAuditKey) {
		t.Fatalf("missing key file: %v", err)
	}
}
