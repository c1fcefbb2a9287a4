package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// File is one written report as the manifest lists it.
type File struct {
	Path    string `json:"path"` // relative to output/<as-of>/
	Kind    string `json:"kind"`
	Unit    string `json:"unit,omitempty"`
	RuleSet string `json:"ruleset,omitempty"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
}

// PullRef is the data pull a bureau's numbers came from.
type PullRef struct {
	Unit     string `json:"unit"`
	PullID   int64  `json:"pull_id,omitempty"`
	Finished string `json:"finished,omitempty"`
	Outcome  string `json:"outcome"`
}

// Manifest lists every file of one as-of date's output with its checksum, and
// the data pulls the numbers rest on.
type Manifest struct {
	AsOf  string    `json:"as_of"`
	Files []File    `json:"files"`
	Pulls []PullRef `json:"pulls"`
}

// dir is one as-of date's output folder; every file is written to a
// temporary name in the same folder and renamed when complete, so a crash or
// a stop never leaves half a file under its real name.
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

// create opens rel for writing under a temporary name in the same folder.
// Close renames it into place and hands its manifest entry to done; Abort
// removes it. Safe to call from several goroutines for different files.
func (d dir) create(rel, kind, unit, ruleset string, done func(File)) (*pendingFile, error) {
	full := filepath.Join(d.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), "."+filepath.Base(full)+".*.tmp")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	h := sha256.New()
	return &pendingFile{tmp: tmp, full: full, hash: h, w: io.MultiWriter(tmp, h), done: done,
		entry: File{Path: rel, Kind: kind, Unit: unit, RuleSet: ruleset}}, nil
}

// pendingFile is a file being written under a temporary name.
type pendingFile struct {
	tmp   *os.File
	full  string
	hash  hash.Hash
	w     io.Writer
	entry File
	done  func(File)
}

func (p *pendingFile) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.entry.Size += int64(n)
	return n, err
}

// Close completes the file: it is renamed into place and recorded.
func (p *pendingFile) Close() error {
	if err := p.tmp.Close(); err != nil {
		os.Remove(p.tmp.Name())
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	if err := os.Rename(p.tmp.Name(), p.full); err != nil {
		os.Remove(p.tmp.Name())
		return fmt.Errorf("%s: %w", p.entry.Path, err)
	}
	p.entry.SHA256 = hex.EncodeToString(p.hash.Sum(nil))
	p.done(p.entry)
	return nil
}

// Abort drops the unfinished file.
func (p *pendingFile) Abort() {
	p.tmp.Close()
	os.Remove(p.tmp.Name())
}

// mergeManifest keeps, from the folder's existing manifest, the entries of
// files this render did not rewrite and that are still there unchanged in
// size, so a partial render (--only, --unit) leaves a complete manifest.
func (d dir) mergeManifest(m *Manifest) error {
	text, err := os.ReadFile(filepath.Join(d.root, "manifest.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var old Manifest
	if err := json.Unmarshal(text, &old); err != nil {
		return fmt.Errorf("existing manifest.json: %w", err)
	}
	written := map[string]bool{}
	for _, f := range m.Files {
		written[f.Path] = true
	}
	for _, f := range old.Files {
		if written[f.Path] {
			continue
		}
		if st, err := os.Stat(filepath.Join(d.root, filepath.FromSlash(f.Path))); err == nil && st.Size() == f.Size {
			m.Files = append(m.Files, f)
		}
	}
	return nil
}

// writeManifest writes manifest.json with the files sorted by path.
func (d dir) writeManifest(m Manifest) (File, error) {
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return d.write("manifest.json", "manifest", "", "", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
}
