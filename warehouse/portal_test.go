package warehouse_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

// TestAccountsOnEveryEngine stores an account, its passwords, lockout and
// second-factor steps on every engine.
func TestAccountsOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		t0 := time.Date(2026, 11, 25, 8, 0, 0, 123456000, time.UTC)
		id, err := w.CreateAccount(ctx, warehouse.Account{Login: "dongchuan", Unit: "990100", Role: "city", Admin: true,
			PasswordHash: "h0", PasswordTemporary: true, PasswordChangedAt: t0, CreatedAt: t0}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.CreateAccount(ctx, warehouse.Account{Login: "dongchuan", Unit: "990200", Role: "city",
			PasswordHash: "x", PasswordChangedAt: t0, CreatedAt: t0}, 5); !errors.Is(err, warehouse.ErrLoginTaken) {
			t.Fatalf("a second account with the same login: %v", err)
		}
		a, err := w.AccountByLogin(ctx, "dongchuan")
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != id || a.Unit != "990100" || a.Role != "city" || !a.Admin || a.Auditor || !a.PasswordTemporary ||
			!a.PasswordChangedAt.Equal(t0) || !a.LockedUntil.IsZero() || a.TOTPSecret != "" {
			t.Fatalf("read back %+v", a)
		}
		if _, err := w.AccountByLogin(ctx, "nobody"); !errors.Is(err, warehouse.ErrNoAccount) {
			t.Fatalf("unknown login: %v", err)
		}
		// Seven passwords: the history keeps the newest five, newest first.
		for i := 1; i <= 6; i++ {
			if err := w.SetPassword(ctx, id, fmt.Sprintf("h%d", i), false, t0.Add(time.Duration(i)*time.Minute), 5); err != nil {
				t.Fatal(err)
			}
		}
		recent, err := w.RecentPasswords(ctx, id, 5)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(recent) != "[h6 h5 h4 h3 h2]" {
			t.Fatalf("recent passwords %v", recent)
		}
		var kept int
		if err := warehouse.DBForTest(w).GetContext(ctx, &kept, `SELECT COUNT(*) FROM account_passwords`); err != nil || kept != 5 {
			t.Fatalf("%d passwords kept, %v", kept, err)
		}
		// The count is rewritten from the stored one; a lock is stored and cleared.
		for i := 1; i <= 3; i++ {
			if err := w.CountFailedLogin(ctx, id, func(failed int) (int, time.Time) {
				if failed != i-1 {
					t.Fatalf("failure %d: stored count %d", i, failed)
				}
				return failed + 1, time.Time{}
			}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.CountFailedLogin(ctx, id, func(int) (int, time.Time) { return 0, t0.Add(10 * time.Minute) }); err != nil {
			t.Fatal(err)
		}
		a, _ = w.Account(ctx, id)
		if !a.LockedUntil.Equal(t0.Add(10*time.Minute)) || a.FailedLogins != 0 {
			t.Fatalf("after the lock: locked until %v, %d failures", a.LockedUntil, a.FailedLogins)
		}
		if err := w.SetFailedLogins(ctx, id, 0, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := w.LoginSucceeded(ctx, id, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := w.LoginSucceeded(ctx, id, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		a, _ = w.Account(ctx, id)
		if !a.LockedUntil.IsZero() || !a.LastLoginAt.Equal(t0.Add(2*time.Hour)) || !a.PreviousLoginAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("after logins: %+v", a)
		}
		if err := w.SetTOTPSecret(ctx, id, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			step int64
			ok   bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			if ok, err := w.UseTOTPStep(ctx, id, c.step); err != nil || ok != c.ok {
				t.Fatalf("step %d: %v, %v", c.step, ok, err)
			}
		}
		if err := w.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		if err := w.SetAccountDuties(ctx, id, "990102", "county", false, true); err != nil {
			t.Fatal(err)
		}
		a, _ = w.Account(ctx, id)
		if !a.Disabled || a.TOTPSecret != "JBSWY3DPEHPK3PXP" || a.Unit != "990102" || a.Admin || !a.Auditor {
			t.Fatalf("after changes: %+v", a)
		}
		if err := w.SetDisabled(ctx, 9999, true); !errors.Is(err, warehouse.ErrNoAccount) {
			t.Fatalf("disable a missing account: %v", err)
		}
	})
}

// TestWebSessionsOnEveryEngine: a session is found only once bound to an
// account and before it expires; binding ends the account's other sessions.
func TestWebSessionsOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
		id, err := w.CreateAccount(ctx, warehouse.Account{Login: "a", Unit: "990100", Role: "city", PasswordHash: "h",
			PasswordChangedAt: now, CreatedAt: now}, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{"first", "second"} {
			if err := w.CommitWebSession(ctx, tok, []byte("data-"+tok), now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if _, found, err := w.FindWebSession(ctx, "first", now); found || err != nil {
			t.Fatalf("an unbound session was found (%v)", err)
		}
		if err := w.BindWebSession(ctx, "first", id); err != nil {
			t.Fatal(err)
		}
		if data, found, err := w.FindWebSession(ctx, "first", now); !found || err != nil || string(data) != "data-first" {
			t.Fatalf("bound session: %q %v %v", data, found, err)
		}
		if err := w.CommitWebSession(ctx, "first", []byte("changed"), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if data, found, _ := w.FindWebSession(ctx, "first", now.Add(90*time.Minute)); !found || string(data) != "changed" {
			t.Fatalf("a commit lost the session's binding or expiry: %q %v", data, found)
		}
		if err := w.BindWebSession(ctx, "second", id); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := w.FindWebSession(ctx, "first", now); found {
			t.Fatal("a second login left the first session")
		}
		if _, found, _ := w.FindWebSession(ctx, "second", now.Add(time.Hour)); found {
			t.Fatal("an expired session was found")
		}
		if err := w.BindWebSession(ctx, "missing", id); err == nil {
			t.Fatal("bound a session that is not stored")
		}
		if n, err := w.DeleteExpiredWebSessions(ctx, now.Add(3*time.Hour)); err != nil || n != 1 {
			t.Fatalf("deleted %d expired sessions, %v", n, err)
		}
	})
}

// TestAuditChainOnEveryEngine appends from several goroutines at once: the
// rows are numbered without a gap, each stores the hash of the one before
// as the hash function made it, and the head names the last row. (How the
// chain is sealed and verified is package account's, tested there.)
func TestAuditChainOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		// A second warehouse handle on the same database stands for a second process.
		other := openWarehouse(t, dsn)
		at := time.Date(2026, 11, 25, 8, 0, 0, 987654321, time.UTC)
		batchSizes := []int{2, 1, 16, 37, 2}
		total := 0
		for _, n := range batchSizes {
			total += 8 * n
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Go(func() {
				target := w
				if g%2 == 1 {
					target = other
				}
				// Batches of one row, of a prepared chunk, of chunks and a rest.
				for i, n := range batchSizes {
					batch := []warehouse.AuditEntry{
						{At: at, Account: fmt.Sprintf("user%d", g), Unit: "990100", Client: "127.0.0.1", Action: "download",
							Target: fmt.Sprintf("cities/990100/%d.pdf", i), Outcome: "ok"},
					}
					for range n - 1 {
						batch = append(batch, warehouse.AuditEntry{At: at, Account: "无此账号的登录名", Action: "login", Target: "", Outcome: "密码错误"})
					}
					if err := target.AppendAudit(ctx, batch, testHash); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		prev, n := "", int64(0)
		if err := w.ScanAudit(ctx, func(e warehouse.AuditEntry) error {
			n++
			if e.Seq != n || (n > 1 && e.PrevHash != prev) || e.Hash != testHash(e) {
				return fmt.Errorf("row %d: %+v after %s", n, e, prev)
			}
			prev = e.Hash
			return nil
		}); err != nil || n != int64(total) {
			t.Fatalf("%d rows of %d: %v", n, total, err)
		}
		if seq, hash, err := w.AuditHead(ctx); err != nil || seq != n || hash != prev {
			t.Fatalf("head %d %s, %v; want %d %s", seq, hash, err, n, prev)
		}
		rows, err := w.AuditLog(ctx, warehouse.AuditFilter{Account: "user3", Action: "download"})
		if err != nil || len(rows) != 5 || rows[0].Seq >= rows[4].Seq || rows[0].At.Nanosecond() != 987654000 {
			t.Fatalf("filtered rows %+v, %v", rows, err)
		}
		newest, err := w.AuditLog(ctx, warehouse.AuditFilter{Limit: 3})
		if err != nil || len(newest) != 3 || newest[0].Seq != int64(total) {
			t.Fatalf("newest rows %+v, %v", newest, err)
		}
		if rows, _ := w.AuditLog(ctx, warehouse.AuditFilter{From: at.Add(time.Second)}); len(rows) != 0 {
			t.Fatalf("%d rows after the time range", len(rows))
		}
	})
}

// testHash stands for the chain's seal: any function of the stored row.
func testHash(e warehouse.AuditEntry) string {
	sum := sha256.Sum256([]byte(fmt.Sprint(e.Seq, e.PrevHash, e.At.UnixMicro(), e.Account, e.Unit, e.Client, e.Action, e.Target, e.Outcome)))
	return hex.EncodeToString(sum[:])
}

// BenchmarkAppendAudit appends the rows of a busy portal's group commit —
// 16 downloads a transaction — to a SQLite warehouse; ns/op is per row.
func BenchmarkAppendAudit(b *testing.B) {
	w := openWarehouse(b, "sqlite:"+b.TempDir()+"/w.db")
	ctx := context.Background()
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	batch := make([]warehouse.AuditEntry, 16)
	b.ResetTimer()
	for i := 0; i < b.N; i += len(batch) {
		for j := range batch {
			batch[j] = warehouse.AuditEntry{At: at.Add(time.Duration(i+j) * time.Millisecond), Account: "bench-990100", Unit: "990100",
				Client: "127.0.0.1", Action: "download", Target: "/files/2026-11-24/cities/990100/scorecards/990100-safe-city-2026.pdf", Outcome: "成功"}
		}
		if err := w.AppendAudit(ctx, batch, testHash); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDownloadsOfOnEveryEngine sums successful downloads of one date's files
// by unit and file, leaving out other dates, other actions and outcomes,
// and rows before the time asked for.
func TestDownloadsOfOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)
		t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
		row := func(min int, unit, action, target, outcome string) warehouse.AuditEntry {
			return warehouse.AuditEntry{At: t0.Add(time.Duration(min) * time.Minute), Account: "a" + unit, Unit: unit,
				Client: "127.0.0.1", Action: action, Target: target, Outcome: outcome}
		}
		card := "/files/2026-11-24/cities/990100/scorecards/safe-city-2026-990100.pdf"
		if err := w.AppendAudit(ctx, []warehouse.AuditEntry{
			row(-90, "990100", "download", card, "成功"), // before since
			row(1, "990100", "download", card, "成功"),
			row(2, "990100", "download", "/files/2026-11-24/cities/990100/six-ones.xlsx", "成功"),
			row(3, "990200", "refused", card, "无权下载"),
			row(4, "990100", "download", "/files/2026-10-31/cities/990100/six-ones.xlsx", "成功"),
			row(5, "990102", "download", card, "失败"),
			row(7, "990100", "download", card, "成功"),
			row(9, "990102", "download", card, "成功"),
		}, testHash); err != nil {
			t.Fatal(err)
		}
		got, err := w.DownloadsOf(ctx, "download", "成功", "/files/2026-11-24/", t0)
		if err != nil {
			t.Fatal(err)
		}
		want := []warehouse.Downloads{
			{Unit: "990100", Target: card, Count: 2, First: t0.Add(time.Minute), Last: t0.Add(7 * time.Minute)},
			{Unit: "990100", Target: "/files/2026-11-24/cities/990100/six-ones.xlsx", Count: 1,
				First: t0.Add(2 * time.Minute), Last: t0.Add(2 * time.Minute)},
			{Unit: "990102", Target: card, Count: 1, First: t0.Add(9 * time.Minute), Last: t0.Add(9 * time.Minute)},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("downloads:\n got %v\nwant %v", got, want)
		}
	})
}
