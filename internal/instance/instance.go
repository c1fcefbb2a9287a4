// Package instance names the running process the way the warehouse records
// it — host:pid, in the job ledger, the scheduler's lease and the pulls — and
// tells whether a process so named is gone, so that what it left marked as
// running can be closed.
package instance

import (
	"os"
	"strconv"
	"strings"
)

// Name names this process: host:pid.
func Name() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	return host + ":" + strconv.Itoa(os.Getpid())
}

// split reads "host:pid".
func split(name string) (string, int, bool) {
	i := strings.LastIndex(name, ":")
	if i < 0 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(name[i+1:])
	return name[:i], pid, err == nil
}
