package portal_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhengzhi/account"
	"zhengzhi/portal"
	"zhengzhi/warehouse"
)

// TestAuditRowsAndChain: a login, a download, a page, a refusal and a failed
// login each leave a row with account, unit, client and outcome; the client
// address comes from X-Forwarded-For only through a trusted proxy; the chain
// verifies; the auditor's page and export show the rows, and no one else
// reaches them.
func TestAuditRowsAndChain(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(o *portal.Options) { o.TrustedProxies = []string{"127.0.0.1"} })
	c := s.client()
	a := demo("dongchuan")
	r := c.do(http.MethodPost, "/login", formOf(a), map[string]string{"X-Forwarded-For": "203.0.113.9, 10.1.2.3"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("login %d", r.status)
	}
	file := "cities/990100/six-ones.xlsx"
	if r := c.get("/files/" + asOf.String() + "/" + file); r.status != http.StatusOK {
		t.Fatalf("download %d", r.status)
	}
	c.get("/unit/990102")
	c.get("/files/" + asOf.String() + "/cities/990200/six-ones.xlsx")
	c.get("/audit")
	s.client().post("/login", formOf(account.DemoAccount{Login: "dongchuan", Password: "nope"}))

	rows, err := s.w.AuditLog(t.Context(), warehouse.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range rows {
		got = append(got, strings.Join([]string{e.Account, e.Unit, e.Client, e.Action, e.Target, e.Outcome}, "|"))
	}
	want := []string{
		"dongchuan|990100|10.1.2.3|login||成功",
		"dongchuan|990100|127.0.0.1|download|/files/" + asOf.String() + "/" + file + "|成功",
		"dongchuan|990100|127.0.0.1|page|/unit/990102|成功",
		"dongchuan|990100|127.0.0.1|refused|/files/" + asOf.String() + "/cities/990200/six-ones.xlsx|无权下载",
		"dongchuan|990100|127.0.0.1|refused|/audit|仅审计员可访问",
		"dongchuan|990100|127.0.0.1|login||失败：口令错误",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if check := s.verify(); !check.OK || check.Rows != int64(len(want)) {
		t.Fatalf("verify %+v", check)
	}

	auditor := s.loggedIn("shenji")
	page := auditor.get("/audit?account=dongchuan&action=refused")
	if page.status != http.StatusOK || strings.Count(page.body, "无权下载") != 1 || strings.Contains(page.body, "失败：口令错误") {
		t.Fatalf("auditor's page %d:\n%s", page.status, page.body)
	}
	// The page names what was opened in people's words, the logged path
	// beside it, and says how many rows the filter kept.
	named := auditor.get("/audit?account=dongchuan")
	for _, w := range []string{
		"杏山区 单位页", `<span class="raw" title="/unit/990102">/unit/990102</span>`,
		"东川市-“六个一”行动进展情况统计表-" + asOf.String() + ".xlsx", "临江市-“六个一”行动进展情况统计表-" + asOf.String() + ".xlsx",
		`<span class="nowrap">东川市</span> <span class="muted nowrap">990100</span>`,
		"共 6 条记录（已按 账号“dongchuan” 筛选）", `<a class="nowrap" href="/audit">清除筛选</a>`,
	} {
		if !strings.Contains(named.body, w) {
			t.Errorf("the auditor's page lacks %q", w)
		}
	}
	x := auditor.get("/audit/export.xlsx?account=dongchuan")
	if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("export %d %v", x.status, x.header)
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatal(err)
	}
	sheetRows, err := book.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, row := range sheetRows {
		text += strings.Join(row, "|") + "\n"
	}
	for _, w := range []string{"无权下载", "失败：口令错误", "10.1.2.3", rows[0].Hash, "东川市（990100）"} {
		if !strings.Contains(text, w) {
			t.Errorf("export lacks %q:\n%s", w, text)
		}
	}
	// A client that is not a trusted proxy cannot write its own address.
	other := newSite(t, nil)
	other.client().do(http.MethodPost, "/login", formOf(a), map[string]string{"X-Forwarded-For": "203.0.113.9"})
	if rows, _ := other.w.AuditLog(t.Context(), warehouse.AuditFilter{}); len(rows) != 1 || rows[0].Client != "127.0.0.1" {
		t.Fatalf("forwarded address believed from an untrusted peer: %+v", rows)
	}
}

// TestConcurrentDownloadsShareTheAuditLog: downloads at once share the audit
// log's transactions (the writer waits for the rows of requests in flight);
// each has its row once all are answered, and the chain verifies.
func TestConcurrentDownloadsShareTheAuditLog(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	c := s.loggedIn("dongchuan")
	const n = 40
	url := s.server.URL + "/files/" + asOf.String() + "/cities/990100/six-ones.xlsx"
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, err := c.http.Get(url)
			if err != nil {
				statuses <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	for status := range statuses {
		if status != http.StatusOK {
			t.Fatalf("download: %d", status)
		}
	}
	s.settle()
	rows, err := s.w.AuditLog(t.Context(), warehouse.AuditFilter{Action: account.ActDownload})
	if err != nil || len(rows) != n {
		t.Fatalf("%d download rows once every download was answered, want %d: %v", len(rows), n, err)
	}
	if check := s.verify(); !check.OK {
		t.Fatalf("verify %+v", check)
	}
}

// TestAuditPageVerifies: the auditor runs the log's verification from the
// page and reads its result with when it ran; an anchor the log does not
// match is reported with the first bad row.
func TestAuditPageVerifies(t *testing.T) {
	s := newSite(t, nil)
	c := s.loggedIn("shenji")
	if r := c.get("/audit"); !strings.Contains(r.body, "尚未校验审计日志") {
		t.Errorf("the page claims a verification before any ran:\n%s", r.body)
	}
	if r := c.get("/audit?verify=1"); !strings.Contains(r.body, "审计日志校验通过") {
		t.Errorf("a sound log does not verify on the page:\n%s", r.body)
	}
	f, err := os.OpenFile(s.auditFiles.AnchorFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "1 %s %s\n", strings.Repeat("0", 64), "2026-11-24T00:00:00Z")
	f.Close()
	r := c.get("/audit?verify=1")
	if !strings.Contains(r.body, "审计日志校验未通过") || !strings.Contains(r.body, "第 1 条记录起有误") {
		t.Errorf("a log its anchors contradict is not reported:\n%s", r.body)
	}
	if r := c.get("/audit"); !strings.Contains(r.body, "审计日志校验未通过") {
		t.Error("the last verification's result is not kept for the page")
	}
	// Kept outside the portal's memory: a verification at the server shows too.
	if err := account.SaveVerified(s.auditFiles, account.Verified{At: s.clock.Now(), By: "命令行", AuditCheck: account.AuditCheck{OK: true, Rows: 7}}); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/audit"); !strings.Contains(r.body, "审计日志校验通过") || !strings.Contains(r.body, "命令行") {
		t.Error("the page does not show the verification run at the server")
	}
}

// TestAuditPagePages: the audit page shows 200 rows a page, newest first,
// and 较早的记录 leads to the rows before them, with the filter kept.
func TestAuditPagePages(t *testing.T) {
	s := newSite(t, nil)
	c := s.loggedIn("shenji")
	var entries []warehouse.AuditEntry
	for i := range 250 {
		entries = append(entries, warehouse.AuditEntry{At: s.clock.Now(), Account: "probe", Unit: "990100", Client: "127.0.0.1",
			Action: account.ActPage, Target: fmt.Sprintf("/unit/990100?n=%d", i), Outcome: account.OutcomeOK})
	}
	if err := s.audit.Append(t.Context(), entries); err != nil {
		t.Fatal(err)
	}
	first := c.get("/audit?account=probe")
	if got := strings.Count(first.body, "/unit/990100?n="); got != 200 {
		t.Fatalf("first page: %d rows, want 200", got)
	}
	if !strings.Contains(first.body, "n=249") || strings.Contains(first.body, "n=49<") {
		t.Fatal("the first page is not the newest rows")
	}
	m := regexp.MustCompile(`href="(/audit\?[^"]*before=[0-9]+[^"]*)">较早的记录`).FindStringSubmatch(first.body)
	if m == nil {
		t.Fatalf("no link to the older rows:\n%s", first.body)
	}
	older := c.get(html.UnescapeString(m[1]))
	if got := strings.Count(older.body, "/unit/990100?n="); got != 50 || strings.Contains(older.body, "较早的记录") || !strings.Contains(older.body, "最新的记录") {
		t.Fatalf("second page: %d rows (want 50), older link %v", got, strings.Contains(older.body, "较早的记录"))
	}
}
