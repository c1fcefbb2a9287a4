//go:build unix

package publish

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// syncFolder brings what was written under a folder to the disk: one syncfs
// of its file system rather than an fsync per file.
func syncFolder(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// lock holds the as-of date's lock file until unlock: two renders of one
// date (the progress and the scorecards jobs, say) take turns, so neither
// prunes the other's generation under construction.
func (g generations) lock() (unlock func(), err error) {
	if err := os.MkdirAll(g.folder(), 0o777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(g.folder(), g.set+".lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
