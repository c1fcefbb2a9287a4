package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zhengzhi/config"
)

func write(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "zhengzhi.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoadResolvesEveryPath reads a config from a folder that is not the
// working one: every relative path and SQLite DSN resolves against the
// config's folder; absolute ones and server DSNs stay; ${VAR} is expanded
// before parsing, so a password may hold YAML's and URLs' special characters.
func TestLoadResolvesEveryPath(t *testing.T) {
	t.Setenv("ZZ_TEST_PG_PASSWORD", `p@ss#:"word`)
	path := write(t, `
registry: units/province.yaml
warehouse: sqlite:data/warehouse.db
sources:
  - {unit: "990000", dsn: "sqlite:bureaus/990000.db"}
  - {unit: "990100", dsn: "postgres://zz:${ZZ_TEST_PG_PASSWORD}@10.0.0.5:5432/bureau_990100"}
  - {unit: "990200", dsn: "sqlite:/srv/bureaus/990200.db"}
rulesets:
  - rules/2026/safe-city.yaml
  - /etc/zhengzhi/rules/safe-county.yaml
output: reports
timezone: Asia/Urumqi
fonts:
  kai: fonts/kai.ttf
  regular: /usr/share/fonts/a.ttf
schedule: {ingest: "*/30 * * * *"}
demo: true
`)
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	for got, want := range map[string]string{
		c.Dir:                dir,
		c.Registry:           filepath.Join(dir, "units/province.yaml"),
		c.Warehouse:          "sqlite:" + filepath.Join(dir, "data/warehouse.db"),
		c.Sources[0].DSN:     "sqlite:" + filepath.Join(dir, "bureaus/990000.db"),
		c.Sources[1].DSN:     `postgres://zz:p@ss#:"word@10.0.0.5:5432/bureau_990100`,
		c.Sources[2].DSN:     "sqlite:/srv/bureaus/990200.db",
		c.RuleSets[0]:        filepath.Join(dir, "rules/2026/safe-city.yaml"),
		c.RuleSets[1]:        "/etc/zhengzhi/rules/safe-county.yaml",
		c.Output:             filepath.Join(dir, "reports"),
		c.Templates:          filepath.Join(dir, "templates"),
		c.Fonts.Kai:          filepath.Join(dir, "fonts/kai.ttf"),
		c.Fonts.Regular:      "/usr/share/fonts/a.ttf",
		c.Fonts.Bold:         "",
		c.Location.String():  "Asia/Urumqi",
		c.Schedule["ingest"]: "*/30 * * * *",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if !c.Demo {
		t.Error("demo: true was not read")
	}
}

// TestLoadDefaults fills the output folder and the time zone.
func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Output != filepath.Join(c.Dir, "output") || c.Location.String() != "Asia/Shanghai" || c.Timezone != "Asia/Shanghai" {
		t.Errorf("defaults: output %s, zone %s", c.Output, c.Location)
	}
}

// TestLoadRefuses names the file and, where there is one, the line and key.
func TestLoadRefuses(t *testing.T) {
	for text, want := range map[string]string{
		"registry: r.yaml\nwharehouse: sqlite:w.db\n":                                   "line 2: field wharehouse not found",
		"registry: r.yaml\nwarehouse: sqlite:w.db\nsources:\n  - {unit: '1', dns: x}\n": "line 4: field dns not found",
		"registry: r.yaml\n":       "warehouse is not set",
		"warehouse: sqlite:w.db\n": "registry is not set",
		"registry: r.yaml\nwarehouse: sqlite:w.db\ntimezone: Mars/Olympus\n": `timezone "Mars/Olympus"`,
		"registry: [r.yaml\n": "zhengzhi.yaml",
	} {
		path := write(t, text)
		_, err := config.Load(path)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "zhengzhi.yaml") {
			t.Errorf("config %q: %v, want an error naming the file and %q", text, err, want)
		}
	}
	if _, err := config.Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing config file was read")
	}
}

// TestPortalKeys reads the portal's keys, fills the defaults and refuses
// values that cannot work.
func TestPortalKeys(t *testing.T) {
	c, err := config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\nportal:\n  addr: 0.0.0.0:9000\n  trusted_proxies: [127.0.0.1, 10.0.0.0/8]\n  idle_timeout: 5m\n  totp: all\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Portal
	if p.Addr != "0.0.0.0:9000" || len(p.TrustedProxies) != 2 || p.IdleTimeout.Minutes() != 5 || p.AbsoluteTimeout.Hours() != 8 || p.TOTP != "all" {
		t.Fatalf("portal %+v", p)
	}
	c, err = config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\n"))
	if err != nil || c.Portal.Addr != "127.0.0.1:8080" || c.Portal.IdleTimeout.Minutes() != 15 || c.Portal.TOTP != "admins" {
		t.Fatalf("defaults %+v, %v", c.Portal, err)
	}
	if c.Portal.SessionCache != nil {
		t.Fatalf("session_cache set by default: %v", *c.Portal.SessionCache)
	}
	c, err = config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\nportal:\n  session_cache: 0s\n"))
	if err != nil || c.Portal.SessionCache == nil || *c.Portal.SessionCache != 0 {
		t.Fatalf("session_cache: 0s: %+v, %v", c.Portal, err)
	}
	for _, bad := range []string{"totp: sometimes", "trusted_proxies: [nginx]", "idle_timeout: 9h", "idel_timeout: 5m", "session_cache: 5s"} {
		if _, err := config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\nportal:\n  "+bad+"\n")); err == nil {
			t.Errorf("portal %s was accepted", bad)
		}
	}
}

// TestUploadSources reads a unit that reports by workbook (upload: true)
// and refuses a source with both a DSN and uploads, or neither.
func TestUploadSources(t *testing.T) {
	c, err := config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\nsources:\n  - {unit: '990200', dsn: 'sqlite:b.db'}\n  - {unit: '990221', upload: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Sources[1]; !s.Upload || s.DSN != "" || c.Sources[0].Upload {
		t.Errorf("sources %+v, want 990221 by upload without a DSN", c.Sources)
	}
	for _, src := range []string{"{unit: '990221', upload: true, dsn: 'sqlite:b.db'}", "{unit: '990221'}"} {
		_, err := config.Load(write(t, "registry: r.yaml\nwarehouse: sqlite:w.db\nsources:\n  - "+src+"\n"))
		if err == nil || !strings.Contains(err.Error(), "990221: give either dsn or upload: true") {
			t.Errorf("source %s: %v, want a refusal", src, err)
		}
	}
}

// TestLoadRefusesUnsetOrEmptyVariables: a ${VAR} that is unset or empty is
// an error naming the variable and its key, never an empty password.
func TestLoadRefusesUnsetOrEmptyVariables(t *testing.T) {
	t.Setenv("ZZ_TEST_EMPTY", "")
	path := write(t, `
registry: units/province.yaml
warehouse: postgres://zz:${ZZ_TEST_EMPTY}@10.0.0.5/w
sources:
  - {unit: "990100", dsn: "mysql://zz:${ZZ_TEST_NEVER_SET}@10.0.0.5/b"}
`)
	_, err := config.Load(path)
	for _, want := range []string{"warehouse 引用的环境变量 ZZ_TEST_EMPTY 未设置或为空", "sources[0].dsn 引用的环境变量 ZZ_TEST_NEVER_SET 未设置或为空"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load: %v, want %q", err, want)
		}
	}
}

// TestLoadSourceTimezone: a source's timezone names its wall clock; unset,
// the config's.
func TestLoadSourceTimezone(t *testing.T) {
	path := write(t, `
registry: units/province.yaml
warehouse: sqlite:w.db
timezone: Asia/Shanghai
sources:
  - {unit: "990100", dsn: "sqlite:a.db", timezone: Asia/Urumqi}
  - {unit: "990200", dsn: "sqlite:b.db"}
`)
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Sources[0].Location.String() != "Asia/Urumqi" || c.Sources[1].Location.String() != "Asia/Shanghai" {
		t.Errorf("zones %v, %v", c.Sources[0].Location, c.Sources[1].Location)
	}
}
