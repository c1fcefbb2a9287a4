package portal_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"zhengzhi/notify"
)

// TestNoticesInABrowser: a county clerk logs in with headless Chromium and
// sees the unread count in the menu, opens the 通知 list, marks all read and
// the count is gone. Screenshots of the list at 1280 and 390 px go to
// $ZZ_SCREENSHOTS when it is set.
func TestNoticesInABrowser(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, nil)
	shots := screenshots(t)
	at := s.clock.Now()
	rec := notify.Recorder{Store: s.w, Recipients: func(context.Context) ([]notify.Recipient, error) {
		return []notify.Recipient{{Key: "account:xingshan", Channel: notify.Inbox, Sees: func(u string) bool { return u == "990102" }}}, nil
	}}
	for _, ev := range []notify.Event{
		{Key: "generation:2026-11-24:x", Kind: notify.KindGeneration, Title: "2026年11月24日考核结果和报告已更新", Link: "/?as_of=2026-11-24", At: at,
			Lines: []notify.Line{{Unit: "990102", Text: "杏山区 县局目标责任制考核 68.91分，合格，第40名（共99个）"}},
			Files: []notify.File{{Path: "a.pdf", Unit: "990102", SHA256: strings.Repeat("a", 64)}}},
		{Key: "stale:990102:1", Kind: notify.KindStale, Unit: "990102", Title: "催报：杏山区数据已80小时未成功更新", Link: "/quality/990102", At: at},
	} {
		if _, err := rec.Record(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	county := person(t, b)
	browserLogin(t, county, s, demo("xingshan"))
	badge, err := chromedp.Run(county, chromedp.Text(chromedp.CSS(`nav.menu .badge`)))
	if err != nil || strings.TrimSpace(badge) != "2" {
		t.Fatalf("menu badge %q, %v; want 2", badge, err)
	}
	if err := chromedp.Do(county, chromedp.Click(chromedp.CSS(`nav.menu a[href="/notices"]`)), chromedp.WaitVisible(chromedp.CSS(`ul.notices`))); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(county, chromedp.Text(chromedp.CSS(`ul.notices`)))
	if err != nil || !strings.Contains(list, "68.91分，合格，第40名（共99个）") || !strings.Contains(list, "催报") || !strings.Contains(list, "可下载的新文件 1 个") {
		t.Fatalf("the list reads %q, %v", list, err)
	}
	shoot(t, county, shots, "notices")
	if err := chromedp.Do(county, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`ul.notices`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, county, shots, "notices-phone")
	if err := chromedp.Do(county, chromedp.Click(chromedp.CSS(`form[action="/notices/read"] button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action="/notices/read"]`)), chromedp.WaitVisible(chromedp.CSS(`ul.notices`))); err != nil {
		t.Fatal(err)
	}
	badges, err := chromedp.Run(county, chromedp.Evaluate[int](`document.querySelectorAll("nav.menu .badge").length`))
	if err != nil || badges != 0 {
		t.Fatalf("badge still shown after marking all read (%d, %v)", badges, err)
	}
}
