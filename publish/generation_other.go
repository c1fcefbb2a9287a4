//go:build !unix

package publish

import "os"

// syncFolder brings the folder's own entry to the disk.
func syncFolder(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// lock is a no-op where there is no flock: run one render of a date at a time.
func (g generations) lock() (unlock func(), err error) { return func() {}, nil }
