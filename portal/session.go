package portal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"zhengzhi/warehouse"
)

// Sessions are scs sessions kept in the warehouse (so several serve processes
// share them), keyed there by the SHA-256 of the cookie's token. The portal
// writes the cookie itself (HttpOnly, SameSite=Lax, Secure over TLS) and
// applies the idle and absolute timeouts on its own clock.

// cookieName is the session cookie's name.
const cookieName = "zz_session"

// The keys of a session's values.
const (
	keyAccount = "account"  // int64: the account's id
	keyLogin   = "login_at" // int64: unix nanoseconds of the login, on the portal's clock
	keySeen    = "seen_at"  // int64: unix nanoseconds of the last request that moved it
	keyEnroll  = "enroll"   // string: a second-factor secret being enrolled
)

// touchEvery is how often a request moves the session's last-seen time (and
// writes it): the idle timeout is kept to within this.
const touchEvery = 30 * time.Second

// sessionStore is scs's store on the warehouse. The portal applies the idle
// and absolute timeouts itself, on its own clock, and audits the end of a
// session; the stored expiry — the absolute timeout after the last commit,
// on the same clock (scs's own, on the wall clock, is not used) — only tells
// the sweep which rows no request can use any more.
type sessionStore struct {
	w      *warehouse.Warehouse
	now    func() time.Time
	expiry time.Duration
	// cache is this process's copy of sessions, dropped when one is stored or deleted.
	cache *sessionCache
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// found is a session and its account as the request's first read found
// them, so that scs's Find reads no second time.
type found struct {
	token string
	data  []byte
	acct  warehouse.Account
	ok    bool
}

type foundKey struct{}

// FindCtx returns a bound, unexpired session's data.
func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	if f, ok := ctx.Value(foundKey{}).(*found); ok && f.token == token {
		return f.data, f.ok, nil
	}
	return s.w.FindWebSession(ctx, tokenHash(token), s.now())
}

// CommitCtx stores a session's data.
func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, _ time.Time) error {
	hash := tokenHash(token)
	defer s.cache.forget(hash)
	return s.w.CommitWebSession(ctx, hash, b, s.now().Add(s.expiry))
}

// DeleteCtx ends a session.
func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	hash := tokenHash(token)
	defer s.cache.forget(hash)
	return s.w.DeleteWebSession(ctx, hash)
}

// Find is FindCtx without a context.
func (s sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context.
func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a context.
func (s sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func newSessionManager(w *warehouse.Warehouse, now func() time.Time, absolute time.Duration, cache *sessionCache) *scs.SessionManager {
	sm := scs.New()
	sm.Store = sessionStore{w: w, now: now, expiry: absolute, cache: cache}
	sm.Codec = sessionCodec{decoded: &decodeMemo{m: map[string]sessionRecord{}}}
	sm.Lifetime = absolute
	sm.Cookie.Name = cookieName
	return sm
}

// writeSessionCookie commits the request's session and sets its cookie; with
// an empty token it clears the cookie.
func (s *Server) writeSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: cookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.overTLS(r)}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// commitSession stores the request's session and sets its cookie.
func (s *Server) commitSession(w http.ResponseWriter, r *http.Request) (string, error) {
	token, _, err := s.sessions.Commit(r.Context())
	if err != nil {
		return "", err
	}
	s.writeSessionCookie(w, r, token)
	return token, nil
}

// SweepSessions deletes expired sessions from the warehouse every so often
// until ctx ends.
func (s *Server) SweepSessions(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.w.DeleteExpiredWebSessions(ctx, s.now()); err != nil && ctx.Err() == nil {
				s.log.Warn("sweep expired sessions", "error", err)
			}
		}
	}
}

// sessionCodec stores a session's few values as JSON of fixed fields — an
// account id, two instants, an enrolment secret — instead of scs's gob,
// which spends more on type descriptions than on the values. Every request
// decodes its session, mostly the same bytes as the request before it, so
// the codec remembers what recent bytes decode to.
type sessionCodec struct {
	decoded *decodeMemo
}

// decodeMemo maps a stored session's bytes to their decoding: a pure
// function of the bytes, so it never needs invalidating, only bounding.
type decodeMemo struct {
	mu sync.Mutex
	m  map[string]sessionRecord
}

// maxDecoded bounds the memo; when full it starts again.
const maxDecoded = 10000

// sessionRecord is a session as stored.
type sessionRecord struct {
	Deadline time.Time `json:"deadline"`
	Account  int64     `json:"account,omitempty"`
	LoginAt  int64     `json:"login_at,omitempty"`
	SeenAt   int64     `json:"seen_at,omitempty"`
	Enroll   string    `json:"enroll,omitempty"`
}

// Encode writes the known values; any other is a programming error.
func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	rec := sessionRecord{Deadline: deadline}
	for k, v := range values {
		var ok bool
		switch k {
		case keyAccount:
			rec.Account, ok = v.(int64)
		case keyLogin:
			rec.LoginAt, ok = v.(int64)
		case keySeen:
			rec.SeenAt, ok = v.(int64)
		case keyEnroll:
			rec.Enroll, ok = v.(string)
		}
		if !ok {
			return nil, fmt.Errorf("session value %s of type %T cannot be stored", k, v)
		}
	}
	return json.Marshal(rec)
}

// Decode reads what Encode wrote.
func (c sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	c.decoded.mu.Lock()
	rec, ok := c.decoded.m[string(b)]
	c.decoded.mu.Unlock()
	if !ok {
		if err := json.Unmarshal(b, &rec); err != nil {
			return time.Time{}, nil, err
		}
		c.decoded.mu.Lock()
		if len(c.decoded.m) >= maxDecoded {
			clear(c.decoded.m)
		}
		c.decoded.m[string(b)] = rec
		c.decoded.mu.Unlock()
	}
	values := make(map[string]any, 4)
	if rec.Account != 0 {
		values[keyAccount] = rec.Account
	}
	if rec.LoginAt != 0 {
		values[keyLogin] = rec.LoginAt
	}
	if rec.SeenAt != 0 {
		values[keySeen] = rec.SeenAt
	}
	if rec.Enroll != "" {
		values[keyEnroll] = rec.Enroll
	}
	return rec.Deadline, values, nil
}
