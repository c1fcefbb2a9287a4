package portal

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// The portal's 通知 list: each account's notices, made by the notify package
// through the same access rule (a notice names only what the account may
// see, and its link is checked again when opened), newest first.

// noticeRow is a notice as the 通知 page shows it.
type noticeRow struct {
	ID         int64
	Title      string
	Lines      []string
	Link, When string
	Unread     bool
}

// noticesData is the 通知 page.
type noticesData struct {
	Rows   []noticeRow
	Unread int
}

// unreadCache keeps each account's unread count for a second, so that the
// badge every page shows costs the warehouse one query a second per account
// rather than one per request; marking notices read here forgets it at once.
type unreadCache struct {
	mu sync.Mutex
	by map[string]unreadCount
}

type unreadCount struct {
	n  int
	at time.Time
}

// count is the recipient's unread count, read again when a second old. A
// count that cannot be read leaves the badge off (0); the 通知 page says more.
func (c *unreadCache) count(ctx context.Context, w *warehouse.Warehouse, recipient string, now time.Time) int {
	c.mu.Lock()
	got, ok := c.by[recipient]
	c.mu.Unlock()
	if ok && now.Sub(got.at) < time.Second && !now.Before(got.at) {
		return got.n
	}
	n, err := w.UnreadNotices(ctx, recipient)
	if err != nil {
		return 0
	}
	c.mu.Lock()
	if c.by == nil {
		c.by = map[string]unreadCount{}
	}
	c.by[recipient] = unreadCount{n: n, at: now}
	c.mu.Unlock()
	return n
}

// forget drops a recipient's count, after its notices were marked read.
func (c *unreadCache) forget(recipient string) {
	c.mu.Lock()
	delete(c.by, recipient)
	c.mu.Unlock()
}

// noticeChannels are the channels' Chinese names.
var noticeChannels = map[string]string{"inbox": "门户通知", "mail": "邮件", "robot": "群机器人"}

// recipientOf is the account's key in the outbox.
func recipientOf(v *viewer) string { return "account:" + v.acct.Login }

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	list, err := s.w.Notices(r.Context(), warehouse.NoticeFilter{Recipient: recipientOf(v), Channel: "inbox", Limit: 200})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var data noticesData
	for _, n := range list {
		row := noticeRow{ID: n.ID, Title: n.Title, Link: localLink(n.Link), When: s.localTime(n.CreatedAt), Unread: n.ReadAt.IsZero()}
		if n.Body != "" {
			row.Lines = strings.Split(n.Body, "\n")
		}
		if row.Unread {
			data.Unread++
		}
		data.Rows = append(data.Rows, row)
	}
	s.show(w, r, http.StatusOK, "notices", layout{Title: "通知", Data: data})
}

// markNoticesRead marks one notice (POST /notices/{id}/read) or all of the
// account's (POST /notices/read) read; another account's notice is never touched.
func (s *Server) markNoticesRead(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	var id int64
	target := "全部"
	if p := r.PathValue("id"); p != "" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n <= 0 {
			s.notFound(w, r)
			return
		}
		id, target = n, p
	}
	if err := s.w.MarkNoticesRead(r.Context(), recipientOf(v), id, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.unread.forget(recipientOf(v))
	s.audit(r, v, account.ActNoticeRead, target, account.OutcomeOK)
	http.Redirect(w, r, "/notices", http.StatusSeeOther)
}

// localLink keeps a notice's link on the portal: a path of its own, never
// another site (a notice's link is made here, but the row lives in a database).
func localLink(link string) string {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.Contains(link, "\\") {
		return "/"
	}
	return link
}
