package account

import (
	"context"
	"errors"
	"fmt"

	"zhengzhi/warehouse"
)

// AuditCheck is what VerifyAudit found.
type AuditCheck struct {
	// Rows is how many rows were read; Anchors how many anchors were checked.
	Rows    int64
	Anchors int
	// LegacyTo is the last row verified by the old plain SHA-256 rule (0: none).
	LegacyTo int64
	// OK is true when every row's hash is right under the key and chains on
	// the row before, the sequence has no gap, the head names the last row
	// and every anchor names a row with its hash.
	OK bool
	// BadSeq is the first row where the log is found wrong, and Problem says
	// how, in Chinese.
	BadSeq  int64
	Problem string
}

// VerifyAudit reads the whole audit log in order and checks it: each row's
// hash under the key (rows up to the legacy anchor under the old rule),
// the chain, the head, and every anchor of the anchor file — so a changed
// row, a removed tail (even with the head moved to match) and a chain
// recomputed by someone without the key are each caught at the first row
// that is wrong.
func VerifyAudit(ctx context.Context, w *warehouse.Warehouse, keys *AuditKeys, anchors []Anchor) (AuditCheck, error) {
	var check AuditCheck
	want := make(map[int64]string, len(anchors))
	var lastAnchor int64
	for _, a := range anchors {
		if a.Legacy && check.LegacyTo == 0 {
			check.LegacyTo = a.Seq
		}
		want[a.Seq] = a.Hash
		lastAnchor = max(lastAnchor, a.Seq)
	}
	check.Anchors = len(anchors)
	prev := GenesisHash
	var seq int64
	bad := func(at int64, problem string) error {
		check.BadSeq, check.Problem = at, problem
		return errStop
	}
	err := w.ScanAudit(ctx, func(e warehouse.AuditEntry) error {
		check.Rows++
		hash, rule := keys.Hash(e), "密钥"
		if e.Seq <= check.LegacyTo {
			hash, rule = LegacyHash(e), "旧规则（未加密钥的 SHA-256）"
		}
		switch {
		case e.Seq != seq+1:
			return bad(seq+1, fmt.Sprintf("第 %d 条记录缺失（下一条为第 %d 条）", seq+1, e.Seq))
		case e.PrevHash != prev:
			return bad(e.Seq, fmt.Sprintf("第 %d 条记录所存的前一条哈希与第 %d 条记录不符", e.Seq, seq))
		case hash != e.Hash:
			return bad(e.Seq, fmt.Sprintf("第 %d 条记录的内容与其哈希不符（按%s校验；已被修改或哈希链被重算）", e.Seq, rule))
		}
		if h, ok := want[e.Seq]; ok && h != e.Hash {
			return bad(e.Seq, fmt.Sprintf("第 %d 条记录的哈希与锚点文件所记不符（哈希链被重算）", e.Seq))
		}
		seq, prev = e.Seq, e.Hash
		return nil
	})
	if err == errStop {
		return check, nil
	}
	if err != nil {
		return check, err
	}
	if lastAnchor > seq {
		bad(seq+1, fmt.Sprintf("日志末尾缺失：锚点文件记有第 %d 条，表中最后一条为第 %d 条", lastAnchor, seq))
		return check, nil
	}
	headSeq, headHash, err := w.AuditHead(ctx)
	if err != nil {
		return check, err
	}
	if headSeq != seq || headHash != prev {
		bad(min(headSeq, seq)+1, fmt.Sprintf("日志末尾缺失：链头记为第 %d 条，表中最后一条为第 %d 条", headSeq, seq))
		return check, nil
	}
	check.OK = true
	return check, nil
}

// errStop ends the scan at the first problem.
var errStop = errors.New("stop")
