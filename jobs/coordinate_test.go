package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/jobs"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openWarehouse(t *testing.T, dsn string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestDatabaseElectorHasOneLeaderAndFailsOver(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.Postgres, sqldb.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.Warehouse(t, d)
			a, b := openWarehouse(t, dsn), openWarehouse(t, dsn)
			db := dbtest.Open(t, dsn)
			ea, err := jobs.NewDatabaseElector(a, quiet)
			if err != nil {
				t.Fatal(err)
			}
			eb, _ := jobs.NewDatabaseElector(b, quiet)
			if err := ea.IsLeader(ctx); err != nil {
				t.Fatalf("first instance: %v", err)
			}
			for range 2 {
				if err := ea.IsLeader(ctx); err != nil {
					t.Fatalf("leader asked again: %v", err)
				}
				if err := eb.IsLeader(ctx); !errors.Is(err, jobs.ErrNotLeader) {
					t.Fatalf("second instance while the first leads: %v", err)
				}
			}

			// The leader's connection dies: the other instance takes over at its next ask.
			var kill string
			if d == sqldb.Postgres {
				kill = `SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
			} else {
				kill = `SELECT IS_USED_LOCK(CONCAT('zhengzhi.scheduler.', DATABASE()))`
			}
			if d == sqldb.Postgres {
				if _, err := db.ExecContext(ctx, kill); err != nil {
					t.Fatal(err)
				}
			} else {
				var id int64
				if err := db.GetContext(ctx, &id, kill); err != nil {
					t.Fatal(err)
				}
				if _, err := db.ExecContext(ctx, "KILL "+strconv.FormatInt(id, 10)); err != nil {
					t.Fatal(err)
				}
			}
			// The server frees the lock once the killed session has ended, which it does on its own time.
			deadline := time.Now().Add(5 * time.Second)
			for eb.IsLeader(ctx) != nil {
				if time.Now().After(deadline) {
					t.Fatal("no failover within 5 s of the leader's connection dying")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := ea.IsLeader(ctx); !errors.Is(err, jobs.ErrNotLeader) {
				t.Fatalf("old leader after losing its connection: %v", err)
			}

			// Closing gives the lock up at once.
			eb.Close()
			if err := ea.IsLeader(ctx); err != nil {
				t.Fatalf("after the leader closed: %v", err)
			}
			ea.Close()
		})
	}
}

func TestSQLiteLeaseRefusesASecondScheduler(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.New(t, sqldb.SQLite)
	w := openWarehouse(t, dsn)
	db := dbtest.Open(t, dsn)
	host, _ := os.Hostname()
	first, err := jobs.AcquireLease(ctx, w, "host-a:100", time.Minute, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.IsLeader(ctx); err != nil {
		t.Fatalf("lease holder: %v", err)
	}
	_, err = jobs.AcquireLease(ctx, w, "host-b:200", time.Minute, quiet)
	var another *jobs.AnotherSchedulerError
	if !errors.As(err, &another) || another.Holder != "host-a:100" ||
		!strings.Contains(err.Error(), "另一个调度实例正在运行 (host-a:100") || !strings.Contains(err.Error(), "SQLite 仓库只支持一个调度实例") {
		t.Fatalf("second scheduler: %v", err)
	}
	if err := first.Release(ctx); err != nil {
		t.Fatal(err)
	}
	second, err := jobs.AcquireLease(ctx, w, "host-b:200", time.Minute, quiet)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	second.Release(ctx)

	// A holder on this host whose process is gone does not have to be waited out.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := host + ":" + strconv.Itoa(gone.Process.Pid)
	stale, err := jobs.AcquireLease(ctx, w, dead, time.Minute, quiet)
	if err != nil {
		t.Fatal(err)
	}
	stale.Release(context.Background())
	if _, err := db.ExecContext(ctx, `INSERT INTO scheduler_leases (name, holder, expires_at) VALUES ('scheduler', ?, ?)`,
		dead, time.Now().UTC().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	third, err := jobs.AcquireLease(ctx, w, jobs.Instance(), time.Minute, quiet)
	if err != nil {
		t.Fatalf("lease of a dead process on this host: %v", err)
	}
	third.Release(ctx)

	// An instance that sees its lease held by another stops running jobs.
	short, err := jobs.AcquireLease(ctx, w, "host-c:300", 30*time.Millisecond, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer short.Release(ctx)
	if _, err := db.ExecContext(ctx, `UPDATE scheduler_leases SET holder = 'host-d:400'`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for short.IsLeader(ctx) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the lease holder did not notice another holder")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestStandbySaysItStandsBy: an instance that finds the schedule run by
// another says, once, that it stands by.
func TestStandbySaysItStandsBy(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.Postgres, sqldb.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.New(t, d)
			a, b := openWarehouse(t, dsn), openWarehouse(t, dsn)
			ea, err := jobs.NewDatabaseElector(a, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer ea.Close()
			var said strings.Builder
			eb, _ := jobs.NewDatabaseElector(b, slog.New(slog.NewTextHandler(&said, nil)))
			defer eb.Close()
			if err := ea.IsLeader(ctx); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if err := eb.IsLeader(ctx); !errors.Is(err, jobs.ErrNotLeader) {
					t.Fatalf("standby: %v", err)
				}
			}
			if n := strings.Count(said.String(), "本实例待命"); n != 1 {
				t.Errorf("the standby said it stands by %d times:\n%s", n, said.String())
			}
		})
	}
}
