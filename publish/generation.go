package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A set's output is a generation: a complete set of files with its
// manifest, built in a folder of its own beside the one readers see and
// switched to at once. output/<set> (an as-of date, or draws) is a symbolic
// link to the current generation, output/.generations/<set>.NNNN; a build
// makes the next number and, when its set is complete, replaces the link by
// a rename — the one step a reader (a person, a mail job, the portal) sees,
// old set or new, never a mix. The generation before the current one is
// kept, so that a reader in the middle of a download finishes it; older
// ones, and the unfinished builds of renders that were killed, go at the
// next build.
const generationsFolder = ".generations"

// generations are the generations of one set: an as-of date's reports
// (YYYY-MM-DD) or the draws ("draws").
type generations struct {
	output string // the output folder
	set    string // YYYY-MM-DD or draws
}

// link is the path readers use: output/<set>.
func (g generations) link() string { return filepath.Join(g.output, g.set) }

// folder is the folder of all generations.
func (g generations) folder() string { return filepath.Join(g.output, generationsFolder) }

// path is the folder of generation n.
func (g generations) path(n int) string {
	return filepath.Join(g.folder(), fmt.Sprintf("%s.%04d", g.set, n))
}

// numbers lists the generations on disk, in order.
func (g generations) numbers() ([]int, error) {
	entries, err := os.ReadDir(g.folder())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []int
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), g.set+".")
		if n, err := strconv.Atoi(rest); ok && err == nil && e.IsDir() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// current is the generation readers see now: 0, "" when there is none. An
// output/<as-of> that is a plain folder (written before generations) is
// moved in as generation 1 first.
func (g generations) current() (int, string, error) {
	target, err := os.Readlink(g.link())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, "", nil
	case err != nil:
		st, serr := os.Lstat(g.link())
		if serr != nil || !st.IsDir() {
			return 0, "", fmt.Errorf("%s is neither a folder nor a link to one: %w", g.link(), err)
		}
		if err := os.MkdirAll(g.folder(), 0o777); err != nil {
			return 0, "", err
		}
		if err := os.Rename(g.link(), g.path(1)); err != nil {
			return 0, "", err
		}
		if err := g.publish(1); err != nil {
			return 0, "", err
		}
		return 1, g.path(1), nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(target), g.set+"."))
	if err != nil {
		return 0, "", fmt.Errorf("%s links to %s, not to a generation", g.link(), target)
	}
	return n, g.path(n), nil
}

// prune removes every generation but the current one and the one before it:
// the older sets, and the unfinished builds of killed renders.
func (g generations) prune(current int) error {
	numbers, err := g.numbers()
	if err != nil {
		return err
	}
	previous := 0
	for _, n := range numbers {
		if n < current {
			previous = n
		}
	}
	var errs []error
	for _, n := range numbers {
		if n != current && n != previous {
			errs = append(errs, os.RemoveAll(g.path(n)))
		}
	}
	stale, _ := filepath.Glob(filepath.Join(g.output, "."+g.set+".*.link"))
	for _, p := range stale {
		errs = append(errs, os.Remove(p))
	}
	return errors.Join(errs...)
}

// next makes the folder of a new generation after every one on disk.
func (g generations) next() (int, string, error) {
	numbers, err := g.numbers()
	if err != nil {
		return 0, "", err
	}
	n := 1
	if len(numbers) > 0 {
		n = numbers[len(numbers)-1] + 1
	}
	if err := os.MkdirAll(g.path(n), 0o777); err != nil {
		return 0, "", err
	}
	return n, g.path(n), nil
}

// publish makes generation n the one readers see: its files reach the disk,
// then a new link replaces output/<as-of> by one rename.
func (g generations) publish(n int) error {
	if err := syncFolder(g.path(n)); err != nil {
		return err
	}
	rel, err := filepath.Rel(g.output, g.path(n))
	if err != nil {
		return err
	}
	tmp := filepath.Join(g.output, fmt.Sprintf(".%s.%04d.link", g.set, n))
	os.Remove(tmp)
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, g.link()); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncFolder(g.output)
}

// carry links every file of a generation's manifest into a new generation
// and returns the manifest's files.
func carry(from, to string) ([]File, error) {
	m, err := ReadManifest(from)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		if err := linkFile(dir{root: from}, dir{root: to}, f.Path); err != nil {
			return nil, err
		}
	}
	return m.Files, nil
}

// linkFile puts rel of one generation into another: a hard link, or a copy
// where a link cannot be made.
func linkFile(src, dst dir, rel string) error {
	in, err := src.full(rel)
	if err != nil {
		return err
	}
	out, err := dst.full(rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o777); err != nil {
		return err
	}
	if err := os.Link(in, out); err != nil {
		if err := copyFile(in, out); err != nil {
			return fmt.Errorf("carry %s: %w", rel, err)
		}
	}
	return nil
}

// describe is the manifest entry of a file already written: its size and sha256.
func describe(d dir, rel string) (File, error) {
	full, err := d.full(rel)
	if err != nil {
		return File{}, err
	}
	in, err := os.Open(full)
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	h := sha256.New()
	n, err := io.Copy(h, in)
	if err != nil {
		return File{}, err
	}
	return File{Path: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// copyFile copies a file where a hard link cannot be made.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
