package pdf

import (
	"fmt"
	"io"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi/reports"
)

// drawLayout is A4 portrait, one page.
var drawLayout = layout{top: 15, left: 20, right: 20, bottom: 15}

// Draw renders the random draw's record (随机抽查县区抽取结果) under the
// title its workbook has too: the month and time in Chinese, the seed with
// its SHA-256 (the commitment published before the draw, with a blank for
// when), each city's drawn counties by name, how to re-check the draw in
// words, and the lines the drawer (抽取人) and the supervisor (监督人) sign.
func (r *Renderer) Draw(w io.Writer, dr reports.Draw) ([]Warning, error) {
	title := dr.Title()
	d := newDoc(r.Fonts, drawLayout, dr.Meta.GeneratedAt, title)
	d.captionRole = bold
	if err := r.header(d, dr.Meta, "随机抽查抽取结果 · "+dr.MonthText()); err != nil {
		return nil, err
	}
	d.space(4)
	d.paragraph(title, style{role: bold, size: 16, align: align.Center, pitch: 10}, 0)
	body := style{role: regular, size: 10.5}
	// The draw rests on the registry and the seed, not on any bureau's data:
	// its time is when it was drawn, and there is no data pull to state.
	d.paragraph(fmt.Sprintf("抽取月份：%s　　抽取时间：%s", dr.MonthText(), dr.Meta.GeneratedAt.Format("2006年1月2日 15:04")), body, 0)
	d.paragraph("随机种子："+dr.Seed, body, 0)
	d.paragraph(dr.DigestLabel()+dr.SeedDigest(), body, 0)
	d.paragraph(dr.CommitmentText(), body, 0)
	d.space(3)
	hs := style{role: bold, size: 10, align: align.Center}
	c := style{role: regular, size: 10, align: align.Center}
	l := style{role: regular, size: 10}
	var rows [][]cell
	for i, p := range dr.Picks {
		rows = append(rows, []cell{{fmt.Sprint(i + 1), c, nil}, {p.CityName, c, nil}, {p.CountyNames(), l, nil}})
	}
	d.table("", []float64{12, 30, d.width - 42},
		[]cell{{"序号", hs, headFill}, {"设区市", hs, headFill}, {"抽中的县（市、区）", hs, headFill}}, rows)
	d.space(5)
	d.paragraph("复核方法", style{role: bold, size: 11}, 0)
	d.paragraph(dr.RecheckText(), body, 2)
	for _, step := range dr.Rule {
		d.paragraph(step, body, 2)
	}
	d.space(12)
	sign := style{role: regular, size: 12}
	d.paragraph("抽取人（签字）：＿＿＿＿＿＿＿＿　　监督人（签字）：＿＿＿＿＿＿＿＿", sign, 0)
	d.space(6)
	d.paragraph("日期：＿＿＿＿年＿＿月＿＿日", sign, 0)
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("%s 随机抽查抽取结果: %w", dr.Month, err)
	}
	return d.warnings, nil
}
