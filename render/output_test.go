package render_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"zhengzhi/internal/demotest"
	"zhengzhi/publish"
	"zhengzhi/render"
	"zhengzhi/seed"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// childEnv asks the test binary to run one render as a child process (see
// renderChild) instead of the tests: a render the parent can kill.
const childEnv = "ZZ_RENDER_CHILD"

// childSpec is what a child render renders.
type childSpec struct {
	Warehouse, Output, Unit string
}

// renderChild renders the demo city of the spec into its output folder,
// stopping at SIGTERM as the command does; it is the child process of
// TestKilledRenderLeavesTheSetWhole.
func renderChild(spec string) int {
	var s childSpec
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	w, err := warehouse.Open(ctx, s.Warehouse)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer w.Close()
	reg, err := demotest.LoadRegistry()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ruleSets, err := demoRuleSets()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d := &demo{w: w, reg: reg, ruleSets: ruleSets, sources: []string{"990000", s.Unit}}
	if _, err := render.Run(ctx, d.options(s.Output, nil, s.Unit)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// checkSet reads output/<as-of>/ as a reader does and checks that it is one
// whole set: every file its manifest lists is there with that checksum, and
// nothing else is in the folder but the manifest.
func checkSet(t *testing.T, dir string) publish.Manifest {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := publish.ReadManifest(dir)
	if err != nil {
		t.Fatalf("the set has no readable manifest: %v", err)
	}
	listed := map[string]bool{publish.ManifestName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("%s: listed but unreadable: %v", f.Path, err)
			continue
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(data)) != f.Size {
			t.Errorf("%s: its content is not the one the manifest lists", f.Path)
		}
	}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !listed[filepath.ToSlash(rel)] {
			t.Errorf("%s: in the folder but not in its manifest", rel)
		}
		return nil
	})
	return m
}

// generationsOf lists the generation folders of an output folder.
func generationsOf(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, ".generations"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestKilledRenderLeavesTheSetWhole renders a city, then re-renders it in a
// child process stopped midway — by SIGKILL and by SIGTERM: readers still
// see the first set whole; a render stopped by SIGTERM cleans up after
// itself, and the next render removes what a killed one left.
func TestKilledRenderLeavesTheSetWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo city three times")
	}
	d := newDemo(t)
	ctx := context.Background()
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			first, err := render.Run(ctx, d.options(out, nil, "990300"))
			if err != nil {
				t.Fatal(err)
			}
			before := checkSet(t, first.Dir)
			killed := false
			for attempt := 0; attempt < 5 && !killed; attempt++ {
				killed = killMidway(t, d, out, sig)
			}
			if !killed {
				t.Fatal("the child render finished every time before it could be stopped")
			}
			after := checkSet(t, filepath.Join(out, "2026-11-24"))
			if len(after.Files) != len(before.Files) {
				t.Errorf("after the killed render readers see %d files, before %d", len(after.Files), len(before.Files))
			}
			// A render stopped by SIGTERM removes its own unfinished set; one
			// killed outright leaves it for the next render.
			switch gens := generationsOf(t, out); {
			case sig == syscall.SIGTERM && len(gens) != 1:
				t.Errorf("a render stopped by SIGTERM left generations %v", gens)
			case sig == syscall.SIGKILL && len(gens) < 2:
				t.Fatal("the killed render left no folder of its own: the test proves nothing")
			}
			again, err := render.Run(ctx, d.options(out, nil, "990300"))
			if err != nil {
				t.Fatal(err)
			}
			checkSet(t, again.Dir)
			if gens := generationsOf(t, out); len(gens) != 2 {
				t.Errorf("after the next render: generations %v, want the new one and the one before", gens)
			}
		})
	}
}

// killMidway starts a child render and stops it with sig once its new
// generation holds a few files; false when the child finished first.
func killMidway(t *testing.T, d *demo, out string, sig syscall.Signal) bool {
	t.Helper()
	spec, _ := json.Marshal(childSpec{Warehouse: "sqlite:" + filepath.Join(d.dir, "warehouse.db"), Output: out, Unit: "990300"})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	current, _ := os.Readlink(filepath.Join(out, "2026-11-24"))
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		files := 0
		for _, g := range generationsOf(t, out) {
			if g == filepath.Base(current) {
				continue
			}
			filepath.WalkDir(filepath.Join(out, ".generations", g), func(_ string, e os.DirEntry, _ error) error {
				if e != nil && !e.IsDir() {
					files++
				}
				return nil
			})
		}
		if files >= 3 {
			cmd.Process.Signal(sig)
			<-done
			return true
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-done
	t.Fatal("the child render wrote nothing within a minute")
	return false
}

// TestFailedReportLeavesTheOthers breaks the progress report's narrative:
// the render says so, and publishes the summary beside it.
func TestFailedReportLeavesTheOthers(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo province's reports")
	}
	d := newDemo(t)
	own := t.TempDir()
	if err := os.MkdirAll(filepath.Join(own, "narrative"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(own, "narrative", "progress.tmpl"), []byte("截至{{.Date"), 0o666); err != nil {
		t.Fatal(err)
	}
	opt := d.options(t.TempDir(), []string{publish.KindProgress, publish.KindSummary}, "990000")
	opt.Templates = templates.Overlay(own)
	res, err := render.Run(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), "1 个报告生成失败") || !strings.Contains(err.Error(), "progress") {
		t.Fatalf("error %v, want the progress report's failure", err)
	}
	m := checkSet(t, res.Dir)
	if len(m.Files) != 1 || m.Files[0].Kind != publish.KindSummary {
		t.Errorf("published %+v, want the summary alone", m.Files)
	}
}

// TestFirstRenderThatFailsPublishesNothing cannot load its fonts: no
// output/<as-of> appears and nothing is left behind, and the error says it is
// the configuration's.
func TestFirstRenderThatFailsPublishesNothing(t *testing.T) {
	d := newDemo(t)
	out := t.TempDir()
	opt := d.options(out, []string{publish.KindSummary}, "990000")
	opt.Fonts.Regular = filepath.Join(out, "missing.ttf")
	_, err := render.Run(context.Background(), opt)
	if !errors.Is(err, render.ErrConfig) {
		t.Fatalf("error %v, want a configuration error", err)
	}
	if _, err := os.Lstat(filepath.Join(out, "2026-11-24")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed first render left output/2026-11-24: %v", err)
	}
	if gens := generationsOf(t, out); len(gens) != 0 {
		t.Errorf("left generations %v", gens)
	}
}

// TestRenderHonoursTheUmask writes files whose mode the process's umask
// decides, as any tool's would.
func TestRenderHonoursTheUmask(t *testing.T) {
	d := newDemo(t)
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	res, err := render.Run(context.Background(), d.options(t.TempDir(), []string{publish.KindSummary}, "990000"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(res.Dir, "province", "yearend-summary.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v under umask 027, want -rw-r-----", st.Mode().Perm())
	}
}

// TestLegacyFolderBecomesAGeneration moves an output/<as-of> folder written
// before generations into the first generation.
func TestLegacyFolderBecomesAGeneration(t *testing.T) {
	d := newDemo(t)
	out := t.TempDir()
	legacy := filepath.Join(out, seed.DefaultUntil.String())
	if err := os.MkdirAll(filepath.Join(legacy, "province"), 0o777); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(legacy, publish.ManifestName), []byte(`{"as_of":"2026-11-24","files":[],"pulls":[]}`), 0o666)
	res, err := render.Run(context.Background(), d.options(out, []string{publish.KindSummary}, "990000"))
	if err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(legacy); err != nil || !strings.HasPrefix(target, ".generations/") {
		t.Fatalf("output/2026-11-24 is not a link to a generation: %q %v", target, err)
	}
	if m := checkSet(t, res.Dir); len(m.Files) != 1 {
		t.Errorf("files %+v", m.Files)
	}
}

// TestFailedReportKeepsTheLastGoodOne renders the 通报, then renders again
// from a registry without the issuer's authority: the 通报 fails, and the
// new set keeps the one before — the same bytes and sha256 — marked
// carried_over with the reason in Chinese, beside the progress report
// written anew.
func TestFailedReportKeepsTheLastGoodOne(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo province's reports")
	}
	d := newDemo(t)
	out := t.TempDir()
	only := []string{publish.KindProgress, publish.KindSummary}
	first, err := render.Run(context.Background(), d.options(out, only, ""))
	if err != nil {
		t.Fatal(err)
	}
	const summary = "province/yearend-summary.pdf"
	before, err := os.ReadFile(filepath.Join(first.Dir, summary))
	if err != nil {
		t.Fatal(err)
	}
	reg := *d.reg
	reg.Issuer.Authority = ""
	opt := d.options(out, only, "")
	opt.Registry = &reg
	res, err := render.Run(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), "authority") {
		t.Fatalf("error %v, want the 通报's failure naming authority", err)
	}
	m := checkSet(t, res.Dir)
	var kept, progress *publish.File
	for i, f := range m.Files {
		switch f.Path {
		case summary:
			kept = &m.Files[i]
		case "province/progress-report.pdf":
			progress = &m.Files[i]
		}
	}
	if kept == nil {
		t.Fatalf("the 通报 is gone from the set: %+v", m.Files)
	}
	sum := sha256.Sum256(before)
	if !kept.CarriedOver || !strings.Contains(kept.Error, "本次生成失败") || !strings.Contains(kept.Error, "authority") ||
		kept.SHA256 != hex.EncodeToString(sum[:]) || kept.Size != int64(len(before)) {
		t.Errorf("the 通报's entry %+v, want carried over with the reason and the old checksum", *kept)
	}
	after, err := os.ReadFile(filepath.Join(res.Dir, summary))
	if err != nil || string(after) != string(before) {
		t.Errorf("the 通报 carried over is not the same bytes (%v)", err)
	}
	if progress == nil || progress.CarriedOver {
		t.Errorf("the progress report %+v, want written anew", progress)
	}
	if len(res.Kept) != 1 || res.Kept[0].Path != summary {
		t.Errorf("Kept %+v", res.Kept)
	}
	raw, err := os.ReadFile(filepath.Join(res.Dir, publish.ManifestName))
	if err != nil || !strings.Contains(string(raw), `"carried_over": true`) {
		t.Errorf("manifest.json does not say carried_over: %v", err)
	}
}

// TestRenderNeverScores renders a date no assessment was stored for: render
// refuses (render reads what assess stored; the pipeline assesses first)
// and stores nothing.
func TestRenderNeverScores(t *testing.T) {
	d := newDemo(t)
	ctx := context.Background()
	count := func() int {
		var n int // the dates with a stored result
		for _, rs := range d.ruleSets {
			h, err := d.w.AssessmentHistory(ctx, rs.ID, seed.DefaultUntil.AddDays(1))
			if err != nil {
				t.Fatal(err)
			}
			n += len(h)
		}
		return n
	}
	before := count()
	opt := d.options(t.TempDir(), []string{publish.KindSummary}, "990000")
	opt.AsOf = seed.DefaultUntil.AddDays(-1)
	if _, err := render.Run(ctx, opt); !errors.Is(err, render.ErrNotAssessed) {
		t.Fatalf("error %v, want render.ErrNotAssessed", err)
	}
	if after := count(); after != before {
		t.Errorf("render stored %d assessments", after-before)
	}
}
