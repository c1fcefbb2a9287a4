package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// hardPasswords hold every character that breaks a naive URL: the test
// writes each as is and percent-encoded.
var hardPasswords = []string{"Pa#ss", "a/b", "50%off", "p@ss:w?rd", "x@/?:%#y", "%41bc"}

// TestMaskHidesEveryPassword masks DSNs of every shape a config may hold:
// no secret survives, and the host and database stay readable.
func TestMaskHidesEveryPassword(t *testing.T) {
	for _, pw := range hardPasswords {
		for _, written := range []string{pw, url.QueryEscape(pw)} {
			for _, dsn := range []string{
				"postgres://bureau:" + written + "@10.1.2.3:5432/bureau_990100?sslmode=disable",
				"mysql://bureau:" + written + "@db.example:3306/bureau",
				"postgres://bureau@10.1.2.3/bureau_990100?sslmode=disable&password=" + written,
				"postgres://bureau:" + written + "@10.1.2.3/b?application_name=a@b&password=" + written,
			} {
				got := sqldb.Mask(dsn)
				for _, secret := range []string{pw, written} {
					if len(secret) >= 3 && strings.Contains(got, secret) {
						t.Errorf("Mask(%q) = %q shows the password %q", dsn, got, secret)
					}
				}
				if !strings.Contains(got, "xxxxx") || (!strings.Contains(got, "10.1.2.3") && !strings.Contains(got, "db.example")) {
					t.Errorf("Mask(%q) = %q: want the host and a mark where the password was", dsn, got)
				}
			}
		}
	}
	for dsn, want := range map[string]string{
		"postgres://zz@127.0.0.1:5432/bureau_990100":              "postgres://zz@127.0.0.1:5432/bureau_990100",
		"postgres://zz:secret@127.0.0.1:5432/db":                  "postgres://zz:xxxxx@127.0.0.1:5432/db",
		"sqlite:output/warehouse.db":                              "sqlite:output/warehouse.db",
		"mysql://root@127.0.0.1:3306/db?password=top":             "mysql://root@127.0.0.1:3306/db?password=xxxxx",
		"oracle:user/secret@tns":                                  "(DSN not shown: it is not a URL)",
		"postgres://u:se(cr)et@%%%bad host/db":                    "postgres://xxxxx@%%%bad host/db",
		"postgres://u:pw@host/db?sslmode=disable&sslpassword=key": "postgres://u:xxxxx@host/db?sslmode=disable&sslpassword=xxxxx",
	} {
		if got := sqldb.Mask(dsn); got != want {
			t.Errorf("Mask(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// TestParseKeepsAnyPassword reads server DSNs whose password holds '@', '/',
// '?', ':', '%' and '#', written as is or percent-encoded: the driver gets
// the password whole. A MySQL DSN is built with the driver's Config.
func TestParseKeepsAnyPassword(t *testing.T) {
	for _, pw := range hardPasswords {
		for _, written := range []string{pw, url.PathEscape(pw)} {
			if written == "%41bc" { // valid percent-encoding is read as such: write %2541bc for "%41bc"
				continue
			}
			_, _, source, err := sqldb.Parse("mysql://bureau:" + written + "@db.example/bureau_990100?timeout=5s")
			if err != nil {
				t.Fatalf("%q: %v", written, err)
			}
			cfg, err := mysql.ParseDSN(source)
			if err != nil {
				t.Fatalf("%q: the driver cannot read %v", written, err)
			}
			if cfg.Passwd != pw || cfg.User != "bureau" || cfg.Addr != "db.example:3306" || cfg.DBName != "bureau_990100" || !cfg.ParseTime {
				t.Errorf("%q: driver config user %q password %q addr %s db %s", written, cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
			}
			_, _, pg, err := sqldb.Parse("postgres://bureau:" + written + "@10.1.2.3:5432/bureau_990100?sslmode=disable")
			if err != nil {
				t.Fatalf("%q: %v", written, err)
			}
			u, err := url.Parse(pg)
			if p, _ := u.User.Password(); err != nil || p != pw || u.Host != "10.1.2.3:5432" {
				t.Errorf("%q: pgx gets %q (password %q)", written, pg, p)
			}
		}
	}
	for _, bad := range []string{"postgresql//x", "mysql://u:p@bad host/db", "oracle://x", "sqlite:"} {
		if _, _, _, err := sqldb.Parse(bad); !errors.Is(err, sqldb.ErrBadDSN) {
			t.Errorf("Parse(%q) = %v, want a bad DSN", bad, err)
		}
	}
}

// TestMySQLPasswordWithSpecialCharacters logs into MariaDB as a user whose
// password is `p@/?:%#w`, written in the DSN as is and percent-encoded.
func TestMySQLPasswordWithSpecialCharacters(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.New(t, sqldb.MySQL)
	admin := dbtest.Open(t, dsn)
	user := fmt.Sprintf("zz_pw_%d", os.Getpid())
	const password = "p@/?:%#w"
	if _, err := admin.ExecContext(ctx, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP USER '"+user+"'@'%'") })
	u, _ := url.Parse(dsn)
	for _, written := range []string{password, url.PathEscape(password)} {
		db, err := sqldb.Open(ctx, "mysql://"+user+":"+written+"@"+u.Host+"/")
		if err != nil {
			t.Fatalf("password written %q: %v", written, err)
		}
		var who string
		if err := db.GetContext(ctx, &who, "SELECT CURRENT_USER()"); err != nil || !strings.HasPrefix(who, user+"@") {
			t.Errorf("logged in as %q, %v", who, err)
		}
		db.Close()
	}
	_, err := sqldb.Open(ctx, "mysql://"+user+":wrong"+password+"@"+u.Host+"/")
	if err == nil || strings.Contains(err.Error(), password) {
		t.Errorf("a wrong password: %v", err)
	}
}

// TestParseRefusesUnlistedParameters: a server DSN carries only the
// parameters its engine lists (sqldb.Params); any other — a session variable
// the old driver wiring sent to the bureau's server as SET — is refused and
// named, and a parameter with a value the driver refuses is named too.
func TestParseRefusesUnlistedParameters(t *testing.T) {
	for dsn, want := range map[string]string{
		"mysql://u@h/db?sql_mode=ANSI":                        "sql_mode",
		"mysql://u@h/db?autocommit=0":                         "autocommit",
		"mysql://u@h/db?transaction_read_only=0":              "transaction_read_only",
		"mysql://u@h/db?tls=maybe":                            "tls",
		"mysql://u@h/db?timeout=soon":                         "timeout",
		"postgres://u@h/db?default_transaction_read_only=off": "default_transaction_read_only",
		"postgres://u@h/db?sslmode=bogus":                     "sslmode",
		"postgres://u@h/db?connect_timeout=x":                 "connect_timeout",
		"sqlite:/tmp/x.db?_pragma=journal_mode(delete)":       "",
	} {
		_, _, _, err := sqldb.Parse(dsn)
		if !errors.Is(err, sqldb.ErrBadDSN) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want a bad DSN naming %q", dsn, err, want)
		}
	}
	for _, ok := range []string{"mysql://u@h/db?tls=true&timeout=5s&readTimeout=1m&writeTimeout=1m",
		"postgres://u@h/db?sslmode=disable&connect_timeout=5&application_name=zz", "sqlite:/tmp/x.db"} {
		if _, _, _, err := sqldb.Parse(ok); err != nil {
			t.Errorf("Parse(%q) = %v", ok, err)
		}
	}
}

// TestParseMySQLPasswordParameter: ?password= is the account's password,
// never a statement; written both in the user information and as a
// parameter, it is refused.
func TestParseMySQLPasswordParameter(t *testing.T) {
	_, _, source, err := sqldb.Parse("mysql://bureau@db.example/b?password=PASSWORD('x')")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := mysql.ParseDSN(source)
	if err != nil || cfg.Passwd != "PASSWORD('x')" || len(cfg.Params) != 1 || cfg.Params["time_zone"] == "" {
		t.Errorf("driver config %+v, %v: want the password as password and no session variable but time_zone", cfg, err)
	}
	if _, _, _, err := sqldb.Parse("mysql://bureau:a@db.example/b?password=b"); !errors.Is(err, sqldb.ErrBadDSN) {
		t.Errorf("two passwords: %v", err)
	}
}

// TestParseShowsNothingOfAnUncleanDSN: a DSN that does not read cleanly —
// a stray space, a parameter name that is a piece of a password — is
// refused with a message holding nothing of it.
func TestParseShowsNothingOfAnUncleanDSN(t *testing.T) {
	for _, dsn := range []string{
		"postgres://bureau:S3cret@Part2?Tail:Xy@ db.example.cn/bureau",
		"postgres://bureau:S3cret@Part2?Tail:Xy@db.example.cn /bureau",
		"mysql://bureau:S3cret@Part2?Tail:Xy=1",
		"mysql://bureau:S3cret\t@db/b",
		"postgres://bureau:S3cret@/db",
	} {
		_, _, _, err := sqldb.Parse(dsn)
		if !errors.Is(err, sqldb.ErrBadDSN) {
			t.Errorf("Parse(%q) = %v, want a bad DSN", dsn, err)
			continue
		}
		for _, part := range []string{"S3cret", "Part2", "Tail", "Xy", "bureau", "example"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("Parse(%q) = %q shows %q", dsn, err, part)
			}
		}
	}
}

// TestMySQLPasswordParameterLogsIn logs into MariaDB with ?password= as the
// password, and a DSN whose ?password= is a function call does not change
// the account's password (it is not a statement).
func TestMySQLPasswordParameterLogsIn(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.New(t, sqldb.MySQL)
	admin := dbtest.Open(t, dsn)
	user := fmt.Sprintf("zz_pwp_%d", os.Getpid())
	const password = "right&p=w"
	if _, err := admin.ExecContext(ctx, "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP USER '"+user+"'@'%'") })
	u, _ := url.Parse(dsn)
	db, err := sqldb.OpenReadOnly(ctx, "mysql://"+user+"@"+u.Host+"/?password="+url.QueryEscape(password))
	if err != nil {
		t.Fatalf("?password=: %v", err)
	}
	db.Close()
	_, err = sqldb.OpenReadOnly(ctx, "mysql://"+user+"@"+u.Host+"/?password="+url.QueryEscape("PASSWORD('x')"))
	if err == nil || strings.Contains(err.Error(), "PASSWORD('x')") {
		t.Errorf("a wrong ?password=: %v", err)
	}
	if db, err = sqldb.OpenReadOnly(ctx, "mysql://"+user+":"+url.PathEscape(password)+"@"+u.Host+"/"); err != nil {
		t.Fatalf("the password changed: %v", err)
	}
	db.Close()
}
