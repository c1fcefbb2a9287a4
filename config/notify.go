package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Notify configures the notices: the portal's address for links, how long
// the 通知 list keeps a notice, when a bureau's data is stale (催报), the
// mail server and the offices' group robots. Without smtp no mail is sent;
// without robots no robot is told.
type Notify struct {
	// PortalURL is put before every link a notice carries ("https://zz.example.cn").
	PortalURL string `yaml:"portal_url"`
	// Keep is how long the portal's 通知 list keeps a notice (default 90 days).
	Keep time.Duration `yaml:"keep"`
	// StaleAfter is how old a bureau's last good pull may be before its
	// office is told to report (催报); default 72h, 0 in the file is the default.
	StaleAfter time.Duration `yaml:"stale_after"`
	// MaxAttempts is how many tries a notice gets before it is marked failed (default 6).
	MaxAttempts int     `yaml:"max_attempts"`
	SMTP        *SMTP   `yaml:"smtp"`
	Robots      []Robot `yaml:"robots"`
}

// SMTP is the mail server notices are sent through.
type SMTP struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	From     string `yaml:"from"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	// StartTLS is mandatory (the default), opportunistic or none.
	StartTLS string `yaml:"starttls"`
}

// Robot is one office's group robot.
type Robot struct {
	// Name identifies the robot in the outbox and in logs (default: kind-unit).
	Name string `yaml:"name"`
	// Unit is the office whose group it is: the robot hears what that unit sees.
	Unit string `yaml:"unit"`
	// Kind is dingtalk (钉钉), wecom (企业微信), feishu (飞书) or webhook.
	Kind string `yaml:"kind"`
	// URL is the webhook's address, a private instance's where the
	// deployment runs one; it may hold a token, so it is never logged.
	URL    string `yaml:"url"`
	Secret string `yaml:"secret"`
}

// robotKinds are the platforms a robot may be.
var robotKinds = []string{"dingtalk", "wecom", "feishu", "webhook"}

// values are the notify section's values that may come from ${VAR}.
func (n *Notify) values() []configValue {
	out := []configValue{{"notify.portal_url", &n.PortalURL}}
	if s := n.SMTP; s != nil {
		out = append(out, configValue{"notify.smtp.host", &s.Host}, configValue{"notify.smtp.from", &s.From},
			configValue{"notify.smtp.username", &s.Username}, configValue{"notify.smtp.password", &s.Password})
	}
	for i := range n.Robots {
		key := fmt.Sprintf("notify.robots[%d]", i)
		out = append(out, configValue{key + ".url", &n.Robots[i].URL}, configValue{key + ".secret", &n.Robots[i].Secret},
			configValue{key + ".unit", &n.Robots[i].Unit})
	}
	return out
}

// defaults fills the unset keys and checks the set ones.
func (n *Notify) defaults() error {
	if n.Keep == 0 {
		n.Keep = 90 * 24 * time.Hour
	}
	if n.StaleAfter == 0 {
		n.StaleAfter = 72 * time.Hour
	}
	if n.MaxAttempts == 0 {
		n.MaxAttempts = 6
	}
	if n.Keep < 0 || n.StaleAfter < 0 || n.MaxAttempts < 1 {
		return fmt.Errorf("keep, stale_after and max_attempts must be positive")
	}
	n.PortalURL = strings.TrimSuffix(n.PortalURL, "/")
	if s := n.SMTP; s != nil {
		if s.Host == "" || s.From == "" {
			return fmt.Errorf("smtp: host and from are required")
		}
		if s.Port == 0 {
			s.Port = 587
		}
		switch s.StartTLS {
		case "":
			s.StartTLS = "mandatory"
		case "mandatory", "opportunistic", "none":
		default:
			return fmt.Errorf("smtp: starttls %q: want mandatory, opportunistic or none", s.StartTLS)
		}
	}
	names := map[string]bool{}
	for i := range n.Robots {
		r := &n.Robots[i]
		if !slices.Contains(robotKinds, r.Kind) {
			return fmt.Errorf("robots[%d]: kind %q: want %s", i, r.Kind, strings.Join(robotKinds, ", "))
		}
		if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			// The URL may hold a token: say where, never what.
			return fmt.Errorf("robots[%d]: url is not an http(s) address", i)
		}
		if r.Name == "" {
			r.Name = r.Kind + "-" + r.Unit
		}
		if names[r.Name] {
			return fmt.Errorf("robots[%d]: name %q is used twice", i, r.Name)
		}
		names[r.Name] = true
	}
	return nil
}
