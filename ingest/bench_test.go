package ingest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/seed"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// BenchmarkIngestProvince pulls a province-size year (about a million rows
// in thirteen SQLite bureau files, written by the generator once per run)
// into a fresh warehouse on each engine, and reports rows per second and
// the peak Go heap during the pull. Run it alone:
//
//	go test -run '^$' -bench IngestProvince -benchtime 1x ./ingest/
func BenchmarkIngestProvince(b *testing.B) {
	ctx := context.Background()
	reg := demotest.Registry(b)
	dir := b.TempDir()
	var targets []seed.Target
	var sources []Source
	for _, u := range append(reg.Units("province"), reg.Units("city")...) {
		dsn := "sqlite:" + filepath.Join(dir, u.Code+".db")
		targets = append(targets, seed.Target{Unit: u.Code, DSN: dsn})
		sources = append(sources, Source{Unit: u.Code, DSN: dsn})
	}
	scale := seed.ScaleProvince
	if s := os.Getenv("ZZ_BENCH_SCALE"); s != "" {
		scale = seed.Scale(s) // demo, to see that memory does not grow with the rows
	}
	summary, err := seed.Generate(ctx, reg, targets, seed.Options{Scale: scale})
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, s := range summary {
		total += s.Total()
	}
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			var elapsed, cpu time.Duration
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				w, err := warehouse.Open(ctx, dbtest.New(b, d))
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := watchHeap(&peak)
				b.StartTimer()
				start, cpuStart := time.Now(), processCPU()
				rep, err := Run(ctx, w, reg, sources, Options{Now: seed.PulledAt(seed.DefaultUntil)})
				elapsed += time.Since(start)
				cpu += processCPU() - cpuStart
				b.StopTimer()
				stop()
				if err != nil || rep.Degraded() {
					b.Fatalf("%v %+v", err, rep)
				}
				w.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(total)*float64(b.N)/elapsed.Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(total), "rows")
			// CPU seconds of this process (not the database server's): on a
			// shared machine, wall time says more about the neighbours.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "go-cpu-s")
		})
	}
	if os.Getenv("ZZ_BENCH_KEEP") == "" {
		os.RemoveAll(dir)
	}
}

// watchHeap samples the Go heap every 20 ms into peak until stopped.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > *peak {
				*peak = m.HeapInuse
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
