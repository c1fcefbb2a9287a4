package portal_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestUploadInABrowser is a county clerk's 填报 in headless Chromium: the
// unit page's button downloads the prefilled template, the clerk adds a
// row with a wrong value and uploads it, the preview lists what would
// change and the wrong value (nothing stored yet), and the confirmation
// stores the statement. A city account sees no upload form on its county's
// page. Screenshots go to $ZZ_SCREENSHOTS when it is set.
func TestUploadInABrowser(t *testing.T) {
	s := newSite(t, nil) // first: building the demo takes a while of the browser's time limit
	b := newBrowser(t)
	shots := screenshots(t)
	clerk := person(t, b)
	browserLogin(t, clerk, s, demo("xingshan"))
	downloads := t.TempDir()
	progress := chromedp.Events(clerk, browser.DownloadProgress)
	if err := chromedp.Do(clerk,
		chromedp.Navigate(s.server.URL+"/unit/990102"),
		chromedp.WaitVisible(chromedp.CSS(`#upload`)),
		allowDownloads(downloads),
		chromedp.ScrollIntoView(chromedp.CSS(`#upload`)),
	); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, clerk, shots, "upload-box")
	if err := chromedp.Do(clerk, chromedp.Click(chromedp.CSS(`#template`))); err != nil {
		t.Fatalf("click the template button: %v", err)
	}
	var template []byte
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
		if template, err = os.ReadFile(filepath.Join(downloads, ev.GUID)); err != nil {
			t.Fatal(err)
		}
		break
	}

	// The clerk adds a hazard whose level is not one of the allowed values.
	f, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		t.Fatalf("the downloaded template is not a workbook: %v", err)
	}
	rows, err := f.GetRows("隐患台账")
	if err != nil || len(rows) < 3 {
		t.Fatalf("the template's hazards sheet has %d rows (%v), want the county's prefilled", len(rows), err)
	}
	n := len(rows) + 1
	enterprise := rows[2][1]
	for col, v := range map[string]any{"A": "H-NEW", "B": enterprise, "C": "screening", "D": 46300, "E": "严重", "F": "新发现的隐患",
		"G": 46330, "H": "open", "K": "none", "L": "none"} {
		f.SetCellValue("隐患台账", col+strconv.Itoa(n), v)
	}
	filled := filepath.Join(t.TempDir(), "杏山区填报.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if err := chromedp.Do(clerk,
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=workbook]`), []string{filled}),
		chromedp.Click(chromedp.CSS(`#preview`)),
		chromedp.WaitVisible(chromedp.CSS(`#previewed`)),
	); err != nil {
		t.Fatalf("upload for a preview: %v", err)
	}
	shootScreen(t, clerk, shots, "upload-preview")
	text, err := chromedp.Run(clerk, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil || !strings.Contains(text, "隐患台账\t"+strconv.Itoa(n)+"\t隐患等级\t严重") {
		t.Fatalf("the preview lacks the set-aside row %d: %v\n%s", n, err, text)
	}
	// The reason in the clerk's words, the button beside the banner that names it.
	if want := "隐患等级 “严重”不是规定的取值，应为：一般隐患、重大隐患"; !strings.Contains(text, want) || !strings.Contains(text, "将被退回的记录") {
		t.Errorf("the preview lacks %q under 将被退回的记录:\n%s", want, text)
	}
	if beside, err := chromedp.Run(clerk, chromedp.Evaluate[bool](`document.querySelector('#previewed').closest('section').contains(document.querySelector('#confirm'))`)); err != nil || !beside {
		t.Errorf("确认提交 is not beside the banner that names it (%v)", err)
	}
	if st, err := s.w.Statements(context.Background(), "990102"); err != nil || len(st) != 0 {
		t.Fatalf("the preview stored %d statements (%v)", len(st), err)
	}
	if err := chromedp.Do(clerk, chromedp.Click(chromedp.CSS(`#confirm`)), chromedp.WaitVisible(chromedp.CSS(`#stored`))); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	shoot(t, clerk, shots, "upload-stored")
	if heading, err := chromedp.Run(clerk, chromedp.Text(chromedp.CSS(`#set-aside`))); err != nil || !strings.HasPrefix(heading, "已退回的记录") {
		t.Errorf("after the confirmation the set-aside rows are headed %q (%v), want 已退回的记录", heading, err)
	}
	st, err := s.w.Statements(context.Background(), "990102")
	if err != nil || len(st) != 1 || st[0].UploadedBy != "xingshan" {
		t.Fatalf("statements after the confirmation: %+v, %v", st, err)
	}
	if err := chromedp.Do(clerk, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(s.server.URL+"/unit/990102"), chromedp.WaitVisible(chromedp.CSS(`#upload`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#upload`))); err != nil {
		t.Fatal(err)
	}
	shootScreen(t, clerk, shots, "upload-box-phone")

	// The city reads its county's page without the county's upload form.
	city := person(t, b)
	browserLogin(t, city, s, demo("dongchuan"))
	if err := chromedp.Do(city, chromedp.Navigate(s.server.URL+"/unit/990102"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	if forms, err := chromedp.Run(city, chromedp.Evaluate[int](`document.querySelectorAll('#upload').length`)); err != nil || forms != 0 {
		t.Fatalf("the city sees %d upload forms on its county's page (%v), want none", forms, err)
	}
}
