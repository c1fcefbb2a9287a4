package publish

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// dir is a folder files are written into: every file under a temporary
// name in its own folder, renamed into place when complete, so a crash or a
// stop never leaves half a file under its real name. Files get the mode
// 0666 less the process's umask, as any tool's would.
type dir struct {
	root string
}

// write creates rel under the folder through write, and returns the file's
// manifest entry.
func (d dir) write(rel, kind, unit, ruleset string, write func(io.Writer) error) (File, error) {
	var file File
	p, err := d.create(rel, kind, unit, ruleset, func(f File) { file = f })
	if err != nil {
		return File{}, err
	}
	if err := write(p); err != nil {
		p.Abort()
		return File{}, fmt.Errorf("%s: %w", rel, err)
	}
	if err := p.Close(); err != nil {
		return File{}, err
	}
	return file, nil
}

// full is the path of rel under the folder; see checkPath.
func (d dir) full(rel string) (string, error) {
	if err := checkPath(rel); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(rel)), nil
}

// checkPath refuses a path that is not a clean, relative, slash-separated
// path inside a set's folder — an absolute path, "..", "a/../b", a
// backslash, an element starting with '.' (the temporary files' and the
// generations' names) — whatever a rule set, unit, kind or manifest made of it.
func checkPath(rel string) error {
	ok := fs.ValidPath(rel) && rel != "." && !strings.Contains(rel, `\`) && path.Clean(rel) == rel
	for elem := range strings.SplitSeq(rel, "/") {
		ok = ok && !strings.HasPrefix(elem, ".")
	}
	if !ok {
		return fmt.Errorf("output path %q is not a clean path inside its folder", rel)
	}
	return nil
}

// create opens rel for writing under a temporary name in the same folder.
// Close renames it into place and hands its manifest entry to done; Abort
// removes it. Safe to call from several goroutines for different files.
func (d dir) create(rel, kind, unit, ruleset string, done func(File)) (*PendingFile, error) {
	full, err := d.full(rel)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o777); err != nil {
		return nil, err
	}
	tmp, err := createTemp(full)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	return &PendingFile{tmp: tmp, full: full, hash: h, w: io.MultiWriter(tmp, h), done: done,
		entry: File{Path: rel, Kind: kind, Unit: unit, RuleSet: ruleset}}, nil
}

// createTemp makes a new temporary file beside full, whose mode the umask
// decides (os.CreateTemp would make it 0600).
func createTemp(full string) (*os.File, error) {
	for range 10 {
		var b [6]byte
		rand.Read(b[:])
		name := filepath.Join(filepath.Dir(full), "."+filepath.Base(full)+"."+hex.EncodeToString(b[:])+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free temporary name beside %s", full)
}

// PendingFile is a file being written under a temporary name.
type PendingFile struct {
	tmp   *os.File
	full  string
	hash  hash.Hash
	w     io.Writer
	entry File
	done  func(File)
}

// Write writes to the file and its checksum.
func (p *PendingFile) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.entry.Size += int64(n)
	return n, err
}

// Close completes the file: it is renamed into place and recorded.
func (p *PendingFile) Close() error {
	err := p.tmp.Close()
	if err == nil {
		err = os.Rename(p.tmp.Name(), p.full)
	}
	if err != nil {
		os.Remove(p.tmp.Name())
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	p.entry.SHA256 = hex.EncodeToString(p.hash.Sum(nil))
	p.done(p.entry)
	return nil
}

// Abort drops the unfinished file.
func (p *PendingFile) Abort() {
	p.tmp.Close()
	os.Remove(p.tmp.Name())
}

// writeManifest writes manifest.json with the files sorted by path.
func (d dir) writeManifest(m Manifest) (File, error) {
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return d.write(ManifestName, "manifest", "", "", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
}
