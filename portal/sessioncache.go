package portal

import (
	"sync"
	"time"

	"zhengzhi/warehouse"
)

// A serve process keeps, for a short time (DefaultSessionCache, on the
// portal's clock), the session and account a request read from the
// warehouse, so the requests that follow within that time do not read them
// again. What this process changes — a logout, a session ended by a timeout,
// a new login (which ends the account's other sessions), a new password, a
// second factor enrolled, an account disabled, reset, unlocked or locked —
// drops the account's or the session's entries at once; only a change made
// by another serve process (or `zhengzhi user …`) can go unseen here, for at
// most the cache's time. The idle and absolute timeouts do not depend on it:
// they are checked on every request against the session's stored login and
// last-seen instants, and this process's own moves of the last-seen time
// drop the entry.

// DefaultSessionCache is how long a serve process reuses a session and
// account it read, when Options.SessionCache is 0.
const DefaultSessionCache = time.Second

// MaxSessionCache bounds Options.SessionCache: the longest another serve
// process's revocation can go unseen.
const MaxSessionCache = time.Second

// NoSessionCache, as Options.SessionCache, reads the session and account
// from the warehouse on every request.
const NoSessionCache = time.Duration(-1)

// maxCachedSessions bounds the cache: when full, expired entries go, and if
// none has expired, all of them.
const maxCachedSessions = 10000

// sessionCache is the process's short-lived copy of sessions and accounts,
// by the token's hash.
type sessionCache struct {
	ttl time.Duration // 0: off
	mu  sync.Mutex
	// epoch moves at every invalidation, so a read of the warehouse that
	// began before one is never stored after it.
	epoch   uint64
	entries map[string]cachedSession
}

// cachedSession is a session and its account as read at one instant.
type cachedSession struct {
	data []byte
	acct warehouse.Account
	read time.Time // on the portal's clock
}

func newSessionCache(ttl time.Duration) *sessionCache {
	if ttl < 0 {
		ttl = 0
	}
	return &sessionCache{ttl: ttl, entries: map[string]cachedSession{}}
}

// fresh reports whether an entry read at read may still be used at now; a
// clock that went back makes it stale.
func (c *sessionCache) fresh(read, now time.Time) bool {
	age := now.Sub(read)
	return age >= 0 && age < c.ttl
}

// get returns the entry of a token hash still fresh at now.
func (c *sessionCache) get(hash string, now time.Time) (cachedSession, bool) {
	if c.ttl == 0 {
		return cachedSession{}, false
	}
	c.mu.Lock()
	e, ok := c.entries[hash]
	c.mu.Unlock()
	if !ok || !c.fresh(e.read, now) {
		return cachedSession{}, false
	}
	return e, true
}

// begin is taken before reading the warehouse and given to put.
func (c *sessionCache) begin() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// put keeps what a read that began at epoch found, unless something was
// invalidated since.
func (c *sessionCache) put(hash string, e cachedSession, epoch uint64) {
	if c.ttl == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if len(c.entries) >= maxCachedSessions {
		for k, old := range c.entries {
			if !c.fresh(old.read, e.read) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedSessions {
			clear(c.entries)
		}
	}
	c.entries[hash] = e
}

// forget drops a session's entry; call it after the warehouse has changed.
func (c *sessionCache) forget(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	delete(c.entries, hash)
}

// forgetAccount drops every entry of an account; call it after the
// warehouse has changed.
func (c *sessionCache) forgetAccount(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	for k, e := range c.entries {
		if e.acct.ID == id {
			delete(c.entries, k)
		}
	}
}
