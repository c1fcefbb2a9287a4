package bench

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// measurement is one timed run of some work.
type measurement struct {
	Seconds float64
	// PeakRSSMB is the process's resident-set high-water mark during the
	// work, in MiB; 0 where the kernel does not report it.
	PeakRSSMB float64
}

// measure runs work and returns its wall time and the peak resident memory
// of the process while it ran. The heap is collected and returned to the
// kernel first and the kernel's high-water mark reset (Linux: "5" into
// /proc/self/clear_refs), so the peak is this work's, on top of what the
// process already held. With profile set, the work runs under the CPU profiler.
func measure(profile string, work func() error) (measurement, error) {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return measurement{}, fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return measurement{}, fmt.Errorf("cpu profile %s: %w", profile, err)
		}
	}
	start := time.Now()
	err := work()
	elapsed := time.Since(start)
	if profile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return measurement{}, err
	}
	return measurement{Seconds: elapsed.Seconds(), PeakRSSMB: float64(peakRSSKiB()) / 1024}, nil
}

// resetPeakRSS sets the kernel's VmHWM of this process back to its current
// RSS. Writing "5" to clear_refs does exactly that (Linux ≥ 4.0); elsewhere
// the write fails and the peak is the process's since its start.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSSKiB reads VmHWM from /proc/self/status; 0 where there is none.
func peakRSSKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kib
	}
	return 0
}
