//go:build unix

package jobs

import (
	"errors"
	"os"
	"syscall"
)

// holderGone reports whether a lease holder was a process on this host that
// no longer exists, so its lease need not be waited out.
func holderGone(holder string) bool {
	host, pid, ok := splitInstance(holder)
	me, err := os.Hostname()
	if !ok || err != nil || host != me || pid == os.Getpid() {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
