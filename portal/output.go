package portal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"zhengzhi/render/manifest"

	"zhengzhi"
)

// The portal reads output/ and never writes to it. An as-of date is an entry
// of output/ named YYYY-MM-DD — a folder, or a symlink to one (an atomic
// render swaps the link) — holding a manifest.json; entries starting with '.'
// are never looked at. A file is found only through the manifest of its date
// and opened relative to the folder that manifest was read from, so a reader
// never gets a file its manifest does not list. A manifest is read again
// when the date's folder or the manifest changes (another inode, size or
// time), so a re-render is picked up; whether it changed is looked at most
// once every recheckManifest on the portal's clock, so for that long after
// a render switches its set a download may still come from the set before
// it (which the render keeps, complete and consistent) — and a file that is
// gone from it makes the portal look again at once.

// datedOutput is one as-of date's output as of one reading of its manifest.
type datedOutput struct {
	Date zhengzhi.Date
	// dir is the folder the manifest was read from, symlinks resolved.
	dir   string
	stamp stamp
	// Written is when the manifest was written.
	Written time.Time
	Files   []manifest.File
	byPath  map[string]int
}

// stamp tells one version of a manifest from another.
type stamp struct {
	dir         string
	ino, size   uint64
	mtime, ctim int64
}

// File looks a path up in the manifest.
func (d *datedOutput) File(p string) (manifest.File, bool) {
	i, ok := d.byPath[p]
	if !ok {
		return manifest.File{}, false
	}
	return d.Files[i], true
}

// recheckManifest is how often a date's folder and manifest are looked at
// for a change.
const recheckManifest = time.Second

// outputDir reads the output folder.
type outputDir struct {
	root string
	now  func() time.Time
	mu   sync.Mutex
	// read caches each date's manifest as last read, and when it was last
	// found unchanged.
	read map[zhengzhi.Date]checkedOutput
	// dates are the dates with a manifest as last listed, and when.
	dates        []zhengzhi.Date
	datesChecked time.Time
}

// checkedOutput is a date's manifest and when it was last checked.
type checkedOutput struct {
	out     *datedOutput
	checked time.Time
}

func newOutputDir(root string, now func() time.Time) *outputDir {
	return &outputDir{root: root, now: now, read: map[zhengzhi.Date]checkedOutput{}}
}

var dateName = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Dates lists the as-of dates with a manifest, newest first — as last
// listed, when that was less than recheckManifest ago.
func (o *outputDir) Dates() ([]zhengzhi.Date, error) {
	now := o.now()
	o.mu.Lock()
	dates, checked := o.dates, o.datesChecked
	o.mu.Unlock()
	if age := now.Sub(checked); !checked.IsZero() && age >= 0 && age < recheckManifest {
		return dates, nil
	}
	dates, err := o.listDates()
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	o.dates, o.datesChecked = dates, now
	o.mu.Unlock()
	return dates, nil
}

// listDates reads the output folder for the as-of dates with a manifest,
// newest first.
func (o *outputDir) listDates() ([]zhengzhi.Date, error) {
	entries, err := os.ReadDir(o.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	var out []zhengzhi.Date
	for _, e := range entries {
		if !dateName.MatchString(e.Name()) {
			continue
		}
		d, err := zhengzhi.ParseDate(e.Name())
		if err != nil {
			continue
		}
		if st, err := os.Stat(filepath.Join(o.root, e.Name(), manifest.Name)); err == nil && st.Mode().IsRegular() {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// Date returns a date's output as its manifest lists it — as last checked,
// when that was less than recheckManifest ago; fs.ErrNotExist when the date
// has none.
func (o *outputDir) Date(d zhengzhi.Date) (*datedOutput, error) {
	if d.IsZero() {
		return nil, fs.ErrNotExist
	}
	now := o.now()
	o.mu.Lock()
	c, ok := o.read[d]
	o.mu.Unlock()
	if age := now.Sub(c.checked); ok && age >= 0 && age < recheckManifest {
		return c.out, nil
	}
	return o.Recheck(d)
}

// Recheck returns a date's output as its manifest lists it now.
func (o *outputDir) Recheck(d zhengzhi.Date) (*datedOutput, error) {
	if d.IsZero() {
		return nil, fs.ErrNotExist
	}
	now := o.now()
	gone := func() (*datedOutput, error) {
		o.mu.Lock()
		delete(o.read, d)
		o.mu.Unlock()
		return nil, fs.ErrNotExist
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(o.root, d.String()))
	if err != nil {
		return gone()
	}
	st, err := os.Stat(filepath.Join(dir, manifest.Name))
	if err != nil || !st.Mode().IsRegular() {
		return gone()
	}
	s := stampOf(dir, st)
	o.mu.Lock()
	cached := o.read[d].out
	o.mu.Unlock()
	if cached == nil || cached.stamp != s {
		if cached, err = readManifest(d, dir, s, st.ModTime()); err != nil {
			return nil, err
		}
	}
	o.mu.Lock()
	o.read[d] = checkedOutput{out: cached, checked: now}
	o.mu.Unlock()
	return cached, nil
}

func stampOf(dir string, st os.FileInfo) stamp {
	s := stamp{dir: dir, size: uint64(st.Size()), mtime: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.ino = sys.Ino
		s.ctim = sys.Ctim.Nano()
	}
	return s
}

// readManifest reads and checks a manifest: every path must be a clean,
// relative, slash-separated path inside the date's folder, or the manifest
// is refused whole.
func readManifest(d zhengzhi.Date, dir string, s stamp, written time.Time) (*datedOutput, error) {
	text, err := os.ReadFile(filepath.Join(dir, manifest.Name))
	if err != nil {
		return nil, fmt.Errorf("manifest of %s: %w", d, err)
	}
	var m manifest.Manifest
	if err := json.Unmarshal(text, &m); err != nil {
		return nil, fmt.Errorf("manifest of %s: %w", d, err)
	}
	out := &datedOutput{Date: d, dir: dir, stamp: s, Written: written, Files: m.Files, byPath: make(map[string]int, len(m.Files))}
	for i, f := range m.Files {
		if !fs.ValidPath(f.Path) || f.Path == "." || strings.Contains(f.Path, `\`) || path.Clean(f.Path) != f.Path {
			return nil, fmt.Errorf("manifest of %s: path %q is not a clean relative path", d, f.Path)
		}
		out.byPath[f.Path] = i
	}
	return out, nil
}

// Open opens a file of the manifest in the folder the manifest was read
// from, and checks it is still the size the manifest says.
func (d *datedOutput) Open(f manifest.File) (*os.File, os.FileInfo, error) {
	file, err := os.Open(filepath.Join(d.dir, filepath.FromSlash(f.Path)))
	if err != nil {
		return nil, nil, err
	}
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != f.Size {
		file.Close()
		return nil, nil, fmt.Errorf("%s of %s: not the file its manifest lists", f.Path, d.Date)
	}
	return file, st, nil
}

// drawName is a published draw's file name: output/draws/<month>.<ext>.
var drawName = regexp.MustCompile(`^\d{4}-\d{2}\.(json|xlsx|pdf)$`)

// drawTitle is a published draw file's name for people: 2026-12随机抽查结果.pdf.
func drawTitle(name string) string { return name[:7] + "随机抽查结果" + name[7:] }

// Draws lists the published draw files, newest month first.
func (o *outputDir) Draws() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(o.root, "draws"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("draws: %w", err)
	}
	var out []string
	for _, e := range entries {
		if drawName.MatchString(e.Name()) && e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// OpenDraw opens a published draw file by its name, which must be one that
// Draws lists.
func (o *outputDir) OpenDraw(name string) (*os.File, os.FileInfo, error) {
	if !drawName.MatchString(name) {
		return nil, nil, fs.ErrNotExist
	}
	f, err := os.Open(filepath.Join(o.root, "draws", name))
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, st, nil
}
