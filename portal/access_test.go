package portal_test

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/warehouse"
)

// allowed is the spec's table, written out here on its own (not by asking
// the portal): province roles see every unit, a city itself and its
// counties, a county itself; a unit missing from the registry only the
// province roles.
// The year-end 通报 and its 评分细则 (each in every form) are issued to the
// cities and the counties: they read those province files and no other.
func allowed(reg *zhengzhi.Registry, a account.DemoAccount, unit, kind string) bool {
	u, known := reg.Unit(unit)
	addressed := unit == reg.Province.Code && (kind == publish.KindSummary || kind == publish.KindSummaryWord || kind == publish.KindScoringRules || kind == publish.KindScoringRulesWord)
	switch a.Role {
	case account.RoleProvince, account.RoleLeader:
		return true
	case account.RoleCity:
		return addressed || known && (u.Code == a.Unit || u.Level == zhengzhi.LevelCounty && u.Parent == a.Unit)
	case account.RoleCounty:
		return addressed || known && u.Code == a.Unit
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
			want := allowed(s.reg, a, f.Unit, f.Kind)
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
	// The 约谈通知 in both forms are among the files asked for: addressed to
	// the unit called in, its city and the province read them, no one else.
	forms := map[string]bool{}
	for _, f := range s.manifest.Files {
		forms[f.Kind] = true
	}
	if !forms[publish.KindInterviewNotice] || !forms[publish.KindInterviewWord] {
		t.Errorf("the demo manifest lacks the 约谈通知 (PDF %v, Word %v): the matrix does not cover them",
			forms[publish.KindInterviewNotice], forms[publish.KindInterviewWord])
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
	// The 通报 in every form and its 评分细则 are addressed to the cities and
	// counties by kind; no other province file is.
	city := warehouse.Account{Unit: "990100", Role: account.RoleCity}
	for _, f := range []struct {
		file publish.File
		want bool
	}{
		{publish.File{Path: "province/yearend-summary.pdf", Kind: publish.KindSummary, Unit: "990000"}, true},
		{publish.File{Path: "province/yearend-summary.docx", Kind: publish.KindSummaryWord, Unit: "990000"}, true},
		{publish.File{Path: "province/scoring-rules.pdf", Kind: publish.KindScoringRules, Unit: "990000"}, true},
		{publish.File{Path: "province/progress-report.pdf", Kind: publish.KindProgress, Unit: "990000"}, false},
		{publish.File{Path: "province/six-ones.xlsx", Kind: publish.KindSixOnes, Unit: "990000"}, false},
		{publish.File{Path: "cities/990200/yearend-summary.pdf", Kind: publish.KindSummary, Unit: "990200"}, false},
		{publish.File{Path: "x/yearend-summary.pdf", Kind: publish.KindSummary}, false},
	} {
		for _, a := range []warehouse.Account{city, county} {
			if got := access.SeesFile(&a, f.file); got != f.want {
				t.Errorf("%s sees %s (%s of %q): %v, want %v", a.Role, f.file.Path, f.file.Kind, f.file.Unit, got, f.want)
			}
		}
	}
	disabled := warehouse.Account{Unit: "990100", Role: account.RoleCity, Disabled: true}
	if access.SeesFile(&disabled, publish.File{Path: "province/yearend-summary.pdf", Kind: publish.KindSummary, Unit: "990000"}) {
		t.Error("a disabled account sees the 通报")
	}
	if access.SeesRanking(&county, zhengzhi.LevelCity) || !access.SeesRanking(&county, zhengzhi.LevelCounty) {
		t.Error("a county reads the county ranking only")
	}
}

// TestBundleMatrix downloads the date's bundle as every demo account: the
// ZIP holds exactly the files the spec's table allows that account (the
// 通报 for cities and counties too), each with the manifest's sha256, under
// its manifest path, and a manifest.json listing those files only; the
// bundle is named after the unit (RFC 6266 filename*) and audited as one
// row naming its files.
func TestBundleMatrix(t *testing.T) {
	s := newSite(t, nil)
	d := asOf.String()
	for _, a := range account.DemoAccountList() {
		c := s.loggedIn(a.Login)
		r := c.get("/bundle/" + d)
		if r.status != http.StatusOK {
			t.Fatalf("%s: bundle answered %d", a.Login, r.status)
		}
		wantName := "filename*=UTF-8''" + url.PathEscape(s.reg.Name(a.Unit)+"-"+d+".zip")
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, wantName) {
			t.Errorf("%s: Content-Disposition %q, want %s", a.Login, cd, wantName)
		}
		zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
		if err != nil {
			t.Fatalf("%s: %v", a.Login, err)
		}
		got := map[string]string{}
		var inner manifestDoc
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if zf.Name == "manifest.json" {
				if err := json.Unmarshal(data, &inner); err != nil {
					t.Fatalf("%s: manifest.json: %v", a.Login, err)
				}
				continue
			}
			sum := sha256.Sum256(data)
			got[zf.Name] = hex.EncodeToString(sum[:])
		}
		want, summary := 0, false
		for _, f := range s.manifest.Files {
			ok := allowed(s.reg, a, f.Unit, f.Kind)
			sha, in := got[f.Path]
			switch {
			case ok && sha != f.SHA256:
				t.Errorf("%s: bundle's %s has sha256 %q, manifest %s", a.Login, f.Path, sha, f.SHA256)
			case !ok && in:
				t.Errorf("%s (%s): bundle holds %s of %s", a.Login, a.Role, f.Path, f.Unit)
			}
			if ok {
				want++
				summary = summary || f.Kind == "yearend_summary"
			}
		}
		if len(got) != want || len(inner.Files) != want || inner.AsOf != d {
			t.Errorf("%s: bundle holds %d files, its manifest.json lists %d (as of %q), want %d", a.Login, len(got), len(inner.Files), inner.AsOf, want)
		}
		for _, f := range inner.Files {
			if got[f.Path] != f.SHA256 {
				t.Errorf("%s: manifest.json's %s: %s, file %s", a.Login, f.Path, f.SHA256, got[f.Path])
			}
		}
		if !summary {
			t.Errorf("%s (%s): the bundle lacks the year-end 通报", a.Login, a.Role)
		}
		rows, err := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActBundle, Account: a.Login})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Outcome != account.OutcomeOK || !strings.HasPrefix(rows[0].Target, "/bundle/"+d+"：") ||
			!strings.Contains(rows[0].Target, fmt.Sprintf("%d 个文件", want)) {
			t.Errorf("%s: bundle audited as %+v", a.Login, rows)
		}
	}
	// A date without output, and a date that is not one: the one 404 page.
	c := s.loggedIn("dongchuan")
	for _, p := range []string{"/bundle/2026-10-31", "/bundle/26-11-24", "/bundle/" + d + "x"} {
		if r := c.get(p); r.status != http.StatusNotFound || !strings.Contains(r.body, "页面不存在") {
			t.Errorf("%s answered %d", p, r.status)
		}
	}
}

// TestInlinePDF: a PDF opened from a page (?inline=1) is shown in the
// browser; the same link without it, and a workbook with it, download.
func TestInlinePDF(t *testing.T) {
	s := newSite(t, nil)
	c := s.loggedIn("xingshan") // a county: the 通报 is addressed to it
	var pdf, xlsx string
	for _, f := range s.manifest.Files {
		if f.Kind == "yearend_summary" && strings.HasSuffix(f.Path, ".pdf") {
			pdf = f.Path
		}
		if f.Unit == demo("dongchuan").Unit && strings.HasSuffix(f.Path, ".xlsx") {
			xlsx = f.Path
		}
	}
	city := s.loggedIn("dongchuan")
	for _, tc := range []struct {
		c          *client
		path, want string
	}{
		{c, "/files/" + asOf.String() + "/" + pdf + "?inline=1", "inline;"},
		{c, "/files/" + asOf.String() + "/" + pdf, "attachment;"},
		{city, "/files/" + asOf.String() + "/" + xlsx + "?inline=1", "attachment;"},
	} {
		r := tc.c.get(tc.path)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), tc.want) {
			t.Errorf("%s: %d %q, want %s", tc.path, r.status, r.header.Get("Content-Disposition"), tc.want)
		}
	}
	home := c.get("/")
	if !strings.Contains(home.body, pdf+"?inline=1") || !strings.Contains(home.body, "本期报告") || !strings.Contains(home.body, `href="/bundle/`+asOf.String()+`"`) {
		t.Errorf("the county's home page offers no 本期报告 with the 通报 to read and the bundle:\n%s", home.body)
	}
	// The files it downloaded are marked 已下载; after a bundle, all of them.
	if n := strings.Count(home.body, `class="tag done"`); n != 1 {
		t.Errorf("%d files marked 已下载 after the 通报 was downloaded whole, twice", n)
	}
	c.get("/bundle/" + asOf.String())
	home = c.get("/")
	if strings.Contains(home.body, `class="tag new"`) || strings.Count(home.body, `class="tag done"`) < 3 {
		t.Error("after the bundle every file of the 本期报告 is 已下载")
	}
}
