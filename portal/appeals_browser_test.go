package portal_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/portal"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// TestAppealsInABrowser plays an appeal through the portal in headless
// Chromium: the province office has publicized the city assessment (five
// working days from Monday 2026-12-07); 东川市 sees its provisional result
// and six working days left (today and the five after it), files an appeal on an item with an evidence
// PDF; the province office sees it with its evidence and accepts it from
// the page; 东川市 sees the ruling. The evidence stored is the file sent,
// byte for byte (its sha256), and 临江市 sees none of 东川市's appeal.
// Screenshots (appeals-*.png at 1280 and 390 px) go to $ZZ_SCREENSHOTS
// when it is set.
func TestAppealsInABrowser(t *testing.T) {
	b := newBrowser(t)
	var svc *appeal.Service
	monday := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // 10:00 in 东川
	s := newSite(t, func(opt *portal.Options) {
		cal, err := templates.Calendar("")
		if err != nil {
			t.Fatal(err)
		}
		svc = &appeal.Service{W: opt.Warehouse, Registry: opt.Registry, Calendar: cal, RuleSets: opt.RuleSets,
			Access: account.NewAccess(opt.Registry), Audit: opt.Audit, Loc: opt.Location, Now: opt.Now}
		opt.Appeals = svc
	})
	s.clock.mu.Lock()
	s.clock.now = monday
	s.clock.mu.Unlock()
	shots := screenshots(t)
	ctx := t.Context()
	var rs *zhengzhi.RuleSet
	for _, r := range s.ruleSets {
		if r.ID == "target-responsibility-city-2026" {
			rs = r
		}
	}
	d, err := rs.WindowEnd(asOf)
	if err != nil {
		t.Fatal(err)
	}
	stored, ok, err := s.w.StoredAssessment(ctx, rs.ID, rs.Hash, d)
	if err != nil || !ok {
		t.Fatalf("no stored result to publicize: %v", err)
	}
	if _, err := svc.Publicize(ctx, rs, d, stored.ID, appeal.Window{Days: 5}, appeal.Actor{Login: "ops", Client: "命令行"}); err != nil {
		t.Fatal(err)
	}
	evidence := filepath.Join(t.TempDir(), "后处理台账.pdf")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	if err := os.WriteFile(evidence, pdf, 0o644); err != nil {
		t.Fatal(err)
	}

	city := person(t, b)
	browserLogin(t, city, s, demo("dongchuan"))
	days, err := text(city, s.server.URL+"/appeals", `form.appeal-form`, `.days-left`)
	if err != nil || days != "6" {
		t.Fatalf("working days left: %q, %v; want 6 (today, the day of publication, and the five after it)", days, err)
	}
	shoot(t, city, shots, "appeals-city")
	if err := chromedp.Do(city,
		chromedp.SetValue(chromedp.CSS(`form.appeal-form select[name=item]`), "A8"),
		chromedp.SendKeys(chromedp.CSS(`form.appeal-form textarea[name=claim]`), "另有3家不合格企业已完成后处理，台账未及时录入"),
		chromedp.SendKeys(chromedp.CSS(`form.appeal-form input[name=value]`), "35/41"),
		chromedp.SetUploadFiles(chromedp.CSS(`form.appeal-form input[name=evidence]`), []string{evidence}),
		chromedp.Click(chromedp.CSS(`form.appeal-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#notice`)),
	); err != nil {
		t.Fatalf("file an appeal: %v", err)
	}
	notice, err := chromedp.Run(city, chromedp.Text(chromedp.CSS(`#notice`)))
	if err != nil || !strings.Contains(notice, "已受理") {
		t.Fatalf("after filing: %q, %v", notice, err)
	}
	appeals, err := svc.List(ctx, warehouse.AppealFilter{})
	if err != nil || len(appeals) != 1 {
		t.Fatalf("appeals stored: %+v, %v", appeals, err)
	}
	filed := appeals[0]
	sum := sha256.Sum256(pdf)
	if filed.Unit != "990100" || filed.Item != "A8" || filed.FiledBy != "dongchuan" || filed.Value == nil || *filed.Value != (zhengzhi.Value{Numerator: 35, Denominator: 41}) ||
		len(filed.Evidence) != 1 || filed.Evidence[0].SHA256 != hex.EncodeToString(sum[:]) || filed.Evidence[0].Name != "后处理台账.pdf" {
		t.Fatalf("the appeal stored: %+v", filed)
	}

	// Another city sees its own provisional result and none of 东川市's appeal.
	other := s.client()
	other.login(demo("linjiang"))
	if r := other.get("/appeals"); r.status != 200 || !strings.Contains(r.body, "临江市") || strings.Contains(r.body, "台账未及时录入") {
		t.Fatalf("临江市's appeals page: %d, shows 东川市's appeal: %v", r.status, strings.Contains(r.body, "台账未及时录入"))
	}

	office := person(t, b)
	browserLogin(t, office, s, demo("sheng"))
	if err := chromedp.Do(office,
		chromedp.Navigate(s.server.URL+"/appeals"),
		chromedp.WaitVisible(chromedp.CSS(`form.rule-form`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/appeals/evidence/`+strconv.FormatInt(filed.Evidence[0].ID, 10)+`"]`)),
	); err != nil {
		t.Fatalf("the office's page: %v", err)
	}
	shoot(t, office, shots, "appeals-province")
	if err := chromedp.Do(office,
		chromedp.Click(chromedp.CSS(`form.rule-form input[value=accept]`)),
		chromedp.SendKeys(chromedp.CSS(`form.rule-form textarea[name=reason]`), "经核验后处理台账，3家企业均于截止日前完成后处理"),
		chromedp.Click(chromedp.CSS(`form.rule-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#notice`)),
	); err != nil {
		t.Fatalf("rule: %v", err)
	}
	ruling, err := text(city, s.server.URL+"/appeals", `.ruling`, `.ruling`)
	if err != nil || !strings.Contains(ruling, "采纳") || !strings.Contains(ruling, "35/41") {
		t.Fatalf("the city sees the ruling: %q, %v", ruling, err)
	}
	shoot(t, city, shots, "appeals-city-ruled")
	if err := chromedp.Do(city, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(s.server.URL+"/appeals"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	shoot(t, city, shots, "appeals-city-phone")
	ruled, err := s.w.Appeal(ctx, filed.ID)
	if err != nil || ruled.State != zhengzhi.AppealAccepted || ruled.Ruling.By != "sheng" {
		t.Fatalf("the ruling stored: %+v, %v", ruled, err)
	}
}

// text opens a page, waits for an element and reads another's text.
func text(ctx context.Context, url, wait, read string) (string, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
		return "", err
	}
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(read)))
}
