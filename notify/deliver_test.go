package notify_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"zhengzhi/internal/dbtest"
	"zhengzhi/notify"
	"zhengzhi/warehouse"
)

// clock is a fake clock the deliverer reads.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// smtpBackend is a real SMTP server (go-smtp) that refuses the first
// `refuse` messages with a temporary error and keeps the rest.
type smtpBackend struct {
	refuse int
	mu     sync.Mutex
	tries  int
	got    []string
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

type smtpSession struct{ b *smtpBackend }

func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *smtpSession) Reset()                               {}
func (s *smtpSession) Logout() error                        { return nil }
func (s *smtpSession) Data(r io.Reader) error {
	text, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.tries++
	if s.b.tries <= s.b.refuse {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.b.got = append(s.b.got, string(text))
	return nil
}

func startSMTP(t *testing.T, b *smtpBackend) int {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func mailNotice(t *testing.T, w *warehouse.Warehouse, key string) {
	t.Helper()
	n := warehouse.Notice{Key: notify.Key(key, "account:citya", notify.Mail), Event: key, Kind: notify.KindGeneration,
		Recipient: "account:citya", Channel: notify.Mail, Address: "citya@example.cn", Unit: cityA,
		Title: "2026年11月24日考核结果和报告已更新", Body: "东川市 市局目标责任制考核 46.38分，不合格，第8名（共12个）", Link: "/?as_of=2026-11-24",
		State: warehouse.NoticePending, CreatedAt: t0, NextAt: t0}
	if _, err := w.EnqueueNotices(context.Background(), []warehouse.Notice{n}, nil); err != nil {
		t.Fatal(err)
	}
}

func deliverer(w *warehouse.Warehouse, c *clock, senders map[string]notify.Sender) *notify.Deliverer {
	return &notify.Deliverer{Outbox: w, Senders: senders, Now: c.Now, Owner: "test", MaxAttempts: 4,
		Backoff: time.Minute, MaxBackoff: time.Hour}
}

func TestMailRefusedTwiceThenDeliveredOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := open(t, dsn)
		b := &smtpBackend{refuse: 2}
		port := startSMTP(t, b)
		c := &clock{now: t0}
		mailNotice(t, w, "generation:2026-11-24:1")
		d := deliverer(w, c, map[string]notify.Sender{notify.Mail: notify.MailSender{
			Server: notify.SMTP{Host: "127.0.0.1", Port: port, From: "zhengzhi@example.cn", StartTLS: "none"},
			Portal: "https://zz.example.cn", Now: c.Now}})
		for i := 0; i < 10; i++ {
			if _, err := d.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			c.Advance(5 * time.Minute)
		}
		if len(b.got) != 1 {
			t.Fatalf("server kept %d messages, want exactly 1", len(b.got))
		}
		all, _ := w.Notices(ctx, warehouse.NoticeFilter{})
		if len(all) != 1 || all[0].State != warehouse.NoticeSent || all[0].Attempts != 3 {
			t.Fatalf("notice %+v, want sent after 3 attempts", all)
		}
		attempts, err := w.NoticeAttempts(ctx, all[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(attempts) != 3 || attempts[0].Error == "" || attempts[1].Error == "" || attempts[2].Error != "" {
			t.Fatalf("attempts %+v, want two refusals then a delivery", attempts)
		}
		if !strings.Contains(attempts[0].Error, "451") {
			t.Errorf("a refusal is stored without the server's answer: %q", attempts[0].Error)
		}
		if !attempts[1].At.After(attempts[0].At) {
			t.Errorf("retry not later than the first try")
		}
		msg := b.got[0]
		parsed, err := netmail.ReadMessage(strings.NewReader(msg))
		if err != nil {
			t.Fatal(err)
		}
		dec := new(mime.WordDecoder)
		subject := parsed.Header.Get("Subject")
		if s, err := dec.DecodeHeader(subject); err != nil || s != "2026年11月24日考核结果和报告已更新" {
			t.Errorf("subject %q → %q, %v", subject, s, err)
		}
		if id := parsed.Header.Get("Message-Id"); id != "<"+all[0].Key+"@zhengzhi>" {
			t.Errorf("message id %q is not the notice's key", id)
		}
	})
}

// strictSMTP is a server like some government mail servers: it offers
// neither 8BITMIME nor SMTPUTF8, refuses MAIL parameters asking for them and
// any byte above 127 in a message.
func strictSMTP(t *testing.T) (int, *[]string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var got []string
	var mu sync.Mutex
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				say := func(s string) { fmt.Fprintf(conn, "%s\r\n", s) }
				say("220 strict.example.cn ESMTP")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					switch {
					case strings.HasPrefix(cmd, "EHLO"):
						say("250-strict.example.cn")
						say("250 PIPELINING")
					case strings.HasPrefix(cmd, "MAIL FROM:"):
						if strings.Contains(cmd, "BODY=") || strings.Contains(cmd, "SMTPUTF8") {
							say("555 5.5.4 parameters not recognised")
							continue
						}
						say("250 OK")
					case strings.HasPrefix(cmd, "RCPT TO:"), cmd == "RSET", cmd == "NOOP":
						say("250 OK")
					case cmd == "DATA":
						say("354 go on")
						var b strings.Builder
						ok := true
						for {
							l, err := r.ReadString('\n')
							if err != nil {
								return
							}
							if l == ".\r\n" {
								break
							}
							for i := 0; i < len(l); i++ {
								if l[i] > 127 {
									ok = false
								}
							}
							b.WriteString(l)
						}
						if !ok {
							say("554 5.6.0 8-bit data not accepted")
							continue
						}
						mu.Lock()
						got = append(got, b.String())
						mu.Unlock()
						say("250 OK queued")
					case cmd == "QUIT":
						say("221 bye")
						return
					default:
						say("502 not implemented")
					}
				}
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port, &got
}

func TestMailToAStrictServer(t *testing.T) {
	ctx := context.Background()
	w := open(t, dbtest.New(t, "sqlite"))
	port, got := strictSMTP(t)
	c := &clock{now: t0}
	mailNotice(t, w, "generation:2026-11-24:strict")
	d := deliverer(w, c, map[string]notify.Sender{notify.Mail: notify.MailSender{
		Server: notify.SMTP{Host: "127.0.0.1", Port: port, From: "zhengzhi@example.cn", StartTLS: "none"}, Now: c.Now}})
	rep, err := d.DeliverDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 1 || len(*got) != 1 {
		all, _ := w.Notices(ctx, warehouse.NoticeFilter{})
		t.Fatalf("report %+v, server got %d; notice %+v", rep, len(*got), all)
	}
	if !strings.Contains((*got)[0], "quoted-printable") {
		t.Errorf("body not quoted-printable:\n%s", (*got)[0])
	}
}

func TestMailAddressesNeedNoSMTPUTF8(t *testing.T) {
	for addr, ok := range map[string]bool{"a.b@example.cn": true, "张三@example.cn": false, "a@b": false, "a b@example.cn": false, "x@@y.cn": false} {
		if notify.ValidAddress(addr) != ok {
			t.Errorf("ValidAddress(%q) = %v", addr, !ok)
		}
	}
}

// dingTalk is a 钉钉 endpoint that checks every request's signature and
// answers with status.
type dingTalk struct {
	secret string
	status int
	posts  atomic.Int64
	bad    atomic.Int64
	clock  *clock
}

func (d *dingTalk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.posts.Add(1)
	ts := r.URL.Query().Get("timestamp")
	ms, _ := strconv.ParseInt(ts, 10, 64)
	var msg struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	body, _ := io.ReadAll(r.Body)
	if r.URL.Query().Get("access_token") != "tok" || r.URL.Query().Get("sign") != notify.DingTalkSign(ts, d.secret) ||
		time.UnixMilli(ms).Sub(d.clock.Now()).Abs() > time.Hour || json.Unmarshal(body, &msg) != nil || msg.MsgType != "text" || len(msg.Text.Content) > 20000 {
		d.bad.Add(1)
		w.Write([]byte(`{"errcode":310000,"errmsg":"sign not match"}`))
		return
	}
	w.WriteHeader(d.status)
	w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

func robotNotices(t *testing.T, w *warehouse.Warehouse, n int) {
	t.Helper()
	var ns []warehouse.Notice
	for i := range n {
		key := fmt.Sprintf("set-aside:990200:%d", i)
		ns = append(ns, warehouse.Notice{Key: notify.Key(key, "robot:cityb", notify.Robot), Event: key, Kind: notify.KindSetAside,
			Recipient: "robot:cityb", Channel: notify.Robot, Address: "cityb", Unit: cityB,
			Title: "临江市有数据被搁置", Body: strings.Repeat("第1行 统一社会信用代码无效。", 3000), Link: "/quality/990200",
			State: warehouse.NoticePending, CreatedAt: t0, NextAt: t0})
	}
	if _, err := w.EnqueueNotices(context.Background(), ns, nil); err != nil {
		t.Fatal(err)
	}
}

func robotSender(c *clock, kind, url, secret string) notify.RobotSender {
	return notify.RobotSender{Now: c.Now, Portal: "https://zz.example.cn",
		Robots: map[string]notify.RobotConfig{"cityb": {Name: "cityb", Unit: cityB, Kind: kind, URL: url, Secret: secret}}}
}

func perMinute(s notify.RobotSender) notify.Limiter {
	return func(n warehouse.Notice) int {
		if n.Channel != notify.Robot {
			return 0
		}
		return s.Robots[n.Address].PerMinute()
	}
}

func TestRobotFailingIsRetriedThenFailedAndShown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := open(t, dsn)
		c := &clock{now: t0}
		ding := &dingTalk{secret: "SEC-s3cr3t", status: http.StatusInternalServerError, clock: c}
		srv := httptest.NewServer(ding)
		defer srv.Close()
		robotNotices(t, w, 1)
		s := robotSender(c, notify.DingTalk, srv.URL+"/robot/send?access_token=tok", "SEC-s3cr3t")
		d := deliverer(w, c, map[string]notify.Sender{notify.Robot: s})
		d.PerMinute = perMinute(s)
		for i := 0; i < 12; i++ {
			if _, err := d.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
			c.Advance(20 * time.Minute)
		}
		if ding.bad.Load() != 0 {
			t.Fatalf("%d requests with a bad signature or shape", ding.bad.Load())
		}
		failed, _ := w.Notices(ctx, warehouse.NoticeFilter{State: warehouse.NoticeFailed})
		if len(failed) != 1 || failed[0].Attempts != 4 || ding.posts.Load() != 4 {
			t.Fatalf("failed %+v after %d posts, want one notice failed after 4", failed, ding.posts.Load())
		}
		if !strings.Contains(failed[0].LastError, "500") || strings.Contains(failed[0].LastError, "tok") || strings.Contains(failed[0].LastError, "SEC") {
			t.Errorf("stored error %q: want the status, never the token or secret", failed[0].LastError)
		}
	})
}

func TestRobotRateLimitSpreadsAcrossMinutes(t *testing.T) {
	ctx := context.Background()
	w := open(t, dbtest.New(t, "sqlite"))
	c := &clock{now: t0}
	ding := &dingTalk{secret: "k", status: http.StatusOK, clock: c}
	srv := httptest.NewServer(ding)
	defer srv.Close()
	robotNotices(t, w, 25)
	s := robotSender(c, notify.DingTalk, srv.URL+"/robot/send?access_token=tok", "k")
	d := deliverer(w, c, map[string]notify.Sender{notify.Robot: s})
	d.PerMinute = perMinute(s)
	rep, err := d.DeliverDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 20 || ding.posts.Load() != 20 {
		t.Fatalf("first minute: %+v, %d posts; want 20 sent", rep, ding.posts.Load())
	}
	c.Advance(61 * time.Second)
	if _, err := d.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if ding.posts.Load() != 25 || ding.bad.Load() != 0 {
		t.Fatalf("after a minute: %d posts (%d bad), want 25", ding.posts.Load(), ding.bad.Load())
	}
}

func TestFeishuAndWeComMessages(t *testing.T) {
	ctx := context.Background()
	c := &clock{now: t0}
	var got []map[string]any
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &m)
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
		if strings.Contains(r.URL.Path, "feishu") {
			w.Write([]byte(`{"code":0,"msg":"success"}`))
			return
		}
		if len(body) > 2048+200 {
			w.Write([]byte(`{"errcode":40058,"errmsg":"content exceed max length"}`))
			return
		}
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer srv.Close()
	n := warehouse.Notice{Title: "标题", Body: strings.Repeat("很长的正文", 2000), Link: "/x", Address: "cityb"}
	if err := robotSender(c, notify.Feishu, srv.URL+"/feishu/hook", "fs").Send(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := robotSender(c, notify.WeCom, srv.URL+"/wecom/send?key=k", "").Send(ctx, n); err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(t0.Unix(), 10)
	if got[0]["timestamp"] != ts || got[0]["sign"] != notify.FeishuSign(ts, "fs") || got[0]["msg_type"] != "text" {
		t.Errorf("飞书 message %v: want the timestamp in seconds and its sign in the body", got[0])
	}
	if got[1]["msgtype"] != "text" {
		t.Errorf("企业微信 message %v", got[1])
	}
}

func TestTwoDeliverersSendEachNoticeOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w1, w2 := open(t, dsn), open(t, dsn)
		c := &clock{now: t0}
		var posts atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			posts.Add(1)
			w.Write([]byte(`{}`))
		}))
		defer srv.Close()
		robotNotices(t, w1, 30)
		var wg sync.WaitGroup
		for i, w := range []*warehouse.Warehouse{w1, w2} {
			d := deliverer(w, c, map[string]notify.Sender{notify.Robot: robotSender(c, notify.Webhook, srv.URL, "")})
			d.Owner = fmt.Sprint("instance-", i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := d.DeliverDue(ctx); err != nil && !errors.Is(err, context.Canceled) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if posts.Load() != 30 {
			t.Fatalf("%d posts for 30 notices from two instances", posts.Load())
		}
	})
}
