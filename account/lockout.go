package account

import (
	"context"
	"time"

	"zhengzhi/warehouse"
)

// The login's rules (等级保护 2.0): five failed logins in a row — a wrong
// password or second factor at the login, or a wrong current password when
// changing it — lock an account for ten minutes; a refusal never says
// whether the login exists.
const (
	MaxFailedLogins = 5
	LockoutWindow   = 10 * time.Minute
)

// Locked reports whether an account is locked at a time.
func Locked(a *Account, now time.Time) bool { return a.LockedUntil.After(now) }

// LoginFailed counts a failed login of an account at a time; the failure
// that makes MaxFailedLogins in a row locks the account until
// now+LockoutWindow and starts the count again. It reports whether this
// failure locked the account. The warehouse holds the row while the count
// is decided, so failures on two serve processes are both counted.
func LoginFailed(ctx context.Context, w *warehouse.Warehouse, id int64, now time.Time) (bool, error) {
	locked := false
	err := w.CountFailedLogin(ctx, id, func(failed int) (int, time.Time) {
		failed++
		if locked = failed >= MaxFailedLogins; locked {
			return 0, now.Add(LockoutWindow)
		}
		return failed, time.Time{}
	})
	return locked, err
}
