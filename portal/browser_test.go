package portal_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"zhengzhi/account"
)

// chromium is Debian's headless browser, which .ci/deps.sh installs.
const chromium = "/usr/bin/chromium"

// newBrowser starts headless Chromium with a fresh profile and the flags
// this closed machine needs. Without Chromium the test is skipped — unless
// ZZ_REQUIRE_BROWSER=1 or CI=true (as in .ci/run), where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("ZZ_REQUIRE_BROWSER") == "1" || os.Getenv("CI") == "true" {
			t.Fatalf("%s is required (ZZ_REQUIRE_BROWSER=1 or CI=true) but missing: run .ci/deps.sh", chromium)
		}
		t.Skipf("%s not installed (make deps installs it); browser test skipped", chromium)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	t.Cleanup(cancel)
	ctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	// Long enough for a test that photographs every reader's page at two
	// widths on a shared two-core machine.
	timeout, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(timeout); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return timeout
}

// person is one account in its own browser context (own cookies).
func person(t *testing.T, browserCtx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return ctx
}

// browserLogin fills and submits the login form as a person would.
func browserLogin(t *testing.T, ctx context.Context, s *site, a account.DemoAccount) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(s.server.URL + "/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=login]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=login]`), a.Login),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), a.Password),
	}
	if a.TOTPSecret != "" {
		code, err := account.TOTPCode(a.TOTPSecret, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(`input[name=totp]`), code))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`nav.menu`)))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("log in as %s: %v", a.Login, err)
	}
}

// shoot saves a full-page screenshot as NAME.png in the screenshot folder.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	save(t, ctx, dir, name, chromedp.FullScreenshot(100))
}

// shootScreen saves what the screen shows (a phone's first screen) as NAME.png.
func shootScreen(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	save(t, ctx, dir, name, chromedp.CaptureScreenshot())
}

func save(t *testing.T, ctx context.Context, dir, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	if dir == "" {
		return // no one asked to look
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInABrowser logs a city bureau in with headless Chromium, opens its
// unit page — with its path to the next grade under the scorecard —,
// downloads a scorecard by clicking its link and compares the file's sha256
// with the manifest; another city is refused the first one's URL.
// Screenshots of the home, unit (its path, its trend, at a phone's 390 px
// too), audit and province pages go to $ZZ_SCREENSHOTS when it is set; the
// readers' other pages are TestBundleInABrowser's.
func TestInABrowser(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, nil)
	shots := screenshots(t)
	var scorecard, sha string
	for _, f := range s.manifest.Files {
		if f.Unit == "990100" && f.Kind == "scorecard" {
			scorecard, sha = f.Path, f.SHA256
			break
		}
	}

	city := person(t, b)
	browserLogin(t, city, s, demo("dongchuan"))
	shoot(t, city, shots, "home")
	downloads := t.TempDir()
	progress := chromedp.Events(city, browser.DownloadProgress)
	if err := chromedp.Do(city,
		chromedp.Navigate(s.server.URL+"/unit/990100"),
		chromedp.WaitVisible(chromedp.CSS(`table.scorecard`)),
		allowDownloads(downloads),
	); err != nil {
		t.Fatal(err)
	}
	shoot(t, city, shots, "unit")
	// Under each scorecard, the unit's path to the next grade and its margin.
	path, err := chromedp.Run(city, chromedp.Text(chromedp.CSS(`.path`)))
	if err != nil || !strings.Contains(path, "分") {
		t.Fatalf("the unit page shows no path to the next grade: %q, %v", path, err)
	}
	if err := chromedp.Do(city, chromedp.ScrollIntoView(chromedp.CSS(`.path`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, city, shots, "unit-path")
	if err := chromedp.Do(city, chromedp.Click(chromedp.CSS(`a[href$="`+scorecard+`"]`))); err != nil {
		t.Fatalf("click the scorecard: %v", err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		data, err := os.ReadFile(filepath.Join(downloads, ev.GUID))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != sha {
			t.Fatalf("downloaded %s: sha256 %s, manifest %s", scorecard, got, sha)
		}
		break
	}
	if err := chromedp.Do(city, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(s.server.URL+"/unit/990100"), chromedp.WaitVisible(chromedp.CSS(`table.scorecard`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, city, shots, "unit-phone")
	if err := chromedp.Do(city, chromedp.ScrollIntoView(chromedp.CSS(`table.scorecard`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, city, shots, "unit-phone-scorecard")
	if err := chromedp.Do(city, chromedp.ScrollIntoView(chromedp.CSS(`.path`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, city, shots, "unit-phone-path")
	if err := chromedp.Do(city, chromedp.ScrollIntoView(chromedp.CSS(`.chart`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, city, shots, "unit-phone-trend")

	other := person(t, b)
	browserLogin(t, other, s, demo("linjiang"))
	for _, p := range []string{"/files/" + asOf.String() + "/" + scorecard, "/unit/990100"} {
		title, err := chromedp.Run(other, func(ctx context.Context, tg *chromedp.Target) (string, error) {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.server.URL+p), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
				return "", err
			}
			return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
		})
		if err != nil || !strings.Contains(title, "页面不存在") {
			t.Fatalf("another city opening %s saw %q, %v", p, title, err)
		}
	}

	auditor := person(t, b)
	browserLogin(t, auditor, s, demo("shenji"))
	if err := chromedp.Do(auditor, chromedp.Navigate(s.server.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS(`table.audit`))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(auditor, chromedp.Text(chromedp.CSS(`table.audit`)))
	if err != nil || !strings.Contains(text, "无权下载") || !strings.Contains(text, scorecard) {
		t.Fatalf("the audit page lacks the download and the refusal: %v\n%s", err, text)
	}
	shoot(t, auditor, shots, "audit")

	// The province office's page (数据与任务), to look at; the other roles' pages are
	// photographed by TestBundleInABrowser.
	for _, look := range []struct{ login, path, name, wait string }{
		{"sheng", "/province", "province", "table"},
	} {
		ctx := person(t, b)
		browserLogin(t, ctx, s, demo(look.login))
		if err := chromedp.Do(ctx, chromedp.Navigate(s.server.URL+look.path), chromedp.WaitVisible(chromedp.CSS(look.wait))); err != nil {
			t.Fatalf("%s %s: %v", look.login, look.path, err)
		}
		shoot(t, ctx, shots, look.name)
		if look.name == "province" {
			// The who-fetched-what table at a phone's width.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
				chromedp.Navigate(s.server.URL+look.path), chromedp.WaitVisible(chromedp.CSS(look.wait))); err != nil {
				t.Fatal(err)
			}
			shoot(t, ctx, shots, "province-phone")
		}
	}
}

func ptr[T any](v T) *T { return &v }

// screenshots is the folder the browser tests photograph pages into:
// $ZZ_SCREENSHOTS, made if need be. Unset, the pages are still opened at
// both widths (each must load), but not photographed: a full-page picture
// at a phone's scale costs seconds, and only a person looking needs it.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ZZ_SCREENSHOTS")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// allowDownloads makes the browser save what a page downloads into dir,
// each file under its download's id, and report its progress as events.
func allowDownloads(dir string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true),
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
		return err
	})
}

// TestBundleInABrowser: a city clerk clicks 打包下载 on the home page; the
// ZIP Chromium saves holds every file the city may download, each with the
// manifest's sha256, and its manifest.json lists exactly those. Then the
// readers' pages are photographed at 1280 and 390 px as each role (into
// $ZZ_SCREENSHOTS when it is set).
func TestBundleInABrowser(t *testing.T) {
	s := newSite(t, nil)
	b := newBrowser(t)
	shots := screenshots(t)
	city := person(t, b)
	browserLogin(t, city, s, demo("dongchuan"))
	downloads := t.TempDir()
	progress := chromedp.Events(city, browser.DownloadProgress)
	if err := chromedp.Do(city,
		chromedp.WaitVisible(chromedp.CSS(`section.reports`)),
		allowDownloads(downloads),
		chromedp.Click(chromedp.CSS(`a[href="/bundle/`+asOf.String()+`"]`)),
	); err != nil {
		t.Fatalf("click 打包下载: %v", err)
	}
	var data []byte
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the bundle's download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			if data, err = os.ReadFile(filepath.Join(downloads, ev.GUID)); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the bundle is no ZIP: %v", err)
	}
	sums := map[string]string{}
	var inner manifestDoc
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "manifest.json" {
			if err := json.Unmarshal(body, &inner); err != nil {
				t.Fatal(err)
			}
			continue
		}
		sum := sha256.Sum256(body)
		sums[zf.Name] = hex.EncodeToString(sum[:])
	}
	want := 0
	for _, f := range s.manifest.Files {
		if !allowed(s.reg, demo("dongchuan"), f.Unit, f.Kind) {
			if _, in := sums[f.Path]; in {
				t.Errorf("the city's bundle holds %s of %s", f.Path, f.Unit)
			}
			continue
		}
		want++
		if sums[f.Path] != f.SHA256 {
			t.Errorf("bundle's %s: sha256 %q, manifest %s", f.Path, sums[f.Path], f.SHA256)
		}
	}
	if len(sums) != want || len(inner.Files) != want {
		t.Errorf("the bundle holds %d files and lists %d, want %d", len(sums), len(inner.Files), want)
	}
	t.Logf("bundle: %d files, every sha256 as the manifest's", len(sums))

	// Every changed page as each role, at a desktop's and a phone's width.
	for _, look := range []struct{ login, path, name, wait string }{
		{"dongchuan", "/", "r-city-home", "section.reports"},
		{"dongchuan", "/rankings", "r-city-rankings", "table.ranks"},
		{"xingshan", "/", "r-county-home", "section.reports"},
		{"lingdao", "/", "r-leader-home", "section.reports"},
		{"sheng", "/", "r-province-home", "section.reports"},
		{"sheng", "/unit/990200", "r-vetoed-unit", "table.scorecard"},
		{"dongchuan", "/quality/990100", "r-city-quality", "table.issues"},
		{"guanli", "/admin", "r-admin", "table.accounts"},
		{"shenji", "/audit?unit=东川市", "r-audit", "table.audit"},
	} {
		ctx := person(t, b)
		browserLogin(t, ctx, s, demo(look.login))
		if err := chromedp.Do(ctx, chromedp.Navigate(s.server.URL+look.path), chromedp.WaitVisible(chromedp.CSS(look.wait))); err != nil {
			t.Fatalf("%s %s: %v", look.login, look.path, err)
		}
		shoot(t, ctx, shots, look.name)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(s.server.URL+look.path), chromedp.WaitVisible(chromedp.CSS(look.wait))); err != nil {
			t.Fatal(err)
		}
		shoot(t, ctx, shots, look.name+"-phone")
	}
	// The search box hides the rows that do not match.
	ctx := person(t, b)
	browserLogin(t, ctx, s, demo("dongchuan"))
	if err := chromedp.Do(ctx, chromedp.Navigate(s.server.URL+"/rankings"), chromedp.WaitVisible(chromedp.CSS(`input[data-filter]`)),
		chromedp.SendKeys(chromedp.CSS(`input[data-filter]`), "临江")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("table.ranks tbody tr")].filter(tr => !tr.hidden).length`))
	if err != nil {
		t.Fatal(err)
	}
	if shown < 1 || shown > 2 {
		t.Errorf("searching the rankings for 临江 left %d rows", shown)
	}
}
