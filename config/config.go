// Package config reads a run's config file (default zhengzhi.yaml): the unit
// registry, the warehouse, the bureau sources, the rule sets, the output
// folder, the time zone, the fonts and the schedule.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"zhengzhi"
	"zhengzhi/sqldb"
)

// Config is one run's configuration. Load resolves every path in it —
// registry, rule sets, output, fonts and SQLite DSNs — against the config
// file's folder, so nothing downstream needs to know where the file was.
type Config struct {
	Registry  string            `yaml:"registry"`
	Warehouse string            `yaml:"warehouse"`
	Sources   []Source          `yaml:"sources"`
	RuleSets  []string          `yaml:"rulesets"`
	Output    string            `yaml:"output"`
	Timezone  string            `yaml:"timezone"`
	Fonts     Fonts             `yaml:"fonts"`
	Documents Documents         `yaml:"documents"`
	Schedule  map[string]string `yaml:"schedule"`
	Portal    Portal            `yaml:"portal"`
	Audit     Audit             `yaml:"audit"`
	Notify    Notify            `yaml:"notify"`
	// Demo marks every report as built from synthetic data (演示数据).
	Demo bool `yaml:"demo"`

	// Dir is the folder of the config file, File the file as named.
	Dir  string `yaml:"-"`
	File string `yaml:"-"`
	// Templates is a folder whose files take the place of the embedded
	// defaults (fonts.yaml, narrative/*.tmpl) where it has them; "" uses the
	// defaults alone.
	Templates string `yaml:"templates"`
	// Location is the time zone Timezone names.
	Location *time.Location `yaml:"-"`
}

// Source is one bureau database, or with Upload a unit that reports by
// workbook (填报, docs/upload.md) and has no DSN.
type Source struct {
	Unit string `yaml:"unit"`
	DSN  string `yaml:"dsn"`
	// Upload marks a unit that reports by workbook and has no DSN.
	Upload bool `yaml:"upload"`
	// Timezone is the zone of the bureau's wall clock: a timestamp it
	// stores without a zone (MySQL DATETIME, PostgreSQL timestamp without
	// time zone, SQLite text) is read as a time there. Unset, the config's.
	Timezone string `yaml:"timezone"`
	// Location is the zone Timezone names (the config's when unset).
	Location *time.Location `yaml:"-"`
}

// Documents are what the official documents (the 通报, the 约谈通知) take
// from the config rather than the data; every key may be left out.
type Documents struct {
	// DocNumber is the 通报's 发文字号 ("东市监〔2026〕12号"); `render
	// --doc-number` overrides it. Unset, the document has an empty slot.
	DocNumber string `yaml:"doc_number"`
	// Campaign is the campaign's name in titles; default 重点产品风险隐患专项整治.
	Campaign string `yaml:"campaign"`
	// Method is the assessment method the 通报 cites in 书名号, MethodNumber its 文号.
	Method       string `yaml:"method"`
	MethodNumber string `yaml:"method_number"`
	// FontNames are the fonts the Word documents name (title, body, heading,
	// kai); unset keys keep 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312.
	FontNames FontNames `yaml:"font_names"`
}

// FontNames name fonts as Word knows them.
type FontNames struct {
	Title   string `yaml:"title"`
	Body    string `yaml:"body"`
	Heading string `yaml:"heading"`
	Kai     string `yaml:"kai"`
}

// Portal configures `zhengzhi serve`. Zero values take the defaults of the
// spec: 127.0.0.1:8080, no trusted proxies, 15 min idle, 8 h absolute, TOTP
// for admins and auditors.
type Portal struct {
	// Addr is the address to listen on.
	Addr string `yaml:"addr"`
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto are believed.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// IdleTimeout ends a session unused this long; AbsoluteTimeout ends
	// any session this long after its login.
	IdleTimeout     time.Duration `yaml:"idle_timeout"`
	AbsoluteTimeout time.Duration `yaml:"absolute_timeout"`
	// TOTP says whose login needs a second factor: admins (admin and
	// auditor duties; the default), all, or none.
	TOTP string `yaml:"totp"`
	// SessionCache is how long a serve process reuses a session and account
	// it read from the warehouse: unset is 1s, 0 reads them on every request
	// (a logout or a disabled account on another serve process then takes
	// effect at once rather than within this time); at most 1s.
	SessionCache *time.Duration `yaml:"session_cache"`
}

// Audit names the audit log's two files outside the warehouse, so that no
// one who can write the database can rewrite the log unseen: the key that
// seals its hash chain, and the append-only file of anchors. Both default
// to the config's folder (audit.key, audit-anchors.log).
type Audit struct {
	KeyFile    string `yaml:"key_file"`
	AnchorFile string `yaml:"anchor_file"`
}

// Fonts names the TrueType files the reports use. Empty entries take the
// project's defaults (templates/fonts.yaml).
type Fonts struct {
	Regular string `yaml:"regular"`
	Bold    string `yaml:"bold"`
	Title   string `yaml:"title"` // 小标宋-like face for document titles
	Body    string `yaml:"body"`  // 仿宋-like face for official-document text
	Heading string `yaml:"heading"`
	Kai     string `yaml:"kai"` // 楷体-like face
}

// Load reads a config file, refuses keys it does not know with their line,
// expands ${VAR} references from the environment in its values (after the
// YAML is read, so a secret may hold any character, quotes and '#' too), and
// resolves relative paths against the file's folder.
func Load(path string) (*Config, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := c.expand(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c.Dir, c.File = filepath.Dir(abs), path
	if c.Output == "" {
		c.Output = "output"
	}
	if c.Timezone == "" {
		c.Timezone = "Asia/Shanghai"
	}
	if c.Audit.KeyFile == "" {
		c.Audit.KeyFile = "audit.key"
	}
	if c.Audit.AnchorFile == "" {
		c.Audit.AnchorFile = "audit-anchors.log"
	}
	if c.Warehouse == "" {
		return nil, fmt.Errorf("config %s: warehouse is not set", path)
	}
	if c.Registry == "" {
		return nil, fmt.Errorf("config %s: registry is not set", path)
	}
	if err := c.Portal.defaults(); err != nil {
		return nil, fmt.Errorf("config %s: portal: %w", path, err)
	}
	if err := c.Notify.defaults(); err != nil {
		return nil, fmt.Errorf("config %s: notify: %w", path, err)
	}
	if c.Location, err = time.LoadLocation(c.Timezone); err != nil {
		return nil, fmt.Errorf("config %s: timezone %q: %w", path, c.Timezone, err)
	}
	for i := range c.Sources {
		src := &c.Sources[i]
		if src.Upload == (src.DSN != "") {
			return nil, fmt.Errorf("config %s: source %s: give either dsn or upload: true", path, src.Unit)
		}
		src.Location = c.Location
		if src.Timezone != "" {
			if src.Location, err = time.LoadLocation(src.Timezone); err != nil {
				return nil, fmt.Errorf("config %s: 数据源 %s 的 timezone %q 无法识别", path, src.Unit, src.Timezone)
			}
		}
	}
	c.resolve()
	if _, _, _, err := sqldb.Parse(c.Warehouse); err != nil {
		return nil, fmt.Errorf("config %s: warehouse: %w", path, err)
	}
	for _, src := range c.Sources {
		if src.Upload {
			continue
		}
		if _, _, _, err := sqldb.Parse(src.DSN); err != nil {
			return nil, fmt.Errorf("config %s: %s: %w", path, src.Unit, err)
		}
	}
	return &c, nil
}

// expand replaces ${VAR} and $VAR in every text value from the environment.
// configValue is a text value of the config that may hold ${VAR}, with its key.
type configValue struct {
	key string
	v   *string
}

// A variable that is unset or empty is an error naming it and its key: an
// empty password would otherwise reach every bureau as "using password: NO".
func (c *Config) expand() error {
	values := []configValue{{"registry", &c.Registry}, {"warehouse", &c.Warehouse}, {"output", &c.Output},
		{"timezone", &c.Timezone}, {"templates", &c.Templates}, {"portal.addr", &c.Portal.Addr},
		{"audit.key_file", &c.Audit.KeyFile}, {"audit.anchor_file", &c.Audit.AnchorFile},
		{"fonts.regular", &c.Fonts.Regular}, {"fonts.bold", &c.Fonts.Bold}, {"fonts.title", &c.Fonts.Title},
		{"fonts.body", &c.Fonts.Body}, {"fonts.heading", &c.Fonts.Heading}, {"fonts.kai", &c.Fonts.Kai}}
	for i := range c.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		values = append(values, configValue{key + ".unit", &c.Sources[i].Unit}, configValue{key + ".dsn", &c.Sources[i].DSN},
			configValue{key + ".timezone", &c.Sources[i].Timezone})
	}
	for i := range c.RuleSets {
		values = append(values, configValue{fmt.Sprintf("rulesets[%d]", i), &c.RuleSets[i]})
	}
	values = append(values, c.Notify.values()...)
	var errs []error
	for _, v := range values {
		*v.v = os.Expand(*v.v, func(name string) string {
			got := os.Getenv(name)
			if got == "" {
				errs = append(errs, fmt.Errorf("%s 引用的环境变量 %s 未设置或为空", v.key, name))
			}
			return got
		})
	}
	return errors.Join(errs...)
}

// defaults fills the portal's unset keys and checks the set ones.
func (p *Portal) defaults() error {
	if p.Addr == "" {
		p.Addr = "127.0.0.1:8080"
	}
	if p.IdleTimeout == 0 {
		p.IdleTimeout = 15 * time.Minute
	}
	if p.AbsoluteTimeout == 0 {
		p.AbsoluteTimeout = 8 * time.Hour
	}
	if c := p.SessionCache; c != nil && (*c < 0 || *c > time.Second) {
		return fmt.Errorf("session_cache %v: want 0 (off) to 1s", *c)
	}
	if p.IdleTimeout < 0 || p.AbsoluteTimeout < p.IdleTimeout {
		return fmt.Errorf("idle_timeout %v and absolute_timeout %v: want 0 < idle ≤ absolute", p.IdleTimeout, p.AbsoluteTimeout)
	}
	switch p.TOTP {
	case "":
		p.TOTP = "admins"
	case "admins", "all", "none":
	default:
		return fmt.Errorf("totp %q: want admins, all or none", p.TOTP)
	}
	for _, proxy := range p.TrustedProxies {
		if _, err := netip.ParsePrefix(proxy); err != nil {
			if _, err := netip.ParseAddr(proxy); err != nil {
				return fmt.Errorf("trusted_proxies: %q is neither an address nor a CIDR range", proxy)
			}
		}
	}
	return nil
}

// resolve makes every path of the config absolute against its folder.
func (c *Config) resolve() {
	c.Registry, c.Output, c.Templates = c.path(c.Registry), c.path(c.Output), c.path(c.Templates)
	c.Audit.KeyFile, c.Audit.AnchorFile = c.path(c.Audit.KeyFile), c.path(c.Audit.AnchorFile)
	for i := range c.RuleSets {
		c.RuleSets[i] = c.path(c.RuleSets[i])
	}
	for _, f := range []*string{&c.Fonts.Regular, &c.Fonts.Bold, &c.Fonts.Title, &c.Fonts.Body, &c.Fonts.Heading, &c.Fonts.Kai} {
		*f = c.path(*f)
	}
	c.Warehouse = c.dsn(c.Warehouse)
	for i := range c.Sources {
		c.Sources[i].DSN = c.dsn(c.Sources[i].DSN)
	}
}

// path resolves a path from the config file against the file's folder; ""
// stays "".
func (c *Config) path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// dsn resolves a relative SQLite path in a DSN; other DSNs pass through.
func (c *Config) dsn(dsn string) string {
	if p, ok := strings.CutPrefix(dsn, "sqlite:"); ok && !strings.HasPrefix(p, "//") {
		return "sqlite:" + c.path(p)
	}
	return dsn
}

// LoadRegistry reads the unit registry the config names.
func (c *Config) LoadRegistry() (*zhengzhi.Registry, error) {
	text, err := os.ReadFile(c.Registry)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return zhengzhi.ParseRegistry(text)
}

// Path resolves a path given for this config on the command line (assess
// --rules) as the config's own paths are: against the config file's folder.
func (c *Config) Path(p string) string { return c.path(p) }
