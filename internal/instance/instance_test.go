package instance

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

func TestGone(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	if Gone(Name()) {
		t.Errorf("this process is gone")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	dead := host + ":" + strconv.Itoa(cmd.Process.Pid)
	if !Gone(dead) {
		t.Errorf("%s, a finished child, is not gone", dead)
	}
	for _, name := range []string{"elsewhere:" + strconv.Itoa(cmd.Process.Pid), "no-pid", ""} {
		if Gone(name) {
			t.Errorf("%q is taken for gone", name)
		}
	}
}
