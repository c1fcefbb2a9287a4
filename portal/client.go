package portal

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// proxies are the reverse proxies whose forwarding headers are believed.
type proxies []netip.Prefix

// parseProxies reads the config's trusted_proxies: addresses or CIDR ranges.
func parseProxies(list []string) (proxies, error) {
	var out proxies
	for _, p := range list {
		if prefix, err := netip.ParsePrefix(p); err == nil {
			out = append(out, prefix.Masked())
			continue
		}
		addr, err := netip.ParseAddr(p)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
	}
	return out, nil
}

func (p proxies) trusted(a netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// peer is the address the connection comes from.
func peer(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap(), err == nil
}

// clientAddr is the client's address: the connection's, or — when the
// connection comes from a trusted proxy — the last address in
// X-Forwarded-For that is not itself a trusted proxy. A header from anyone
// else is ignored, so a client cannot write its own address into the log.
func (p proxies) clientAddr(r *http.Request) string {
	a, ok := peer(r)
	if !ok {
		return r.RemoteAddr
	}
	if !p.trusted(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = hop.Unmap()
		if !p.trusted(a) {
			break
		}
	}
	return a.String()
}

// overTLS reports whether the request came over TLS: to this server, or to a
// trusted proxy that says so in X-Forwarded-Proto.
func (s *Server) overTLS(r *http.Request) bool {
	if r.TLS != nil || r.Context().Value(tlsConnKey{}) != nil {
		return true
	}
	a, ok := peer(r)
	return ok && s.proxies.trusted(a) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
