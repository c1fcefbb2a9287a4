package account

// HashMemory is what one argon2id hash holds while it runs, in bytes.
const HashMemory = argonMemory * 1024

// DefaultHashBudget is the memory the hashes in flight may hold together by
// default: 10 hashes of 19 MiB. The heap may grow to twice what is live
// before the collector runs, so this keeps a serve process (≈ 90 MB at
// rest) under 600 MB however many logins arrive at once.
const DefaultHashBudget = 10 * HashMemory

// HashLimit bounds the password hashes in flight: each takes HashMemory, so
// 300 logins at once would otherwise hold gigabytes. A request takes a slot
// before it hashes and gives it back after; when none is free it is turned
// away at once (the portal answers 503 with Retry-After) rather than queued,
// so the bound holds for the memory and for the time a client waits.
type HashLimit struct {
	slots chan struct{}
}

// NewHashLimit makes a bound of as many hashes as fit in budget bytes (at
// least one).
func NewHashLimit(budget int64) *HashLimit {
	n := max(1, budget/HashMemory)
	return &HashLimit{slots: make(chan struct{}, n)}
}

// Slots is how many hashes may run at once.
func (l *HashLimit) Slots() int { return cap(l.slots) }

// TryAcquire takes a slot and returns the function that gives it back, or
// false when every slot is taken. One slot covers the hashes one request
// makes one after another (a password change checks the current password,
// the last five and hashes the new one).
func (l *HashLimit) TryAcquire() (release func(), ok bool) {
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, true
	default:
		return nil, false
	}
}
