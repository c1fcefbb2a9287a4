package account

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"zhengzhi/warehouse"
)

// AuditKeys are the keys of the audit chain, as the key file holds them:
// one line per key, "FROM HEX" — the first sequence number the key seals
// and the 32-byte key in hex — after comment lines starting with '#'. A new
// key line is what a rotation appends; every older key stays, so the whole
// log still verifies.
type AuditKeys struct {
	keys []auditKey // ascending by from; the first from 1
}

type auditKey struct {
	from int64
	key  []byte
}

// keyFileHeader opens a new key file.
const keyFileHeader = "# zhengzhi 审计日志密钥（HMAC-SHA256）：每行“起始序号 密钥”。须保密，勿放入数据库备份；轮换见 docs/accounts.md。\n"

// ErrNoAuditKey means the key file does not exist.
var ErrNoAuditKey = errors.New("审计日志密钥文件不存在")

// LoadAuditKeys reads a key file; ErrNoAuditKey when there is none.
func LoadAuditKeys(path string) (*AuditKeys, error) {
	text, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w：%s", ErrNoAuditKey, path)
	}
	if err != nil {
		return nil, fmt.Errorf("审计日志密钥：%w", err)
	}
	k := &AuditKeys{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		from, hexKey, _ := strings.Cut(line, " ")
		seq, err1 := strconv.ParseInt(from, 10, 64)
		key, err2 := hex.DecodeString(strings.TrimSpace(hexKey))
		if err1 != nil || err2 != nil || len(key) < 32 || seq < 1 ||
			(len(k.keys) == 0 && seq != 1) || (len(k.keys) > 0 && seq <= k.keys[len(k.keys)-1].from) {
			return nil, fmt.Errorf("审计日志密钥 %s 第 %d 行无效：应为“起始序号 64 位十六进制密钥”，起始序号自 1 递增", path, n)
		}
		k.keys = append(k.keys, auditKey{from: seq, key: key})
	}
	if len(k.keys) == 0 {
		return nil, fmt.Errorf("审计日志密钥 %s 中没有密钥", path)
	}
	return k, nil
}

// OpenAuditKeys reads a key file, first creating it (mode 0600, one fresh
// key from sequence number 1) when it does not exist: what every process
// that writes audit rows, and `zhengzhi init`, does.
func OpenAuditKeys(path string) (*AuditKeys, error) {
	k, err := LoadAuditKeys(path)
	if !errors.Is(err, ErrNoAuditKey) {
		return k, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("审计日志密钥：%w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadAuditKeys(path) // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("审计日志密钥：%w", err)
	}
	line, err := keyLine(1)
	if err == nil {
		_, err = f.WriteString(keyFileHeader + line)
	}
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("审计日志密钥：%w", err)
	}
	return LoadAuditKeys(path)
}

// RotateAuditKey appends a fresh key to the key file that seals the rows
// from sequence number from on. Every process that writes audit rows must
// be stopped while it runs (they read the keys when they start), and from
// must be the row after the log's last.
func RotateAuditKey(path string, from int64) error {
	k, err := LoadAuditKeys(path)
	if err != nil {
		return err
	}
	if last := k.keys[len(k.keys)-1].from; from <= last {
		return fmt.Errorf("审计日志密钥：新密钥的起始序号 %d 须大于上一把的 %d", from, last)
	}
	line, err := keyLine(from)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("审计日志密钥：%w", err)
	}
	_, err = f.WriteString(line)
	return errors.Join(err, f.Sync(), f.Close())
}

func keyLine(from int64) (string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	return strconv.FormatInt(from, 10) + " " + hex.EncodeToString(key) + "\n", nil
}

// key is the key that seals row seq.
func (k *AuditKeys) key(seq int64) []byte {
	i, found := slices.BinarySearchFunc(k.keys, seq, func(a auditKey, seq int64) int {
		switch {
		case a.from < seq:
			return -1
		case a.from > seq:
			return 1
		}
		return 0
	})
	if !found {
		i--
	}
	return k.keys[max(i, 0)].key
}

// Hash is a row's keyed hash under the key for its sequence number.
func (k *AuditKeys) Hash(e warehouse.AuditEntry) string { return KeyedHash(k.key(e.Seq), e) }
