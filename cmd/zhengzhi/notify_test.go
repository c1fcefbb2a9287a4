package main

import (
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

// mailbox is a real SMTP server (go-smtp) keeping what it is sent.
type mailbox struct {
	mu  sync.Mutex
	got []string
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return mailSession{m}, nil }

type mailSession struct{ m *mailbox }

func (s mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.got = append(s.m.got, to)
	return nil
}
func (s mailSession) Data(r io.Reader) error { _, err := io.ReadAll(r); return err }
func (s mailSession) Reset()                 {}
func (s mailSession) Logout() error          { return nil }

// TestRenderNotifiesEachReaderOnce renders a date, then renders it again
// unchanged: the first render makes one notice per account and channel
// naming only the account's own units, the second none; `notify send`
// mails the one account with an address, once, however often it runs.
func TestRenderNotifiesEachReaderOnce(t *testing.T) {
	// Serial: the user commands read the one standard input.
	dbtest.EachSerial(t, func(t *testing.T, dsn string) {
		box := &mailbox{}
		srv := smtp.NewServer(box)
		srv.Domain, srv.AllowInsecureAuth = "localhost", true
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(l)
		defer srv.Close()
		rules, _ := filepath.Abs("../../templates/rules/2026/target-responsibility-county.yaml")
		cfg := schedulingTestConfig(t, "demo: true\nsources: [{unit: \"990100\", dsn: \"sqlite:bureaus/990100.db\"}]\nrulesets: ["+rules+"]\nnotify:\n  portal_url: https://zz.example.cn\n  smtp: {host: 127.0.0.1, port: "+
			strconv.Itoa(l.Addr().(*net.TCPAddr).Port)+", from: zz@example.cn, starttls: none}\n")
		setWarehouse(t, cfg, dsn)
		for _, args := range [][]string{{"migrate", "--config", cfg}, {"seed", "--config", cfg, "--scale", "demo"}, {"ingest", "--config", cfg}} {
			if code, _, stderr := runCLI(t, args...); code != exitOK {
				t.Fatalf("%v: %d %s", args, code, stderr)
			}
		}
		for _, a := range [][]string{{"prov", "990000", "province"}, {"clerk", "990100", "city"}, {"county", "990102", "county"}, {"other", "990200", "city"}} {
			var code int
			var stderr string
			withStdin("Desk#2026-pass\n", func() {
				code, _, stderr = runCLI(t, "user", "add", "--config", cfg, "--login", a[0], "--unit", a[1], "--role", a[2], "--password-stdin")
			})
			if code != exitOK {
				t.Fatalf("user add %s: %s", a[0], stderr)
			}
		}
		if code, _, stderr := runCLI(t, "user", "set", "clerk", "--config", cfg, "--email", "张三@example.cn"); code != exitUsage {
			t.Fatalf("an address that needs SMTPUTF8: exit %d %s", code, stderr)
		}
		if code, _, stderr := runCLI(t, "user", "set", "--login", "clerk", "--config", cfg, "--email", "clerk@example.cn"); code != exitOK {
			t.Fatalf("user set --email: %d %s", code, stderr)
		}
		render := func() {
			t.Helper()
			if code, _, stderr := runCLI(t, "render", "--config", cfg, "--as-of", "2026-11-24", "--only", "scorecard"); code != exitOK {
				t.Fatalf("render: %d %s", code, stderr)
			}
		}
		status := func() []warehouse.Notice {
			t.Helper()
			code, out, stderr := runCLI(t, "notify", "status", "--config", cfg, "--format", "json")
			if code != exitOK {
				t.Fatalf("notify status: %d %s", code, stderr)
			}
			var doc struct{ Notices []warehouse.Notice }
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			return doc.Notices
		}
		render()
		first := status()
		byKey := map[string]warehouse.Notice{}
		for _, n := range first {
			byKey[n.Recipient+"/"+n.Channel] = n
		}
		want := []string{"account:prov/inbox", "account:clerk/inbox", "account:clerk/mail", "account:county/inbox", "account:other/inbox"}
		if len(first) != len(want) {
			t.Fatalf("%d notices after a render, want %d: %+v", len(first), len(want), byKey)
		}
		for _, k := range want {
			if _, ok := byKey[k]; !ok {
				t.Errorf("no notice %s", k)
			}
		}
		county := byKey["account:county/inbox"].Body
		if !strings.Contains(county, "杏山区") || strings.Count(county, "名（共") != 1 {
			t.Errorf("county's notice names other units' scores: %q", county)
		}
		if other := byKey["account:other/inbox"].Body; strings.Contains(other, "杏山区") || strings.Count(other, "名（共") == 0 {
			t.Errorf("another city's notice names 杏山区, or none of its own: %q", other)
		}
		if clerk := byKey["account:clerk/inbox"].Body; !strings.Contains(clerk, "杏山区") {
			t.Errorf("the city's notice does not name its county: %q", clerk)
		}
		render()
		if again := status(); len(again) != len(first) {
			t.Fatalf("an unchanged re-render made %d new notices", len(again)-len(first))
		}
		for range 2 {
			if code, out, stderr := runCLI(t, "notify", "send", "--config", cfg); code != exitOK {
				t.Fatalf("notify send: %d %s %s", code, out, stderr)
			}
		}
		box.mu.Lock()
		got := append([]string(nil), box.got...)
		box.mu.Unlock()
		if len(got) != 1 || got[0] != "clerk@example.cn" {
			t.Fatalf("mail sent to %v, want clerk@example.cn once", got)
		}
		code, out, _ := runCLI(t, "notify", "status", "--config", cfg, "--format", "csv")
		if code != exitOK || !strings.HasPrefix(out, "\ufeff编号,接收方") || !strings.Contains(out, "已送达") {
			t.Errorf("csv status: %d %q", code, out)
		}
	})
}

// setWarehouse points a test config at a warehouse DSN.
func setWarehouse(t *testing.T, cfg, dsn string) {
	t.Helper()
	text, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(text), "warehouse: sqlite:warehouse.db", "warehouse: "+dsn, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
