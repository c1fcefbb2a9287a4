package portal_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/appeal"
	"zhengzhi/assess"
	"zhengzhi/publish"
	"zhengzhi/render"
	"zhengzhi/reports"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// TestAppealsInABrowser plays a period through 公示, 申诉, 复核 and final in
// headless Chromium, as the done-when has it: the province office
// has publicized the county assessment (five working days from Monday
// 2026-12-07). 东川市 sees its counties' provisional results and six working
// days left (today and the five after it) and files two appeals for two of
// its counties, 杏山区 one for itself, each with an evidence PDF; 临江市 sees
// none of them. The province office sees the three with their evidence and,
// from the page, accepts 杏山区's (its 不合格企业后处理率 corrected to 4/4: 合格
// becomes 良好) and rejects the other two; 杏山区 sees its ruling. Once the
// window has closed the period is finalized (appeal.Service.Finalize, as
// `zhengzhi finalize` does), the 通报, 杏山区's scorecards and the score
// detail are rendered again, twice: they say 最终结果 and list the 复核情况,
// 杏山区's scorecard is 良好, the second render is byte for byte the first, and
// 杏山区's unit page says 最终结果 and 良好. The evidence stored is the file
// sent (its sha256). Screenshots (appeals-*.png at 1280 and 390 px) go to
// $ZZ_SCREENSHOTS when it is set.
func TestAppealsInABrowser(t *testing.T) {
	b := newBrowser(t)
	var svc *appeal.Service
	s := newSite(t, withAppeals(t, &svc))
	monday := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // 10:00 in 东川
	s.clock.mu.Lock()
	s.clock.now = monday
	s.clock.mu.Unlock()
	shots := screenshots(t)
	ctx := t.Context()
	rs, d, stored := s.storedResult(t, "target-responsibility-county-2026")
	for _, c := range stored.Assessment.Units {
		if c.Unit.Code == "990102" && c.Grade != "合格" {
			t.Fatalf("杏山区 is %s %s before its appeal; the test wants 合格, one 不合格企业后处理 short of 良好", c.Total, c.Grade)
		}
	}
	if _, err := svc.Publicize(ctx, rs, d, stored.ID, appeal.Window{Days: 5}, appeal.Actor{Login: "ops", Client: "命令行"}); err != nil {
		t.Fatal(err)
	}
	evidence := filepath.Join(t.TempDir(), "后处理台账.pdf")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	if err := os.WriteFile(evidence, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// file files an appeal from the page, as the person logged in to ctx.
	file := func(ctx context.Context, unit, item, claim, value string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(s.server.URL+"/appeals"),
			chromedp.WaitVisible(chromedp.CSS(`form.appeal-form`)),
			chromedp.SetValue(chromedp.CSS(`form.appeal-form select[name=unit]`), unit),
			chromedp.SetValue(chromedp.CSS(`form.appeal-form select[name=item]`), item),
			chromedp.SendKeys(chromedp.CSS(`form.appeal-form textarea[name=claim]`), claim),
			chromedp.SendKeys(chromedp.CSS(`form.appeal-form input[name=value]`), value),
			chromedp.SetUploadFiles(chromedp.CSS(`form.appeal-form input[name=evidence]`), []string{evidence}),
			chromedp.Click(chromedp.CSS(`form.appeal-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#notice`)),
		); err != nil {
			t.Fatalf("file an appeal for %s on %s: %v", unit, item, err)
		}
		if notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#notice`))); err != nil || !strings.Contains(notice, "已受理") {
			t.Fatalf("after filing for %s: %q, %v", unit, notice, err)
		}
	}

	city := person(t, b)
	browserLogin(t, city, s, demo("dongchuan"))
	days, err := text(city, s.server.URL+"/appeals", `form.appeal-form`, `.days-left`)
	if err != nil || days != "6" {
		t.Fatalf("working days left: %q, %v; want 6 (today, the day of publication, and the five after it)", days, err)
	}
	shoot(t, city, shots, "appeals-city")
	file(city, "990103", "A8", "另有1家不合格企业已完成后处理，台账未及时录入", "7/8")
	file(city, "990104", "A8", "1家不合格企业已停产，不应计入", "2/2")
	county := person(t, b)
	browserLogin(t, county, s, demo("xingshan"))
	file(county, "990102", "A8", "第4家不合格企业已于11月20日完成后处理，见后处理台账", "4/4")

	appeals, err := svc.List(ctx, warehouse.AppealFilter{})
	if err != nil || len(appeals) != 3 {
		t.Fatalf("appeals stored: %+v, %v", appeals, err)
	}
	sum := sha256.Sum256(pdf)
	byUnit := map[string]zhengzhi.Appeal{}
	for _, a := range appeals {
		byUnit[a.Unit] = a
		if a.RuleSet != rs.ID || a.Item != "A8" || a.Value == nil || len(a.Evidence) != 1 ||
			a.Evidence[0].SHA256 != hex.EncodeToString(sum[:]) || a.Evidence[0].Name != "后处理台账.pdf" {
			t.Fatalf("an appeal stored: %+v", a)
		}
	}
	lifted := byUnit["990102"]
	if lifted.FiledBy != "xingshan" || *lifted.Value != (zhengzhi.Value{Numerator: 4, Denominator: 4}) || byUnit["990103"].FiledBy != "dongchuan" {
		t.Fatalf("the appeals stored: %+v", byUnit)
	}

	// Another city sees none of 东川市's counties' appeals.
	other := s.client()
	other.login(demo("linjiang"))
	if r := other.get("/appeals"); r.status != 200 || strings.Contains(r.body, "台账未及时录入") || strings.Contains(r.body, "杏山区") {
		t.Fatalf("临江市's appeals page: %d, shows 东川市's appeals: %v", r.status, strings.Contains(r.body, "台账未及时录入"))
	}

	office := person(t, b)
	browserLogin(t, office, s, demo("sheng"))
	// rule rules on an appeal from the page: accept (the value proposed) or reject.
	rule := func(a zhengzhi.Appeal, decision, reason string) {
		t.Helper()
		article := `#appeal-` + strconv.FormatInt(a.ID, 10)
		if err := chromedp.Do(office,
			chromedp.Navigate(s.server.URL+"/appeals"),
			chromedp.WaitVisible(chromedp.CSS(article+` a[href="/appeals/evidence/`+strconv.FormatInt(a.Evidence[0].ID, 10)+`"]`)),
			chromedp.Click(chromedp.CSS(article+` form.rule-form input[value=`+decision+`]`)),
			chromedp.SendKeys(chromedp.CSS(article+` form.rule-form textarea[name=reason]`), reason),
			chromedp.Click(chromedp.CSS(article+` form.rule-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(article+` .ruling`)),
		); err != nil {
			t.Fatalf("rule on appeal %d: %v", a.ID, err)
		}
	}
	if err := chromedp.Do(office, chromedp.Navigate(s.server.URL+"/appeals"), chromedp.WaitVisible(chromedp.CSS(`form.rule-form`))); err != nil {
		t.Fatalf("the office's page: %v", err)
	}
	shoot(t, office, shots, "appeals-province")
	// The office comes to rule: the appeals first, counted, the 99 units'
	// provisional ranking after them and folded; a vetoed unit ranks last
	// with its 否决 and the note why, as the home page and the rankings say.
	desk, err := chromedp.Run(office, chromedp.OuterHTML(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	listed, results := strings.Index(desk, "全部申诉"), strings.Index(desk, "公示结果（99 个单位）")
	if listed < 0 || results < listed || !strings.Contains(desk, "待复核 3 件") || !strings.Contains(desk, `<details class="period-results">`) {
		t.Errorf("the office's page: 全部申诉 at %d, 公示结果 at %d, 待复核 3 件 %v", listed, results, strings.Contains(desk, "待复核 3 件"))
	}
	if !strings.Contains(desk, `<span class="tag bad">否决</span>`) || !strings.Contains(desk, "注：被一票否决的单位排名列末位") ||
		!strings.Contains(desk, `<td class="num">40/99</td>`) {
		t.Errorf("the office's ranking lacks the 否决 tag, the note on vetoed units or 名次 of 99:\n%s", desk)
	}
	if strings.Contains(desk, "定稿后计入最终结果") {
		t.Error("the office's page says accepted rulings are to be counted before any was accepted")
	}
	rule(lifted, "accept", "经核验后处理台账，第4家企业于截止日前完成后处理")
	rule(byUnit["990103"], "reject", "台账中该企业无后处理记录")
	rule(byUnit["990104"], "reject", "停产企业仍应纳入后处理范围")

	ruling, err := text(county, s.server.URL+"/appeals", `.ruling`, `.ruling`)
	if err != nil || !strings.Contains(ruling, "采纳") || !strings.Contains(ruling, "4/4") {
		t.Fatalf("杏山区 sees the ruling: %q, %v", ruling, err)
	}
	shoot(t, county, shots, "appeals-county-ruled")
	// The 公示结果 is still the provisional one: the page says the accepted
	// ruling counts once the period is final.
	if page, err := chromedp.Run(county, chromedp.OuterHTML(chromedp.CSS(`main`))); err != nil || !strings.Contains(page, "已采纳的复核结论将在定稿后计入最终结果") {
		t.Errorf("杏山区's page after its appeal was accepted does not say when the ruling counts: %v\n%s", err, page)
	}
	if err := chromedp.Do(county, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(s.server.URL+"/appeals"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	shoot(t, county, shots, "appeals-county-phone")
	ruled, err := s.w.Appeal(ctx, lifted.ID)
	if err != nil || ruled.State != zhengzhi.AppealAccepted || ruled.Ruling.By != "sheng" {
		t.Fatalf("the ruling stored: %+v, %v", ruled, err)
	}

	// The window closes at the end of Monday 2026-12-14; the next day the
	// period is finalized and its reports rendered again.
	s.clock.Advance(8 * 24 * time.Hour)
	if _, err := svc.Finalize(ctx, rs.ID, d, appeal.Actor{Login: "ops", Client: "命令行"}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	first := renderFinal(t, s, out)
	checkFinalReports(t, out, rs.ID)
	if again := renderFinal(t, s, out); !maps.Equal(first, again) {
		t.Errorf("rendered again, the files differ:\n%v\n%v", first, again)
	}

	// A week on, the browsers' sessions have ended; the page is read as a script would.
	clerk := s.loggedIn("xingshan")
	page := clerk.get("/unit/990102")
	if page.status != 200 || !strings.Contains(page.body, "最终结果") || strings.Contains(page.body, "公示稿") ||
		!strings.Contains(page.body, "<strong>良好</strong>") || !strings.Contains(page.body, "采纳（认定值4/4）") {
		t.Fatalf("杏山区's unit page once final: %d\n%s", page.status, page.body)
	}
	// The appeals page shows the final result under its 最终结果, not the 公示稿's.
	if page := clerk.get("/appeals"); page.status != 200 || !strings.Contains(page.body, "<h2>最终结果</h2>") ||
		!strings.Contains(page.body, `</td><td>良好</td>`) || strings.Contains(page.body, "定稿后计入最终结果") {
		t.Fatalf("杏山区's appeals page once final: %d\n%s", page.status, page.body)
	}
}

// renderFinal assesses every rule set as the pipeline does (a period past
// open gives its frozen or final result) and renders into out the 通报 and
// the score details (the province's) and 杏山区's scorecards; it returns the
// sha256 of every file of the date but the manifest.
func renderFinal(t *testing.T, s *site, out string) map[string]string {
	t.Helper()
	ctx := t.Context()
	var results []reports.Assessed
	for _, rs := range s.ruleSets {
		res, err := assess.Run(ctx, s.w, s.reg, rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, reports.Assessed{Assessment: res.Assessment, Values: res.Values})
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	for _, part := range []struct {
		unit string
		only []string
	}{
		{s.reg.Province.Code, []string{publish.KindSummary, publish.KindScoreDetail}},
		{"990102", []string{publish.KindScorecard}},
	} {
		if _, err := render.Run(ctx, render.Options{Warehouse: s.w, Registry: s.reg, RuleSets: s.ruleSets, Results: results,
			Sources: s.sources, Output: out, Templates: templates.Defaults, AsOf: asOf, Location: loc, Demo: true,
			Only: part.only, Unit: part.unit}); err != nil {
			t.Fatal(err)
		}
	}
	sums := map[string]string{}
	dir, err := filepath.EvalSymlinks(filepath.Join(out, asOf.String())) // the generation published
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() == "manifest.json" {
			return err
		}
		data, err := os.ReadFile(path)
		sum := sha256.Sum256(data)
		sums[strings.TrimPrefix(path, dir)] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil || len(sums) == 0 {
		t.Fatalf("rendered: %d files, %v", len(sums), err)
	}
	return sums
}

// checkFinalReports reads the final period's reports: the 通报 and 杏山区's
// scorecard say 最终结果 and list the 复核情况 (杏山区's scorecard its one
// appeal, accepted, and its grade 良好), and the score detail's titles end
// with （最终结果） and its 复核情况 sheet has the three appeals.
func checkFinalReports(t *testing.T, out, ruleSet string) {
	t.Helper()
	dir := filepath.Join(out, asOf.String())
	for _, c := range []struct {
		path string
		has  []string
	}{
		{"province/yearend-summary.pdf", []string{"最终结果", "复核情况", "杏山区", "荷盛区", "安岩区", "不予采纳"}},
		{"cities/990100/scorecards/" + ruleSet + "-990102.pdf", []string{"最终结果", "复核情况", "采纳（认定值4/4）", "良好"}},
	} {
		text, err := exec.Command("pdftotext", filepath.Join(dir, c.path), "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", c.path, err)
		}
		plain := strings.Join(strings.Fields(string(text)), "")
		if strings.Contains(plain, "公示稿") {
			t.Errorf("%s still says 公示稿", c.path)
		}
		for _, h := range c.has {
			if !strings.Contains(plain, h) {
				t.Errorf("%s lacks %q", c.path, h)
			}
		}
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "province", "score-detail-"+ruleSet+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheets := book.GetSheetList()
	title, _ := book.GetCellValue(sheets[0], "A1")
	rows, err := book.GetRows("复核情况")
	if err != nil || !strings.Contains(title, "（最终结果）") {
		t.Fatalf("score detail: title %q, 复核情况 %v", title, err)
	}
	appeals := 0
	for _, r := range rows {
		if len(r) > 0 && (r[0] == "杏山区" || r[0] == "荷盛区" || r[0] == "安岩区") {
			appeals++
		}
	}
	if appeals != 3 {
		t.Errorf("the score detail's 复核情况 lists %d appeals, want 3:\n%v", appeals, rows)
	}
}

// text opens a page, waits for an element and reads another's text.
func text(ctx context.Context, url, wait, read string) (string, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
		return "", err
	}
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(read)))
}
