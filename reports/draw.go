package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"zhengzhi"
)

// Draw is the province's random draw of counties for one month's supervision
// visits (随机抽查), published with its seed so anyone can re-run it.
type Draw struct {
	Meta  Meta
	Month string // "2026-12"
	Seed  string
	Picks []DrawPick
	// Rule says in words how the counties were drawn, step by step, so that
	// anyone holding the seed and the unit registry can re-check the draw by
	// hand; the draw step words it from its own rule.
	Rule []string
	// Commitment is the seed's digest as committed and published before the
	// draw; nil when the month was drawn without one.
	Commitment *DrawCommitment
}

// DrawCommitment is a seed's SHA-256 as it was committed before a draw.
type DrawCommitment struct {
	Digest string
	// At is when it was committed, in the configured time zone.
	At time.Time
}

// chineseTime is a moment as the draw's papers print it: 2026年11月28日 10:05.
func chineseTime(t time.Time) string { return t.Format("2006年1月2日 15:04") }

// Title is the draw's title, the same on its workbook and its PDF:
// 东川省2026年12月督查随机抽查县（市、区）抽取结果.
func (d Draw) Title() string {
	return d.Meta.Province.Name + d.MonthText() + "督查随机抽查县（市、区）抽取结果"
}

// Command is the command that re-runs the draw: zhengzhi draw --month 2026-12 --seed ….
func (d Draw) Command() string {
	return fmt.Sprintf("zhengzhi draw --month %s --seed %s", d.Month, d.Seed)
}

// MonthText is the draw's month in Chinese: "2026年12月".
func (d Draw) MonthText() string { return monthText(d.Month) }

// monthText is a "YYYY-MM" month in Chinese: "2026年12月".
func monthText(month string) string {
	if first, err := zhengzhi.ParseDate(month + "-01"); err == nil {
		return fmt.Sprintf("%d年%d月", first.Year(), int(first.Month()))
	}
	return month
}

// SeedDigest is the seed's SHA-256 in hex: the commitment published before
// the draw, which the seed, shown after it, must hash to.
func (d Draw) SeedDigest() string {
	sum := sha256.Sum256([]byte(d.Seed))
	return hex.EncodeToString(sum[:])
}

// DigestLabel heads the seed's digest on the record: published before the
// draw, or only computed from the seed.
func (d Draw) DigestLabel() string {
	if d.Commitment != nil {
		return "种子的SHA-256摘要（抽取前公布）："
	}
	return "种子的SHA-256摘要："
}

// CommitmentText says when the seed was committed before the draw, or
// plainly that it was not: 该摘要已于2026年11月28日 10:05在抽取前登记公布……
func (d Draw) CommitmentText() string {
	if d.Commitment == nil {
		return "本次抽取前未公布种子摘要（种子承诺）：上列摘要在抽取时才由种子算出，只能用于核对种子，不能证明种子在抽取前已经确定。"
	}
	return "该摘要已于" + chineseTime(d.Commitment.At) + "在抽取前登记公布（种子承诺），与本次随机种子的摘要一致，证明种子在承诺时已经确定、抽取时未更改。"
}

// RecheckText opens the steps by which anyone re-checks the draw: with a
// commitment, the seed is first checked against the digest published
// before the draw.
func (d Draw) RecheckText() string {
	if d.Commitment != nil {
		return "抽取结果由随机种子和单位名录唯一确定。先核对随机种子的SHA-256摘要与抽取前公布的摘要一致，再按以下步骤重新抽取，结果应与本表一致："
	}
	return "抽取结果由随机种子和单位名录唯一确定。按以下步骤重新抽取，结果应与本表一致："
}

// SeedCommitment is a month's seed commitment as it is published before the
// draw, for the province to post: the digest and when it was committed,
// never the seed.
type SeedCommitment struct {
	Meta       Meta
	Month      string // "2026-12"
	Commitment DrawCommitment
	// Replaces is the commitment this one voids, when the month was
	// committed anew; nil when none.
	Replaces *DrawCommitment
}

// Title is the commitment's title: 东川省2026年12月督查随机抽查随机种子承诺.
func (c SeedCommitment) Title() string {
	return c.Meta.Province.Name + monthText(c.Month) + "督查随机抽查随机种子承诺"
}

// Text is the commitment as the published text file says it, line by
// line: the title, the month, the digest, when it was committed, how anyone
// checks the seed against it after the draw, and the commitment it voids.
func (c SeedCommitment) Text() string {
	var b strings.Builder
	if c.Meta.Demo {
		b.WriteString("【" + DemoMark + "】\n")
	}
	b.WriteString(c.Title() + "\n\n")
	b.WriteString("抽查月份：" + monthText(c.Month) + "\n")
	b.WriteString("随机种子的SHA-256摘要：" + c.Commitment.Digest + "\n")
	b.WriteString("承诺时间：" + chineseTime(c.Commitment.At) + "\n\n")
	b.WriteString("本摘要在抽取之前公布，随机种子由抽取人保管，抽取时随抽取结果一并公布。" +
		"届时任何人可计算所公布种子（UTF-8编码，不含首尾空格和换行）的SHA-256摘要，与本摘要核对：" +
		"两者一致，即证明抽取所用的种子在承诺时已经确定，抽取时未作更改。\n")
	if c.Replaces != nil {
		b.WriteString("\n本承诺替换" + chineseTime(c.Replaces.At) + "公布的摘要 " + c.Replaces.Digest + "，原摘要作废。\n")
	}
	return b.String()
}

// DrawPick is one city's drawn counties.
type DrawPick struct {
	City     string
	CityName string
	Counties []DrawCounty
}

// CountyList names the drawn counties with their codes, in draw order:
// 白盛县（991026）、雁埔市（991027）.
func (p DrawPick) CountyList() string {
	names := make([]string, len(p.Counties))
	for i, c := range p.Counties {
		names[i] = c.Name + "（" + c.Code + "）"
	}
	return strings.Join(names, "、")
}

// CountyNames names the drawn counties in draw order, without codes:
// 白盛县、雁埔市.
func (p DrawPick) CountyNames() string {
	names := make([]string, len(p.Counties))
	for i, c := range p.Counties {
		names[i] = c.Name
	}
	return strings.Join(names, "、")
}

// DrawCounty is one drawn county.
type DrawCounty struct {
	Code string
	Name string
}

// DrawnCity is one city's drawn counties, by code, as the draw step stored them.
type DrawnCity struct {
	City     string
	Counties []string
}

// BuildDraw builds a month's draw with the names of its units from the
// registry; rule is the draw step's own wording of how it drew, commitment
// the seed's commitment before the draw (nil when there was none).
func BuildDraw(meta Meta, reg *zhengzhi.Registry, month, seed string, rule []string, commitment *DrawCommitment, picks []DrawnCity) Draw {
	d := Draw{Meta: meta, Month: month, Seed: seed, Rule: rule, Commitment: commitment}
	for _, p := range picks {
		pick := DrawPick{City: p.City, CityName: reg.Name(p.City)}
		for _, c := range p.Counties {
			pick.Counties = append(pick.Counties, DrawCounty{Code: c, Name: reg.Name(c)})
		}
		d.Picks = append(d.Picks, pick)
	}
	return d
}
