//go:build unix

package instance

import (
	"errors"
	"os"
	"syscall"
)

// Gone reports whether the named process was one of this host that no longer
// exists. A process of another host, or one that cannot be looked up, is
// not known to be gone.
func Gone(name string) bool {
	host, pid, ok := split(name)
	me, err := os.Hostname()
	if !ok || err != nil || host != me || pid == os.Getpid() {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
