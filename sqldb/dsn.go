package sqldb

import (
	"net/url"
	"regexp"
	"strings"
)

// dsnURL is a server DSN (postgres://…, mysql://…) taken apart. Its user
// name and password are plain text, however they were written.
type dsnURL struct {
	scheme      string
	user        string
	password    string
	hasPassword bool
	host        string // host[:port]
	path        string // "/db", or ""
	query       url.Values
}

// hostPort is what may stand between the user information's '@' and the
// path: a host name, an IPv4 or bracketed IPv6 address, and a port.
var hostPort = regexp.MustCompile(`^[A-Za-z0-9._\-\[\]:%]*$`)

// splitURL reads scheme://user:password@host:port/path?query. A URL as the
// standard reads it is taken as such (percent-encoded passwords included).
// Otherwise a password may hold any character — '@', '/', '?', '#', ':', '%' —
// written as is: the user information then runs to the last '@' that is
// followed by a host, and is percent-decoded only where that is valid.
func splitURL(dsn string) (dsnURL, bool) {
	// Where the standard reading leaves an '@' after the host (in a query,
	// with no database path before it), that '@' more likely ends a password
	// written as is: "u:p@x?y@host/db".
	if u, err := url.Parse(dsn); err == nil && u.Host != "" && hostPort.MatchString(u.Host) && u.Fragment == "" &&
		(u.User != nil || !strings.Contains(dsn, "@")) && (u.Path != "" || !strings.Contains(u.RawQuery, "@")) {
		d := dsnURL{scheme: u.Scheme, host: u.Host, path: u.Path, query: u.Query()}
		if u.User != nil {
			d.user = u.User.Username()
			d.password, d.hasPassword = u.User.Password()
		}
		return d, true
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok || scheme == "" {
		return dsnURL{}, false
	}
	d := dsnURL{scheme: scheme}
	if at := userInfoEnd(rest); at >= 0 {
		info := rest[:at]
		rest = rest[at+1:]
		user, password, has := strings.Cut(info, ":")
		d.user, d.password, d.hasPassword = unescape(user), unescape(password), has
	}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if !hostPort.MatchString(authority) {
		return dsnURL{}, false
	}
	d.host = authority
	path, rawQuery, _ := strings.Cut(tail, "?")
	d.path = path
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return dsnURL{}, false
	}
	d.query = q
	return d, true
}

// userInfoEnd is the index of the '@' that ends the user information of the
// part after "://": the last '@' after which a host follows; -1 if none.
func userInfoEnd(rest string) int {
	for end := len(rest); end > 0; {
		at := strings.LastIndex(rest[:end], "@")
		if at < 0 {
			return -1
		}
		authority := rest[at+1:]
		if i := strings.IndexAny(authority, "/?"); i >= 0 {
			authority = authority[:i]
		}
		if authority != "" && hostPort.MatchString(authority) {
			return at
		}
		end = at
	}
	return -1
}

// unescape percent-decodes s where it is valid percent-encoding, and leaves
// it as written otherwise (a password "50%off" stays "50%off").
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// String writes the DSN back as a URL with the user information and the
// query properly encoded, the form a driver parses without surprises.
func (d dsnURL) String() string {
	u := url.URL{Scheme: d.scheme, Host: d.host, Path: d.path, RawQuery: d.query.Encode()}
	switch {
	case d.hasPassword:
		u.User = url.UserPassword(d.user, d.password)
	case d.user != "":
		u.User = url.User(d.user)
	}
	return u.String()
}

// secretParam names the query parameters that carry a secret.
var secretParam = regexp.MustCompile(`(?i)^(password|passwd|pass|pwd|sslpassword|secret|token|api_?key)$`)

// secretInQuery finds such a parameter's value anywhere in a DSN's text.
var secretInQuery = regexp.MustCompile(`(?i)([?&;](?:password|passwd|pass|pwd|sslpassword|secret|token|api_?key)=)[^&#;]*`)

// masked stands in for a secret.
const masked = "xxxxx"

// Mask hides every secret of a DSN — the password of its user information
// and the value of any password-like query parameter — whatever the DSN looks
// like, so that it may go into logs, stored errors and reports. A DSN that
// cannot be read as a URL keeps only its scheme and host, when those are
// visible, and loses everything between "://" and its last '@'.
func Mask(dsn string) string {
	dsn = secretInQuery.ReplaceAllString(dsn, "${1}"+masked)
	if strings.HasPrefix(dsn, "sqlite:") {
		return dsn
	}
	if d, ok := splitURL(dsn); ok {
		if d.hasPassword {
			d.password = masked
		}
		for k := range d.query {
			if secretParam.MatchString(k) {
				d.query[k] = []string{masked}
			}
		}
		return strings.Replace(d.String(), ":"+url.PathEscape(masked)+"@", ":"+masked+"@", 1)
	}
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return "(DSN not shown: it is not a URL)"
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = masked + rest[at:]
	}
	return scheme + "://" + rest
}
