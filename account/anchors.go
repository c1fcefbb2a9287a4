package account

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Anchor is one line of the anchor file: the sequence number and hash of a
// row of the audit log at the time it was written. The file lives outside
// the warehouse and is only ever appended to (and best shipped off the
// machine as it grows: docs/accounts.md), so rows anchored there cannot be
// removed or the chain recomputed without `audit verify` seeing it.
type Anchor struct {
	Seq  int64
	Hash string
	At   time.Time
	// Legacy marks the row up to which the log was chained with plain
	// SHA-256, before it was keyed: those rows verify by the old rule, every
	// later one by the key. Written once, when a keyed writer first finds an
	// unkeyed log.
	Legacy bool
}

const legacyMark = "legacy"

// line is the anchor as the file holds it: "SEQ HASH TIME[ legacy]".
func (a Anchor) line() string {
	s := strconv.FormatInt(a.Seq, 10) + " " + a.Hash + " " + a.At.UTC().Format(time.RFC3339)
	if a.Legacy {
		s += " " + legacyMark
	}
	return s + "\n"
}

// ReadAnchors reads an anchor file; a file that does not exist has none.
func ReadAnchors(path string) ([]Anchor, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("审计锚点文件：%w", err)
	}
	defer f.Close()
	var out []Anchor
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		var a Anchor
		var err1, err2 error
		if len(fields) >= 3 {
			a.Seq, err1 = strconv.ParseInt(fields[0], 10, 64)
			a.Hash = fields[1]
			a.At, err2 = time.Parse(time.RFC3339, fields[2])
		}
		a.Legacy = len(fields) == 4 && fields[3] == legacyMark
		if len(fields) < 3 || len(fields) > 4 || err1 != nil || err2 != nil || a.Seq < 1 || len(a.Hash) != 64 || (len(fields) == 4 && !a.Legacy) {
			return nil, fmt.Errorf("审计锚点文件 %s 第 %d 行无效：应为“序号 哈希 时间”", path, n)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("审计锚点文件：%w", err)
	}
	return out, nil
}

// appendAnchor appends one anchor to the file (made 0600 when new) and
// syncs it to disk before returning.
func appendAnchor(path string, a Anchor) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("审计锚点文件：%w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("审计锚点文件：%w", err)
	}
	_, err = f.WriteString(a.line())
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("审计锚点文件：%w", err)
	}
	return nil
}
