package docx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
)

// FontNames are the fonts an official document names, as Word knows them:
// the offices' licensed faces by default (GB/T 9704: 小标宋 titles, 仿宋
// text, 黑体 and 楷体 headings). A machine without one shows its substitute;
// the names stay, so the document prints right where the fonts are.
type FontNames struct {
	Title, Body, Heading, Kai string
}

// DefaultFontNames are the faces every provincial office has.
var DefaultFontNames = FontNames{Title: "方正小标宋简体", Body: "仿宋_GB2312", Heading: "黑体", Kai: "楷体_GB2312"}

// With takes over's names where it has them.
func (f FontNames) With(over FontNames) FontNames {
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	return FontNames{Title: pick(f.Title, over.Title), Body: pick(f.Body, over.Body),
		Heading: pick(f.Heading, over.Heading), Kai: pick(f.Kai, over.Kai)}
}

// official is GB/T 9704's page: margins 37/35/28/26 mm, 22 lines of 28
// characters of 3号, the page number in 4号 7 mm under the block.
var official = Page{Top: 37, Bottom: 35, Left: 28, Right: 26, Lines: 22, FooterSize: 14, FooterBelow: 7}

// condensed is the spacing that sets 28 characters of 3号 in the 156 mm
// line (a 16 pt character is 5.64 mm; 156/28 is 5.57), a little more so
// that the 28th never wraps.
const condensed = -0.09

// linePitch is the grid's line pitch, mm.
const linePitch = 225.0 / 22

// Summary writes the year-end 通报 as a Word document: the same text as the
// PDF (reports/pdf) in the same 文件式 layout, for a staffer to fill in the
// 文号, change a sentence or the date before signing.
func Summary(w io.Writer, s reports.Summary, fonts FontNames) error {
	d := officialDoc(s.Title, s.Meta.GeneratedAt, fonts)
	body := func(text string, indent float64) Paragraph { return bodyText(text, indent, fonts) }
	blank := func() { blankLine(d, fonts) }
	number := s.DocNumber
	if number == "" {
		number = fmt.Sprintf("　　〔%d〕　号", s.Year)
	}
	head(d, s.Mark, number, titleLines(s.Title, "隐患"), fonts)
	d.Paragraph(body(s.Issuer.Addressees+"：", 0))
	d.Paragraph(body(s.Opening, 2))
	section := 0
	heading1 := func(text string) {
		section++
		d.Paragraph(Paragraph{FirstLine: 2, KeepNext: true, Line: linePitch, Runs: []Run{{Text: reports.ChineseNumber(section) + "、" + text, Font: fonts.Heading, Size: 16, Spacing: condensed}}})
	}
	heading2 := func(n int, text string) {
		d.Paragraph(Paragraph{FirstLine: 2, KeepNext: true, Line: linePitch, Runs: []Run{{Text: "（" + reports.ChineseNumber(n) + "）" + text, Font: fonts.Kai, Size: 16, Spacing: condensed}}})
	}
	heading1("考核结果")
	for i, sec := range s.Results {
		heading2(i+1, sec.Heading)
		for _, p := range sec.Paragraphs {
			d.Paragraph(body(p, 2))
		}
	}
	heading1("一票否决和扣分情况")
	if len(s.Penalties) == 0 {
		d.Paragraph(body("本年度无单位被一票否决或扣分。", 2))
	}
	for _, p := range s.Penalties {
		d.Paragraph(body(p, 2))
	}
	heading1("约谈")
	if len(s.CalledIn) == 0 {
		d.Paragraph(body("本年度无须约谈的单位。", 2))
	} else {
		d.Paragraph(body(fmt.Sprintf("对被一票否决和各项考核排名后%d位的单位，省局将约谈其主要负责人。", reports.CallInBottom), 2))
		sub := 0
		for i, c := range s.CalledIn {
			if i == 0 || c.Level != s.CalledIn[i-1].Level {
				sub++
				heading2(sub, reports.LevelHeading(c.Level))
			}
			d.Paragraph(body(fmt.Sprintf("%s：%s。", c.Unit, strings.Join(c.Reasons, "；")), 2))
		}
	}
	heading1("值得关注的情况")
	for _, h := range s.Highlights {
		d.Paragraph(body(h, 2))
	}
	if len(s.Requirements) > 0 {
		heading1("工作要求")
		for i, p := range s.Requirements {
			d.Paragraph(body(fmt.Sprintf("%d.%s", i+1, p), 2))
		}
	}
	blank()
	cw := 156.0 / 28
	for i, a := range s.Assessments {
		label := fmt.Sprintf("%d.", i+1)
		if len(s.Assessments) == 1 {
			label = ""
		}
		// Wrapped lines align with the title's first character, after "附件：" and the number.
		num := float64(len([]rune(label))) * cw / 2
		text, hang := label+a.AnnexTitle(), num
		if i == 0 {
			text, hang = "附件："+text, num+3*cw
		}
		d.Paragraph(Paragraph{Align: Left, Left: 5*cw + num, Hanging: hang, Runs: []Run{{Text: text, Font: fonts.Body, Size: 16}}})
	}
	signature(d, s.Issuer.Short, s.Date, fonts)
	d.Paragraph(body("（"+s.Meta.Note()+"）", 2))

	for i, a := range s.Assessments {
		d.Paragraph(Paragraph{PageBreak: true, Align: Left, Runs: []Run{{Text: fmt.Sprintf("附件%d", i+1), Font: fonts.Heading, Size: 16}}})
		blank()
		d.Paragraph(Paragraph{Align: Center, Runs: []Run{{Text: a.AnnexTitle(), Font: fonts.Title, Size: 22}}})
		blank()
		t := Table{Font: fonts.Body, HeaderFont: fonts.Heading, Size: 12}
		if a.Level == zhengzhi.LevelCounty {
			t.Widths = []float64{16, 40, 30, 30, 30}
			t.Header = []string{"名次", "县（市、区）", "所属市", "得分", "等次"}
			for _, r := range a.Rows {
				t.Rows = append(t.Rows, []string{fmt.Sprint(r.Rank), r.Name, r.City, r.Total.String(), grade(r)})
			}
		} else {
			t.Widths = []float64{20, 36, 28, 32, 40}
			t.Header = []string{"名次", "设区市", "得分", "等次", "较上期"}
			for _, r := range a.Rows {
				t.Rows = append(t.Rows, []string{fmt.Sprint(r.Rank), r.Name, r.Total.String(), grade(r), r.Change})
			}
		}
		d.Table(t)
		if a.Veto != "" {
			d.Paragraph(Paragraph{Before: 2, Runs: []Run{{Text: fmt.Sprintf("注：标“*”的单位%s。", a.Veto), Font: fonts.Body, Size: 12}}})
		}
	}
	record(d, s.Issuer.CC, s.Issuer.Printer(), s.PrintedOn+"印发", fonts)
	return d.Write(w)
}

// officialDoc starts a document on the 文件式 page, its page numbers in
// the body face.
func officialDoc(title string, date time.Time, fonts FontNames) *Document {
	p := official
	p.FooterFont = fonts.Body
	return New(p, title, date)
}

// bodyText is a paragraph of 正文: 3号 in the body face on the line grid,
// justified, its first line indented by indent characters.
func bodyText(text string, indent float64, fonts FontNames) Paragraph {
	return Paragraph{FirstLine: indent, Align: Justify, Line: linePitch, Runs: []Run{{Text: text, Font: fonts.Body, Size: 16, Spacing: condensed}}}
}

// blankLine is an empty line of the grid.
func blankLine(d *Document, fonts FontNames) {
	d.Paragraph(Paragraph{Line: linePitch, Runs: []Run{{Font: fonts.Body, Size: 16}}})
}

// head sets the 版头 of the 文件式 form and the title under it: the mark in
// red, its top 35 mm below the block's; two lines; the 发文字号 with the red
// rule 4 mm under it as its border; two blank lines, the title's lines in
// 2号, and a blank line before the addressee.
func head(d *Document, mark, number string, title []string, fonts FontNames) {
	d.Paragraph(Paragraph{Align: Center, Before: 35, Line: 36 * 0.3528, Runs: []Run{{Text: mark, Font: fonts.Title, Size: 36, Color: "D21414"}}})
	blankLine(d, fonts)
	blankLine(d, fonts)
	d.Paragraph(Paragraph{Align: Center, Line: linePitch, Border: 0.5, BorderColor: "D21414",
		Runs: []Run{{Text: number, Font: fonts.Body, Size: 16}}})
	blankLine(d, fonts)
	blankLine(d, fonts)
	for _, l := range title {
		d.Paragraph(Paragraph{Align: Center, Line: linePitch, Runs: []Run{{Text: l, Font: fonts.Title, Size: 22}}})
	}
	blankLine(d, fonts)
}

// signature sets the issuer and the date laid out for the seal: two blank
// lines, the issuer's name centred over the date, the date four characters
// in from the right.
func signature(d *Document, issuer, date string, fonts FontNames) {
	cw := 156.0 / 28
	blankLine(d, fonts)
	blankLine(d, fonts)
	dateW := float64(len([]rune(date))) * cw
	d.Paragraph(Paragraph{Align: Center, Right: 4 * cw, Left: 156 - 4*cw - dateW,
		Runs: []Run{{Text: issuer, Font: fonts.Body, Size: 16}}})
	d.Paragraph(Paragraph{Align: Right, Right: 4 * cw, Runs: []Run{{Text: date, Font: fonts.Body, Size: 16}}})
}

// record sets the 版记 (GB/T 9704 §7.4) at the foot of a page of its own,
// the next even one, the rules as the paragraphs' borders: a thick rule,
// 抄送 (none when cc is empty), a thin rule, the 印发机关 and, right-aligned,
// the 印发日期, a thick rule. Its lines are 7 mm apart, as in the PDF, and
// one empty line as tall as the rest of the block sets them at its foot.
func record(d *Document, cc, printer, printed string, fonts FontNames) {
	d.EvenPageSection()
	cc = strings.TrimRight(cc, "。")
	const size, line = 14.0, 7.0
	em := size * 0.3528
	lines := 1
	if cc != "" {
		perLine := int((156 - 2*em) / em)
		lines += (len([]rune("抄送："+cc+"。")) + perLine - 1) / perLine
	}
	// Each rule with its space takes about a millimetre.
	d.Paragraph(Paragraph{OffGrid: true, Line: 297 - official.Top - official.Bottom - float64(lines)*line - 4, Runs: []Run{{Font: fonts.Body, Size: size}}})
	rec := Paragraph{OffGrid: true, Line: line, TopBorder: 0.35, Border: 0.25, Left: em, Right: em, Align: Left,
		Runs: []Run{{Text: "抄送：" + cc + "。", Font: fonts.Body, Size: size}}}
	if cc == "" {
		rec.Runs = nil
	}
	d.Paragraph(rec)
	d.Paragraph(Paragraph{OffGrid: true, Line: line, Border: 0.35, Left: em, Right: em, Align: Left, RightTab: 156 - 2*em,
		Runs: []Run{{Text: printer + "\t" + printed, Font: fonts.Body, Size: size}}})
}

// grade is a unit's grade in an annex: vetoed units marked "*".
func grade(r reports.SummaryRow) string {
	if r.Vetoed {
		return r.Grade + "*"
	}
	return r.Grade
}

// titleLines breaks a title after a phrase as the PDF does — the 通报's
// after the hazards (隐患), a 约谈通知's after the bureau (管理局) — or
// leaves it one line when the phrase is not in it.
func titleLines(title, after string) []string {
	if i := strings.Index(title, after); i > 0 && i+len(after) < len(title) {
		return []string{title[:i+len(after)], title[i+len(after):]}
	}
	return []string{title}
}
