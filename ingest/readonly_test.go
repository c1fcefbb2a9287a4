package ingest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// TestBureauFilesAreOnlyRead pulls SQLite bureau files that the service
// account may only read — the file 0444 in a 0555 folder — in both journal
// modes: each loads, and afterwards its bytes and modification time are as
// before and no -wal, -shm or -journal file appeared beside it.
func TestBureauFilesAreOnlyRead(t *testing.T) {
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			b := newBureau(t, sqldb.SQLite)
			fillCity(b)
			if mode == "delete" {
				// SQLite's default, and what most bureau programs leave.
				if _, err := b.db.ExecContext(ctx, `PRAGMA journal_mode=DELETE`); err != nil {
					t.Fatal(err)
				}
			}
			b.db.Close()
			dir := filepath.Join(t.TempDir(), "bureau")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "990100.db")
			if err := os.Rename(b.dsn[len("sqlite:"):], path); err != nil {
				t.Fatal(err)
			}
			lockDown(t, dir, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			stat, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}

			w, err := warehouse.Open(ctx, dbtest.New(t, sqldb.SQLite))
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			rep, err := Run(ctx, w, demotest.Registry(t), []Source{{Unit: "990100", DSN: "sqlite:" + path}}, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if s := rep.Sources[0]; s.Outcome != warehouse.PullOK || s.Tables["hazards"].Loaded != 2 {
				t.Fatalf("read-only bureau file: %s %q %+v", s.Outcome, s.Error, s.Tables["hazards"])
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("ingest changed the bureau file's bytes")
			}
			if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(stat.ModTime()) {
				t.Errorf("ingest changed the bureau file's modification time: %v → %v (%v)", stat.ModTime(), st.ModTime(), err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files beside the bureau's after ingest: %v", names)
			}
		})
	}
}

// lockDown makes the bureau's folder and file read-only: mode 0555 and 0444,
// and, for root (whom modes do not stop), the immutable attribute, which
// stops root too. Without chattr, root's test still checks that nothing was
// written, but not that the pull needs no write permission.
func lockDown(t *testing.T, dir, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chattr", "+i", path, dir).CombinedOutput(); err != nil {
		t.Logf("running as root and chattr +i failed (%v: %s): only the unchanged bytes are checked, not the missing write permission", err, out)
		return
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path, dir).Run() })
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		f.Close()
		t.Fatalf("the locked folder still takes new files")
	}
}
