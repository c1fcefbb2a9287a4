package portal_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// allowed is the spec's table, written out here on its own (not by asking
// the portal): province roles see every unit, a city itself and its
// counties, a county itself; a unit missing from the registry only the
// province roles.
func allowed(reg *zhengzhi.Registry, a account.DemoAccount, unit string) bool {
	u, known := reg.Unit(unit)
	switch a.Role {
	case account.RoleProvince, account.RoleLeader:
		return true
	case account.RoleCity:
		return known && (u.Code == a.Unit || u.Level == zhengzhi.LevelCounty && u.Parent == a.Unit)
	case account.RoleCounty:
		return known && u.Code == a.Unit
	}
	return false
}

// TestAccessMatrix requests, through the real HTTP handler, every file of
// the rendered demo manifest as every demo account, the draws, and paths
// that are in no manifest: a file is served exactly when the spec allows,
// with the manifest's bytes; everything else is the same 404 page, audited.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	d := asOf.String()
	var allowedFile, otherFile string // a file every city account sees / one of another city
	for _, f := range s.manifest.Files {
		if f.Unit == "990100" && f.Kind == "six_ones" {
			allowedFile = f.Path
		}
		if f.Unit == "990200" && f.Kind == "six_ones" {
			otherFile = f.Path
		}
	}
	probes := []string{
		"/files/" + d + "/manifest.json",
		"/files/" + d + "/../" + d + "/" + allowedFile,
		"/files/" + d + "/cities/990100/../990200/six-ones.xlsx",
		"/files/" + d + "/%2e%2e/" + d + "/" + allowedFile,
		"/files/" + d + "/%2E%2E%2F%2E%2E%2Fwarehouse.db",
		"/files/" + d + "/" + strings.ReplaceAll(allowedFile, "/", "%2f"),
		"/files/" + d + "/" + strings.ReplaceAll(allowedFile, "/", "%2F"),
		"/files/" + d + "/" + strings.ReplaceAll(allowedFile, "/", `\`),
		"/files/" + d + "//etc/passwd",
		"/files/" + d + "/" + s.out + "/" + d + "/" + allowedFile,
		"/files//" + s.out + "/" + d + "/" + allowedFile,
		"/files/2026-11-23/" + allowedFile,
		"/files/2026-10-31/" + allowedFile,
		"/files/26-11-24/" + allowedFile,
		"/files/" + d + "/" + allowedFile + "/",
		"/files/" + d + "/./" + allowedFile,
		"/files/" + d + "/" + allowedFile + "%00",
		"/files/" + d + "/" + otherFile + "/../../990100/six-ones.xlsx",
		"/files/.generations/" + allowedFile,
		"/files/" + d,
		"/files/",
	}
	cases, served := 0, 0
	for _, a := range account.DemoAccountList() {
		c := s.loggedIn(a.Login)
		for _, f := range s.manifest.Files {
			r := c.get("/files/" + d + "/" + f.Path)
			cases++
			want := allowed(s.reg, a, f.Unit)
			switch {
			case want && r.status != http.StatusOK:
				t.Errorf("%s (%s %s) refused %s of %s: %d", a.Login, a.Role, a.Unit, f.Path, f.Unit, r.status)
			case want:
				served++
				sum := sha256.Sum256([]byte(r.body))
				if hex.EncodeToString(sum[:]) != f.SHA256 || r.header.Get("ETag") != `"`+f.SHA256+`"` {
					t.Errorf("%s got %s with sha256 %x, manifest %s", a.Login, f.Path, sum, f.SHA256)
				}
			case !want && (r.status != http.StatusNotFound || !strings.Contains(r.body, "页面不存在")):
				t.Errorf("%s (%s %s) got %s of %s: %d", a.Login, a.Role, a.Unit, f.Path, f.Unit, r.status)
			}
		}
		for _, name := range []string{"2026-12.json", "2026-12.pdf", "2026-12.xlsx"} {
			r := c.get("/draws/" + name)
			cases++
			if want := a.Role == account.RoleProvince; want != (r.status == http.StatusOK) || !want && r.status != http.StatusNotFound {
				t.Errorf("%s (%s) draw %s: %d", a.Login, a.Role, name, r.status)
			}
		}
		for _, p := range probes {
			r := c.get(p)
			cases++
			if r.status != http.StatusNotFound || !strings.Contains(r.body, "页面不存在") {
				t.Errorf("%s: %s answered %d %s", a.Login, p, r.status, r.location)
			}
		}
	}
	if len(s.manifest.Files) < 60 || served == 0 || cases < 7*len(s.manifest.Files) {
		t.Fatalf("only %d cases over %d manifest files", cases, len(s.manifest.Files))
	}
	t.Logf("access matrix: %d cases (%d demo accounts × %d manifest files, draws and %d probes), %d files served",
		cases, len(account.DemoAccountList()), len(s.manifest.Files), len(probes), served)

	// Every refusal is in the audit log.
	rows, err := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActRefused})
	if err != nil {
		t.Fatal(err)
	}
	if want := cases - served - 3*3; len(rows) != want { // the three province accounts get the three draws
		t.Errorf("%d refusals audited, want %d", len(rows), want)
	}
}

// TestAccessFailsClosed: a unit that is missing or unknown is seen by the
// province roles only; an account whose role does not fit its unit sees nothing.
func TestAccessFailsClosed(t *testing.T) {
	t.Parallel()
	reg := fixture(t).reg
	access := account.NewAccess(reg)
	for _, c := range []struct {
		acct warehouse.Account
		unit string
		want bool
	}{
		{warehouse.Account{Unit: "990000", Role: account.RoleProvince}, "", true},
		{warehouse.Account{Unit: "990000", Role: account.RoleLeader}, "999999", true},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity}, "", false},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity}, "999999", false},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity}, "990000", false},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity}, "990102", true},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity}, "990202", false},
		{warehouse.Account{Unit: "990102", Role: account.RoleCounty}, "990100", false},
		{warehouse.Account{Unit: "990102", Role: account.RoleCounty}, "", false},
		{warehouse.Account{Unit: "990100", Role: account.RoleProvince}, "990100", false}, // a province role at a city
		{warehouse.Account{Unit: "990102", Role: account.RoleCity}, "990102", false},     // a city role at a county
		{warehouse.Account{Unit: "990100", Role: "mayor"}, "990100", false},
		{warehouse.Account{Unit: "990100", Role: account.RoleCity, Disabled: true}, "990100", false},
	} {
		if got := access.Sees(&c.acct, c.unit); got != c.want {
			t.Errorf("%s at %s sees %q: %v, want %v", c.acct.Role, c.acct.Unit, c.unit, got, c.want)
		}
	}
	leader := warehouse.Account{Unit: "990000", Role: account.RoleLeader}
	if access.SeesOperations(&leader) || !access.SeesOperations(&warehouse.Account{Unit: "990000", Role: account.RoleProvince}) {
		t.Error("the draws and the job ledger are the province office's alone")
	}
	misplaced := warehouse.Account{Unit: "990100", Role: account.RoleLeader}
	if !access.Leads(&leader) || access.Leads(&misplaced) || access.Leads(&warehouse.Account{Unit: "990000", Role: account.RoleProvince}) {
		t.Error("only a leader's account at the province leads")
	}
	county := warehouse.Account{Unit: "990102", Role: account.RoleCounty}
	if access.SeesRanking(&county, zhengzhi.LevelCity) || !access.SeesRanking(&county, zhengzhi.LevelCounty) {
		t.Error("a county reads the county ranking only")
	}
}
