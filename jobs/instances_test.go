package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"zhengzhi"

	"zhengzhi/internal/dbtest"
	"zhengzhi/jobs"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// childDSN, when set, turns the test binary into one scheduler instance (the
// integration test's helper main): a no-op job every second on the warehouse,
// coordinated with its siblings exactly as `zhengzhi schedule` does.
const childDSN = "ZZ_TEST_SCHEDULER_DSN"

func TestMain(m *testing.M) {
	if dsn := os.Getenv(childDSN); dsn != "" {
		os.Exit(schedulerInstance(dsn))
	}
	os.Exit(m.Run())
}

func schedulerInstance(dsn string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	w, err := warehouse.Open(ctx, dsn)
	if err != nil {
		log.Error("open", "err", err)
		return 1
	}
	defer w.Close()
	instance := jobs.Instance()
	elector, release, err := jobs.Coordinate(ctx, w, instance, log)
	if err != nil {
		log.Error("coordinate", "err", err)
		return 1
	}
	defer release()
	s, err := jobs.New([]jobs.Job{{Name: "tick", Cron: "* * * * * *",
		Step: func(context.Context, zhengzhi.Date) ([]string, error) { return nil, nil }}},
		jobs.Options{Location: shanghai, Ledger: w, Elector: elector, Instance: instance, Log: log})
	if err != nil {
		log.Error("scheduler", "err", err)
		return 1
	}
	if err := s.Run(ctx); err != nil {
		log.Error("run", "err", err)
		return 1
	}
	return 0
}

func TestThreeInstancesRunEachPlannedSecondOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three scheduler processes for ~10 s")
	}
	dsn := dbtest.Warehouse(t, sqldb.Postgres)
	w := openWarehouse(t, dsn)
	ctx := context.Background()

	children := map[int]*exec.Cmd{}
	for i := range 3 {
		logFile, err := os.Create(filepath.Join(t.TempDir(), fmt.Sprintf("instance-%d.log", i)))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDSN+"="+dsn)
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children[cmd.Process.Pid] = cmd
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
			if t.Failed() {
				text, _ := os.ReadFile(logFile.Name())
				t.Logf("instance %d (pid %d) log:\n%s", i, cmd.Process.Pid, text)
			}
		})
	}

	runs := func() []warehouse.JobRun {
		t.Helper()
		r, err := w.LastRuns(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	waitFor := func(what string, ok func([]warehouse.JobRun) bool) []warehouse.JobRun {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			r := runs()
			if ok(r) {
				return r
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 15 s; ledger has %d rows", what, len(r))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	before := waitFor("four runs", func(r []warehouse.JobRun) bool { return len(r) >= 4 })
	leader := before[0].Instance
	_, pid, _ := strings.Cut(leader, ":")
	leaderPID, _ := strconv.Atoi(pid)
	cmd, ok := children[leaderPID]
	if !ok {
		t.Fatalf("the newest run came from %s, not from one of the test's instances", leader)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no goodbye, the server notices the dead session
		t.Fatal(err)
	}
	cmd.Wait()
	delete(children, leaderPID)
	killedAt := time.Now()

	waitFor("four runs by another instance", func(r []warehouse.JobRun) bool {
		n := 0
		for _, run := range r {
			if run.Instance != leader && run.StartedAt.After(killedAt) {
				n++
			}
		}
		return n >= 4
	})
	for _, c := range children {
		c.Process.Signal(syscall.SIGTERM)
	}
	for _, c := range children {
		if err := c.Wait(); err != nil {
			t.Errorf("instance %d did not stop cleanly on SIGTERM: %v", c.Process.Pid, err)
		}
	}

	perSecond := map[int64][]warehouse.JobRun{}
	instances := map[string]bool{}
	first, last := int64(1<<62), int64(0)
	for _, r := range runs() {
		if r.Outcome == warehouse.OutcomeSkipped {
			continue
		}
		s := r.PlannedAt.Unix()
		perSecond[s] = append(perSecond[s], r)
		instances[r.Instance] = true
		first, last = min(first, s), max(last, s)
	}
	if len(instances) < 2 {
		t.Fatalf("runs came from %v: no failover happened", instances)
	}
	for s := first; s <= last; s++ {
		got := perSecond[s]
		if len(got) != 1 {
			t.Errorf("planned %s ran %d times: %+v", time.Unix(s, 0).UTC().Format(time.TimeOnly), len(got), got)
			continue
		}
		if o := got[0].Outcome; o != warehouse.OutcomeOK && !(o == warehouse.OutcomeFailed && got[0].Instance == leader) {
			t.Errorf("planned %s: %+v", time.Unix(s, 0).UTC().Format(time.TimeOnly), got[0])
		}
	}
	t.Logf("%d planned seconds, each run once, by %d instances", last-first+1, len(instances))
}
