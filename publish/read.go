package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"zhengzhi"
)

// A Reader reads output/ and never writes to it. An as-of date is an entry
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

// The draws are read the same way, from output/draws and its manifest.

// Dated is one set's output — an as-of date's reports, or the draws — as of
// one reading of its manifest.
type Dated struct {
	// Date is the as-of date; zero for the draws.
	Date zhengzhi.Date
	// dir is the folder the manifest was read from, symlinks resolved.
	dir   string
	stamp Stamp
	// Written is when the manifest was written.
	Written time.Time
	Files   []File
	byPath  map[string]int
}

// Stamp tells one version of a manifest from another.
type Stamp struct {
	dir         string
	ino, size   uint64
	mtime, ctim int64
}

// Stamp is the version of the manifest the set was read from: a page made
// from it may be kept until the stamp changes.
func (d *Dated) Stamp() Stamp { return d.stamp }

// File looks a path up in the manifest.
func (d *Dated) File(p string) (File, bool) {
	i, ok := d.byPath[p]
	if !ok {
		return File{}, false
	}
	return d.Files[i], true
}

// recheckManifest is how often a date's folder and manifest are looked at
// for a change.
const recheckManifest = time.Second

// Reader reads the output folder for the portal and the bench.
type Reader struct {
	root string
	now  func() time.Time
	mu   sync.Mutex
	// read caches each date's manifest as last read, and when it was last
	// found unchanged.
	read map[string]checkedOutput // by set: YYYY-MM-DD or draws
	// dates are the dates with a manifest as last listed, and when.
	dates        []zhengzhi.Date
	datesChecked time.Time
}

// checkedOutput is a date's manifest and when it was last checked.
type checkedOutput struct {
	out     *Dated
	checked time.Time
}

// NewReader reads the output folder at root on a clock (the portal's).
func NewReader(root string, now func() time.Time) *Reader {
	return &Reader{root: root, now: now, read: map[string]checkedOutput{}}
}

var dateName = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Dates lists the as-of dates with a manifest, newest first — as last
// listed, when that was less than recheckManifest ago.
func (o *Reader) Dates() ([]zhengzhi.Date, error) {
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
func (o *Reader) listDates() ([]zhengzhi.Date, error) {
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
		if st, err := os.Stat(filepath.Join(o.root, e.Name(), ManifestName)); err == nil && st.Mode().IsRegular() {
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
func (o *Reader) Date(d zhengzhi.Date) (*Dated, error) {
	if d.IsZero() {
		return nil, fs.ErrNotExist
	}
	return o.cached(d, d.String())
}

// cached is a set's output as last checked, when that was less than
// recheckManifest ago, else as it is now.
func (o *Reader) cached(d zhengzhi.Date, set string) (*Dated, error) {
	now := o.now()
	o.mu.Lock()
	c, ok := o.read[set]
	o.mu.Unlock()
	if age := now.Sub(c.checked); ok && age >= 0 && age < recheckManifest {
		return c.out, nil
	}
	return o.recheck(d, set)
}

// Recheck returns a date's output as its manifest lists it now.
func (o *Reader) Recheck(d zhengzhi.Date) (*Dated, error) {
	if d.IsZero() {
		return nil, fs.ErrNotExist
	}
	return o.recheck(d, d.String())
}

// recheck reads a set's manifest again when it changed.
func (o *Reader) recheck(d zhengzhi.Date, set string) (*Dated, error) {
	now := o.now()
	gone := func() (*Dated, error) {
		o.mu.Lock()
		delete(o.read, set)
		o.mu.Unlock()
		return nil, fs.ErrNotExist
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(o.root, set))
	if err != nil {
		return gone()
	}
	st, err := os.Stat(filepath.Join(dir, ManifestName))
	if err != nil || !st.Mode().IsRegular() {
		return gone()
	}
	s := stampOf(dir, st)
	o.mu.Lock()
	cached := o.read[set].out
	o.mu.Unlock()
	if cached == nil || cached.stamp != s {
		if cached, err = readManifest(d, set, dir, s, st.ModTime()); err != nil {
			return nil, err
		}
	}
	o.mu.Lock()
	o.read[set] = checkedOutput{out: cached, checked: now}
	o.mu.Unlock()
	return cached, nil
}

func stampOf(dir string, st os.FileInfo) Stamp {
	s := Stamp{dir: dir, size: uint64(st.Size()), mtime: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.ino = sys.Ino
		s.ctim = sys.Ctim.Nano()
	}
	return s
}

// readManifest reads and checks a manifest: every path must be a clean,
// relative, slash-separated path inside the set's folder (checkPath), or
// the manifest is refused whole.
func readManifest(d zhengzhi.Date, set, dir string, s Stamp, written time.Time) (*Dated, error) {
	text, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("manifest of %s: %w", set, err)
	}
	var m Manifest
	if err := json.Unmarshal(text, &m); err != nil {
		return nil, fmt.Errorf("manifest of %s: %w", set, err)
	}
	out := &Dated{Date: d, dir: dir, stamp: s, Written: written, Files: m.Files, byPath: make(map[string]int, len(m.Files))}
	for i, f := range m.Files {
		if err := checkPath(f.Path); err != nil {
			return nil, fmt.Errorf("manifest of %s: %w", set, err)
		}
		out.byPath[f.Path] = i
	}
	return out, nil
}

// Open opens a file of the manifest in the folder the manifest was read
// from, and checks it is still the size the manifest says.
func (d *Dated) Open(f File) (*os.File, os.FileInfo, error) {
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

// Draws is the published draws as their manifest lists them, the newest
// month first (files of one month in path order); nil when none was
// published.
func (o *Reader) Draws() (*Dated, error) {
	d, err := o.cached(0, drawsSet)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DrawsNewestFirst is the draw files, the newest month first and, within a
// month, in reverse path order (xlsx, pdf, json), as the province page lists them.
func (d *Dated) DrawsNewestFirst() []File {
	files := slices.Clone(d.Files)
	slices.SortStableFunc(files, func(a, b File) int {
		if a.Month != b.Month {
			return strings.Compare(b.Month, a.Month)
		}
		return strings.Compare(b.Path, a.Path)
	})
	return files
}

// OpenDraw opens a published draw file its manifest lists, by its path in
// output/draws; fs.ErrNotExist for any other name. The manifest as last
// checked is tried first, then — when the file will not open, as after a
// draw replaced the set within the check interval — as it is now.
func (o *Reader) OpenDraw(name string) (File, *os.File, os.FileInfo, error) {
	for _, read := range []func(zhengzhi.Date, string) (*Dated, error){o.cached, o.recheck} {
		d, err := read(0, drawsSet)
		if err != nil {
			return File{}, nil, nil, err
		}
		f, ok := d.File(name)
		if !ok {
			return File{}, nil, nil, fs.ErrNotExist
		}
		if file, st, err := d.Open(f); err == nil {
			return f, file, st, nil
		}
	}
	return File{}, nil, nil, fs.ErrNotExist
}
