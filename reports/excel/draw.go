package excel

import (
	"fmt"
	"io"
	"strings"
	"time"

	"zhengzhi/reports"
)

// Draw writes the month's random draw of counties for supervision visits
// (随机抽查结果): one row per city with the counties drawn, and the seed that
// lets anyone repeat the draw.
func Draw(w io.Writer, d *reports.Draw) error {
	month := d.Month
	if t, err := time.Parse("2006-01", d.Month); err == nil {
		month = fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
	}
	title := fmt.Sprintf("%s%s督查随机抽查结果", d.Meta.Province.Name, month)
	b, err := newBook(d.Meta, reportTitle(d.Meta, title), "")
	if err != nil {
		return err
	}
	fs := &fields[reports.DrawPick]{}
	fs.first("市", func(p reports.DrawPick) any { return p.CityName })
	fs.text("", "市代码", totalNone, func(p reports.DrawPick) string { return p.City })
	fs.add(column{Title: "抽中县（市、区）", Kind: textCell, Total: totalNone}, func(p reports.DrawPick) any {
		var names []string
		for _, c := range p.Counties {
			names = append(names, c.Name+"（"+c.Code+"）")
		}
		return strings.Join(names, "、")
	})
	fs.count("", "抽中数", func(p reports.DrawPick) int64 { return int64(len(p.Counties)) })
	if _, err := b.writeTable(table{
		Sheet:   "随机抽查",
		Title:   reportTitle(d.Meta, title),
		Lines:   []string{fmt.Sprintf("抽查月份：%s　　随机种子：%s　　制表日期：%s", d.Month, d.Seed, tabulated(d.Meta).Chinese())},
		Columns: fs.columns, Rows: fs.rows(d.Picks), TotalLabel: "合计",
	}); err != nil {
		return fmt.Errorf("随机抽查结果 %s: %w", d.Month, err)
	}
	return b.write(w)
}
