package draw

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"zhengzhi/warehouse"
)

// The seed commitment: before a month is drawn, the SHA-256 of its seed is
// stored and published (Commit); the seed itself stays with the operator,
// never in the warehouse, and is given at the draw, which refuses a seed
// that does not hash to the month's digest (Run). Whoever reads the
// warehouse or the published digest before the draw thus cannot tell the
// counties, and whoever draws cannot choose the seed after seeing them.

// Commitment is a month's seed commitment as the published draw states it.
type Commitment struct {
	// Digest is the seed's SHA-256 in lowercase hex.
	Digest string `json:"digest"`
	// CommittedAt is when it was stored and published, before the draw.
	CommittedAt time.Time `json:"committed_at"`
}

// MaxSeedChars is the longest seed: the draws table keeps a seed of at most
// this many characters.
const MaxSeedChars = 64

// Refusal is a commitment or a draw refused for a reason the operator can
// act on, in Chinese: a seed that does not match the month's commitment, a
// month already committed or drawn. The command line exits 2 on it.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

// Digest is a seed's SHA-256 in lowercase hex: what is committed to.
func Digest(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:])
}

// NewSeed is a seed no one can guess from its published digest: at least
// 128 random bits from the operating system, in base32 (A–Z and 2–7) so
// that it can be read out at the draw.
func NewSeed() string { return rand.Text() }

// CheckSeed refuses a seed the draw could not store or the operator could
// not type back exactly: empty, longer than MaxSeedChars characters, not
// UTF-8, or holding a control character (a line break) or spaces at its ends.
func CheckSeed(seed string) error {
	switch {
	case seed == "":
		return &Refusal{"种子不能为空"}
	case !utf8.ValidString(seed):
		return &Refusal{"种子须为 UTF-8 文本"}
	case utf8.RuneCountInString(seed) > MaxSeedChars:
		return &Refusal{fmt.Sprintf("种子不能超过 %d 个字符", MaxSeedChars)}
	case strings.TrimSpace(seed) != seed:
		return &Refusal{"种子首尾不能有空格"}
	case strings.IndexFunc(seed, unicode.IsControl) >= 0:
		return &Refusal{"种子不能含换行等控制字符"}
	}
	return nil
}

// CommitRequest asks to commit a month to a seed before its draw.
type CommitRequest struct {
	Month string
	// Seed is the seed the month will be drawn with; only its digest is
	// stored.
	Seed string
	// Force replaces a commitment to another seed (the digest published
	// for it becomes void). A month already drawn is never committed anew.
	Force bool
	// By is who commits (cli:user@host); Process the process (host:pid).
	By, Process string
}

// Committed is what Commit did.
type Committed struct {
	// Commitment is the month's commitment as stored.
	Commitment warehouse.DrawCommitment
	// Replaced is the commitment it replaced (with Force); nil when none.
	Replaced *warehouse.DrawCommitment
	// Unchanged is set when the month was already committed to this seed:
	// nothing was stored, and Commitment is the earlier one.
	Unchanged bool
}

// Commit stores a month's seed commitment: the seed's digest, when and by
// whom, never the seed. A month committed to the same seed is left as it
// is (Unchanged); a month committed to another seed is refused unless
// forced; a month already drawn is refused: its seed is public, and a
// commitment made now would prove nothing.
func Commit(ctx context.Context, store Store, req CommitRequest, now time.Time) (Committed, error) {
	if _, err := ParseMonth(req.Month); err != nil {
		return Committed{}, err
	}
	if err := CheckSeed(req.Seed); err != nil {
		return Committed{}, err
	}
	digest := Digest(req.Seed)
	stored, err := store.DrawCommitmentOf(ctx, req.Month)
	if err != nil {
		return Committed{}, err
	}
	if stored != nil && stored.Digest == digest {
		return Committed{Commitment: *stored, Unchanged: true}, nil
	}
	drawn, err := store.DrawOf(ctx, req.Month)
	if err != nil {
		return Committed{}, err
	}
	if drawn != nil {
		return Committed{}, &Refusal{fmt.Sprintf("%s 已于 %s UTC 抽取，种子已随结果公布；抽取后再承诺种子没有意义，不予承诺",
			req.Month, drawn.DrawnAt.Format(time.DateTime))}
	}
	if stored != nil && !req.Force {
		return Committed{}, &Refusal{fmt.Sprintf("%s 已于 %s UTC 承诺种子（摘要 %s）；换用另一种子须加 --force，原已公布的摘要随之作废，并记入审计日志",
			req.Month, stored.CommittedAt.Format(time.DateTime), stored.Digest)}
	}
	c := warehouse.DrawCommitment{Month: req.Month, Digest: digest, CommittedAt: now.UTC().Truncate(time.Microsecond), CommittedBy: req.By, Process: req.Process}
	replacing := ""
	if stored != nil {
		replacing = stored.Digest
	}
	if err := store.SaveDrawCommitment(ctx, c, replacing); err != nil {
		if errors.Is(err, warehouse.ErrCommitmentMoved) {
			return Committed{}, &Refusal{fmt.Sprintf("%s 的种子承诺刚被另一操作改动，未予承诺；请重新查看后再试", req.Month)}
		}
		return Committed{}, err
	}
	return Committed{Commitment: c, Replaced: stored}, nil
}

// checkCommitted refuses a seed for a month committed to another: the
// draw must use the seed whose digest was published before it.
func checkCommitted(month, seed string, c *warehouse.DrawCommitment) error {
	if seed == "" {
		return &Refusal{fmt.Sprintf("%s 已于 %s UTC 承诺种子（摘要 %s），须用该种子抽取：--seed 或 --seed-file 给出承诺时保管的种子",
			month, c.CommittedAt.Format(time.DateTime), c.Digest)}
	}
	if got := Digest(seed); got != c.Digest {
		return &Refusal{fmt.Sprintf("所给种子与 %s 承诺的种子不符，不予抽取：所给种子的 SHA-256 摘要为 %s，抽取前公布的摘要为 %s",
			month, got, c.Digest)}
	}
	return nil
}
