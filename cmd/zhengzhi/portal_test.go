package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// serveChild, when set, makes the test binary a `zhengzhi serve` process
// with these arguments (tab-separated): the helper main of the test with
// two serve processes on one warehouse.
const serveChild = "ZZ_TEST_SERVE_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(serveChild); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, strings.Split(args, "\t"), os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// withStdin runs f with the user commands reading text as standard input.
func withStdin(text string, f func()) {
	old := stdin
	stdin = strings.NewReader(text)
	defer func() { stdin = old }()
	f()
}

// TestUserCommandsAndAuditVerify adds, lists, resets, disables and unlocks
// accounts from the command line, then verifies the audit log those commands
// wrote — and finds it broken once a row is changed or deleted in the
// database directly.
func TestUserCommandsAndAuditVerify(t *testing.T) {
	dbtest.EachSerial(t, func(t *testing.T, dsn string) {
		cfg := schedulingTestConfig(t, "")
		text, _ := os.ReadFile(cfg)
		os.WriteFile(cfg, []byte(strings.Replace(string(text), "warehouse: sqlite:warehouse.db", "warehouse: "+dsn, 1)), 0o644)
		migrated(t, cfg)
		migrated(t, cfg)
		cli := func(input string, args ...string) (int, string, string) {
			var code int
			var out, errOut string
			withStdin(input, func() { code, out, errOut = runCLI(t, append(args, "--config", cfg)...) })
			return code, out, errOut
		}
		if code, _, stderr := cli("Desk#2026-pass\n", "user", "add", "--login", "clerk", "--unit", "990100", "--role", "city", "--password-stdin"); code != exitOK {
			t.Fatalf("user add: %d %s", code, stderr)
		}
		for _, bad := range [][]string{
			{"user", "add", "--login", "clerk", "--unit", "990100", "--role", "city", "--password-stdin"},                            // taken
			{"user", "add", "--login", "boss", "--unit", "990100", "--role", "leader", "--password-stdin"},                           // a leader at a city
			{"user", "add", "--login", "weak", "--unit", "990100", "--role", "city", "--password-stdin"},                             // weak password below
			{"user", "add", "--login", "nopw", "--unit", "990100", "--role", "city"},                                                 // no --password-stdin
			{"user", "add", "--login", "both", "--unit", "990000", "--role", "province", "--admin", "--auditor", "--password-stdin"}, // 三员
		} {
			input := "Other#2026-pass\n"
			if bad[3] == "weak" {
				input = "short\n"
			}
			if code, _, _ := cli(input, bad...); code != exitUsage {
				t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
			}
		}
		if code, _, stderr := cli("Desk#2026-pass\n", "user", "passwd", "clerk", "--password-stdin"); code != exitUsage || !strings.Contains(stderr, "最近 5 次") {
			t.Errorf("reusing the password: %d %s", code, stderr)
		}
		for _, args := range [][]string{{"user", "passwd", "clerk", "--password-stdin", "--permanent"}, {"user", "disable", "clerk"},
			{"user", "enable", "clerk"}, {"user", "unlock", "clerk"}} {
			if code, _, stderr := cli("Newer#2026-pass\n", args...); code != exitOK {
				t.Fatalf("%v: %d %s", args, code, stderr)
			}
		}
		// An auditor is made at the server only, and that is audited.
		if code, _, stderr := cli("Audit#2026-pass\n", "user", "add", "--login", "auditor", "--unit", "990000", "--role", "province", "--auditor", "--password-stdin"); code != exitOK {
			t.Fatalf("user add --auditor: %d %s", code, stderr)
		}
		code, out, _ := cli("", "user", "list", "--format", "json")
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); code != exitOK || err != nil || len(list) != 2 || list[1]["login"] != "clerk" ||
			list[1]["temporary_password"] != false || list[1]["role"] != "city" || list[0]["auditor"] != true || list[0]["admin"] != false {
			t.Fatalf("user list: %d %s", code, out)
		}
		if code, _, _ := cli("", "user", "demo"); code != exitUsage {
			t.Errorf("user demo without demo: true: %d", code)
		}

		code, out, _ = cli("", "audit", "verify")
		if code != exitOK || !strings.Contains(out, "校验通过：6 条记录") || !strings.Contains(out, "6 个锚点相符") {
			t.Fatalf("audit verify: %d %s", code, out)
		}
		// The key beside the config, 0600; each command anchored its row.
		dir := filepath.Dir(cfg)
		if st, err := os.Stat(filepath.Join(dir, "audit.key")); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("audit.key: %v, %v", st, err)
		}
		if text, err := os.ReadFile(filepath.Join(dir, "audit-anchors.log")); err != nil || strings.Count(string(text), "\n") != 6 {
			t.Fatalf("anchors: %q, %v", text, err)
		}
		xlsx := filepath.Join(t.TempDir(), "audit.xlsx")
		if code, _, stderr := cli("", "audit", "export", "--from", "2020-01-01", "--to", "2099-12-31", "--out", xlsx); code != exitOK {
			t.Fatalf("audit export: %d %s", code, stderr)
		}
		if st, err := os.Stat(xlsx); err != nil || st.Size() == 0 {
			t.Fatalf("export file: %v", err)
		}
		db := dbtest.Open(t, dsn)
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, db.Rebind(`UPDATE audit_log SET outcome = ? WHERE seq = 2`), "成功（改）"); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := cli("", "audit", "verify"); code != exitFailed || !strings.Contains(out, "第 2 条记录的内容与其哈希不符") {
			t.Fatalf("verify after a change: %d %s", code, out)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := cli("", "audit", "verify"); code != exitFailed || !strings.Contains(out, "第 2 条记录缺失") {
			t.Fatalf("verify after a deletion: %d %s", code, out)
		}
	})
}

// TestTwoServeProcessesShareSessions starts two `zhengzhi serve` processes
// on one PostgreSQL warehouse: a session made by one is good on the other,
// and a logout on the other ends it on both — at once, since the processes
// run with `session_cache: 0s` (with the default cache, within a second:
// TestAnotherServerSeesRevocationWithinTheCacheTime in portal/).
func TestTwoServeProcessesShareSessions(t *testing.T) {
	dsn := dbtest.Warehouse(t, sqldb.Postgres)
	cfg := schedulingTestConfig(t, "demo: true\nportal:\n  session_cache: 0s\n")
	text, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(text), "warehouse: sqlite:warehouse.db", "warehouse: "+dsn, 1)), 0o644)
	migrated(t, cfg)
	if code, _, stderr := runCLI(t, "user", "demo", "--config", cfg); code != exitOK {
		t.Fatalf("user demo: %s", stderr)
	}
	var addrs []string
	for i := range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), serveChild+"=serve\t--config\t"+cfg+"\t--addr\t127.0.0.1:0")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		logFile := filepath.Join(t.TempDir(), "serve.log")
		stderr, _ := os.Create(logFile)
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve %d did not stop cleanly: %v", i, err)
				}
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Errorf("serve %d did not stop on SIGTERM", i)
			}
			if t.Failed() {
				text, _ := os.ReadFile(logFile)
				t.Logf("serve %d log:\n%s", i, text)
			}
		})
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "portal serving on ") {
			t.Fatalf("serve %d said %q, %v", i, line, err)
		}
		addrs = append(addrs, strings.TrimSpace(strings.TrimPrefix(line, "portal serving on ")))
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(addrs[0]+"/login", url.Values{"login": {"dongchuan"}, "password": {"Demo#2026-City"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on the first: %v %v", resp, err)
	}
	resp.Body.Close()
	first, _ := url.Parse(addrs[0])
	session := jar.Cookies(first) // cookies are per host, not port: either process gets it, as behind a proxy
	get := func(addr string) int {
		req, _ := http.NewRequest(http.MethodGet, addr+"/rankings", nil)
		for _, k := range session {
			req.AddCookie(k)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if a, b := get(addrs[0]), get(addrs[1]); a != http.StatusOK || b != http.StatusOK {
		t.Fatalf("the session on the two processes: %d, %d", a, b)
	}
	resp, err = c.PostForm(addrs[1]+"/logout", url.Values{})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on the second: %v %v", resp, err)
	}
	resp.Body.Close()
	if a := get(addrs[0]); a != http.StatusSeeOther {
		t.Fatalf("the first still serves a session ended on the second: %d", a)
	}
}
