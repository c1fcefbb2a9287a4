package excel

import (
	"fmt"
	"io"

	"zhengzhi/reports"
)

// Draw writes the month's random draw of counties for supervision visits
// (随机抽查): one row per city with the counties drawn, the seed, and under
// the table the seed's digest, whether it was committed before the draw,
// and how to re-check the draw by hand.
func Draw(w io.Writer, d *reports.Draw) error {
	title := d.Title()
	b, err := newBook(d.Meta, reportTitle(d.Meta, title), "")
	if err != nil {
		return err
	}
	fs := &fields[reports.DrawPick]{}
	fs.first("设区市", func(p reports.DrawPick) any { return p.CityName })
	fs.text("", "市代码", totalNone, func(p reports.DrawPick) string { return p.City })
	fs.add(column{Title: "抽中的县（市、区）", Kind: textCell, Total: totalNone}, func(p reports.DrawPick) any { return p.CountyList() })
	fs.count("", "抽中数（个）", func(p reports.DrawPick) int64 { return int64(len(p.Counties)) })
	notes := []string{d.DigestLabel() + d.SeedDigest(), d.CommitmentText(),
		"复核方法：抽取结果由随机种子和单位名录唯一确定，任何人可按以下步骤重新抽取，结果应与本表一致。"}
	notes = append(notes, d.Rule...)
	notes = append(notes, "也可运行 "+d.Command()+" 重新抽取。")
	if err := b.writeTable(&table{
		Sheet:   "随机抽查",
		Title:   reportTitle(d.Meta, title),
		Lines:   []string{fmt.Sprintf("抽查月份：%s　　随机种子：%s　　制表日期：%s", d.Month, d.Seed, tabulated(d.Meta).Chinese())},
		Columns: fs.columns, Rows: fs.rows(d.Picks), TotalLabel: "合计", Notes: notes,
	}); err != nil {
		return fmt.Errorf("随机抽查结果 %s: %w", d.Month, err)
	}
	return b.write(w)
}
