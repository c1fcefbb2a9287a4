package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zhengzhi/notify"
	"zhengzhi/warehouse"
)

// TestNoticesListAndUnreadCount: an account sees its own notices with the
// unread count in every page's header, marks one and then all read, and can
// neither see nor mark another account's; the province page lists the
// notices that failed.
func TestNoticesListAndUnreadCount(t *testing.T) {
	s := newSite(t, nil)
	ctx := context.Background()
	at := s.clock.Now()
	rec := notify.Recorder{Store: s.w, Recipients: func(context.Context) ([]notify.Recipient, error) {
		return []notify.Recipient{
			{Key: "account:xingshan", Channel: notify.Inbox, Sees: func(u string) bool { return u == "990102" }},
			{Key: "account:linjiang", Channel: notify.Inbox, Sees: func(u string) bool { return u == "990200" }},
			{Key: "robot:linjiang", Channel: notify.Robot, Address: "linjiang", Sees: func(u string) bool { return u == "990200" }},
		}, nil
	}}
	for _, ev := range []notify.Event{
		{Key: "stale:990102:1", Kind: notify.KindStale, Unit: "990102", Title: "催报：杏山区数据已80小时未成功更新", Link: "/quality/990102", At: at,
			Lines: []notify.Line{{Unit: "990102", Text: "请检查本单位数据库的连接和报送。"}}},
		{Key: "set-aside:990102:2", Kind: notify.KindSetAside, Unit: "990102", Title: "杏山区本次拉取有4行数据被搁置", Link: "//evil.example/x", At: at},
		{Key: "set-aside:990200:3", Kind: notify.KindSetAside, Unit: "990200", Title: "临江市本次拉取有2行数据被搁置", Link: "/quality/990200", At: at},
	} {
		if _, err := rec.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	county := s.loggedIn("xingshan")
	home := county.get("/")
	if !strings.Contains(home.body, `aria-label="2 条未读">2</span>`) {
		t.Fatalf("home page header without the unread count 2:\n%s", home.body)
	}
	page := county.get("/notices")
	if page.status != http.StatusOK || !strings.Contains(page.body, "催报：杏山区") || strings.Contains(page.body, "临江市") {
		t.Fatalf("notices page %d:\n%s", page.status, page.body)
	}
	if strings.Contains(page.body, "evil.example") {
		t.Errorf("a link off the portal is shown")
	}
	mine, _ := s.w.Notices(ctx, warehouse.NoticeFilter{Recipient: "account:xingshan"})
	theirs, _ := s.w.Notices(ctx, warehouse.NoticeFilter{Recipient: "account:linjiang"})
	if r := county.post("/notices/"+itoa(theirs[0].ID)+"/read", nil); r.status != http.StatusSeeOther {
		t.Fatalf("mark another's notice: %d", r.status)
	}
	if n, _ := s.w.UnreadNotices(ctx, "account:linjiang"); n != 1 {
		t.Fatalf("another account's notice was marked read")
	}
	county.post("/notices/"+itoa(mine[0].ID)+"/read", nil)
	if n, _ := s.w.UnreadNotices(ctx, "account:xingshan"); n != 1 {
		t.Fatalf("unread %d after marking one, want 1", n)
	}
	county.post("/notices/read", nil)
	if home := county.get("/"); strings.Contains(home.body, "条未读") {
		t.Fatalf("the badge stays after marking all read")
	}

	// The robot's notice fails for good: the province office sees it.
	robot, _ := s.w.Notices(ctx, warehouse.NoticeFilter{Recipient: "robot:linjiang"})
	s.w.RecordAttempt(ctx, warehouse.NoticeAttempt{NoticeID: robot[0].ID, Attempt: 6, Recipient: "robot:linjiang", At: at,
		Error: "群机器人返回 HTTP 500", State: warehouse.NoticeFailed, NextAt: at})
	prov := s.loggedIn("sheng").get("/province")
	if !strings.Contains(prov.body, "发送失败的通知") || !strings.Contains(prov.body, "群机器人返回 HTTP 500") {
		t.Fatalf("province page does not show the failed notice")
	}
	if city := s.loggedIn("linjiang").get("/province"); strings.Contains(city.body, "群机器人返回") {
		t.Fatalf("a city sees the province's failed notices")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestAdminSetsAnAccountsMailAddress: the admin page takes the address a
// new account's notices are mailed to, and refuses one that needs SMTPUTF8.
func TestAdminSetsAnAccountsMailAddress(t *testing.T) {
	s := newSite(t, nil)
	admin := s.loggedIn("guanli")
	bad := admin.post("/admin/accounts", url.Values{"login": {"mailer1"}, "unit": {"990100"}, "role": {"city"}, "email": {"张三@example.cn"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "邮件地址") {
		t.Fatalf("a non-ASCII address: %d", bad.status)
	}
	if _, err := s.w.AccountByLogin(t.Context(), "mailer1"); err == nil {
		t.Fatal("the account was made with a refused address")
	}
	ok := admin.post("/admin/accounts", url.Values{"login": {"mailer2"}, "unit": {"990100"}, "role": {"city"}, "email": {"mailer2@example.cn"}})
	if ok.status != http.StatusOK || !strings.Contains(ok.body, "临时口令如下") {
		t.Fatalf("new account with an address: %d\n%s", ok.status, ok.body)
	}
	emails, err := s.w.AccountEmails(t.Context())
	if err != nil || emails["mailer2"] != "mailer2@example.cn" {
		t.Fatalf("addresses %v, %v", emails, err)
	}
}
