package account_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"zhengzhi/account"
	"zhengzhi/internal/demotest"
)

// TestNoAccountHoldsBothDuties: an account with the admin and the auditor
// duty is refused, and one stored before the rule (a row written directly)
// has neither duty under the access rule.
func TestNoAccountHoldsBothDuties(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t, "sqlite:"+filepath.Join(t.TempDir(), "w.db"))
	access := account.NewAccess(demotest.Registry(t))
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	both := account.Account{Login: "both", Unit: "990000", Role: account.RoleProvince, Admin: true, Auditor: true,
		PasswordHash: "x", PasswordChangedAt: now, CreatedAt: now}
	if _, err := account.New(ctx, w, access, both, "Both#2026-duties", now); !errors.Is(err, account.ErrBothDuties) || !errors.Is(err, account.ErrInvalidAccount) {
		t.Fatalf("both duties: %v", err)
	}
	if _, err := w.CreateAccount(ctx, both, account.PasswordsRemembered); err != nil {
		t.Fatal(err)
	}
	if access.Administers(&both) || access.Audits(&both) {
		t.Fatal("an account stored with both duties keeps one")
	}
	admin, auditor := both, both
	admin.Auditor, auditor.Admin = false, false
	if !access.Administers(&admin) || access.Audits(&admin) || !access.Audits(&auditor) || access.Administers(&auditor) {
		t.Fatal("a single duty is not granted as it should be")
	}
	if !account.ServerOnly(&auditor) || account.ServerOnly(&admin) {
		t.Fatal("only an auditor is managed at the server only")
	}
}

// TestFifthFailureLocks: four failures count, the fifth locks for the
// window and starts the count again; Unlock ends the lock.
func TestFifthFailureLocks(t *testing.T) {
	ctx := context.Background()
	w := openWarehouse(t, "sqlite:"+filepath.Join(t.TempDir(), "w.db"))
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	id, err := w.CreateAccount(ctx, account.Account{Login: "clerk", Unit: "990100", Role: account.RoleCity, PasswordHash: "x",
		PasswordChangedAt: now, CreatedAt: now}, account.PasswordsRemembered)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= account.MaxFailedLogins; i++ {
		locked, err := account.LoginFailed(ctx, w, id, now)
		if err != nil || locked != (i == account.MaxFailedLogins) {
			t.Fatalf("failure %d: locked %v, %v", i, locked, err)
		}
	}
	a, _ := w.Account(ctx, id)
	if !account.Locked(&a, now.Add(account.LockoutWindow-time.Second)) || account.Locked(&a, now.Add(account.LockoutWindow)) || a.FailedLogins != 0 {
		t.Fatalf("after five failures: locked until %v, %d failures", a.LockedUntil, a.FailedLogins)
	}
	if err := account.Unlock(ctx, w, id); err != nil {
		t.Fatal(err)
	}
	if a, _ := w.Account(ctx, id); account.Locked(&a, now) {
		t.Fatal("still locked after Unlock")
	}
}

// TestHashLimitBoundsHashesInFlight: no more slots than the budget holds
// hashes; a full limit turns a request away until a slot is given back.
func TestHashLimitBoundsHashesInFlight(t *testing.T) {
	l := account.NewHashLimit(3*account.HashMemory + account.HashMemory/2)
	if l.Slots() != 3 {
		t.Fatalf("%d slots for 3.5 hashes' memory", l.Slots())
	}
	var release []func()
	for range 3 {
		r, ok := l.TryAcquire()
		if !ok {
			t.Fatal("a free slot refused")
		}
		release = append(release, r)
	}
	if _, ok := l.TryAcquire(); ok {
		t.Fatal("a fourth hash let in")
	}
	release[0]()
	if _, ok := l.TryAcquire(); !ok {
		t.Fatal("a slot given back is not free")
	}
	if account.NewHashLimit(0).Slots() != 1 || account.NewHashLimit(account.DefaultHashBudget).Slots()*account.HashMemory*2 > 500<<20 {
		t.Fatal("the default budget lets the heap grow past 500 MB")
	}
}
