package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"zhengzhi"
	"zhengzhi/reports"
)

// folioBelow is how far below the text block the page number's line is (GB/T 9704 §7.5: 7 mm).
const folioBelow = 7.0

// Official-document type (GB/T 9704): the issuer's mark in red in the title
// face, a 2号 title, 3号 text on the grid of 22 lines of 28 characters,
// headings 一、 in the 黑体-like face, （一） in the 楷体-like one and 1. in
// the body face, the page number and the 版记 in 4号.
var (
	docMark    = style{role: title, size: 36, color: docRed}
	docTitle   = style{role: title, size: 22, align: align.Center, pitch: officialPitch, balanced: true}
	docBody    = style{role: body, size: 16, pitch: officialPitch}
	docHeading = style{role: heading, size: 16, pitch: officialPitch}
	docKai     = style{role: kai, size: 16, pitch: officialPitch}
	docFolio   = style{role: body, size: 14}
	docRecord  = style{role: body, size: 14}
	docTable   = style{role: body, size: 12, align: align.Center}
	docTableH  = style{role: heading, size: 12, align: align.Center}
	docSmall   = style{role: body, size: 10.5, align: align.Center}
	docSmallH  = style{role: heading, size: 10.5, align: align.Center}
	docNote    = style{role: body, size: 12}
)

// docRed is the red of an official document's head (版头).
var docRed = rgb(210, 20, 20)

// vetoMark marks a vetoed unit in the annexes' tables.
const vetoMark = "*"

// Head geometry of GB/T 9704 §7.2, mm: the mark's top 35 mm below the top
// of the block, the separator 4 mm under the 发文字号 and 0.5 mm thick.
const (
	markBelowTop   = 35.0
	separatorBelow = 4.0
	separatorWidth = 0.5
)

// Summary renders the year-end 通报 as a document of the 文件式 form of
// GB/T 9704-2012: the head (发文机关标志, 发文字号, the red separator), the
// title, the addressees, the body on the 28 × 22 grid with its headings and
// the 工作要求, the annex list, the signature and date laid out for the
// seal, the provenance as a 附注, each annex — a ranking table — on pages
// of its own, and the 版记 at the foot of the last, even, page.
func (r *Renderer) Summary(w io.Writer, s reports.Summary) ([]Warning, error) {
	d, err := newOfficialDoc(r.Fonts, s.Meta, s.Title)
	if err != nil {
		return nil, err
	}
	d.rowPad = 1.2
	d.m.track(297-officialLayout.top-officialLayout.bottom, folioRow)
	number := s.DocNumber
	if number == "" {
		// The slot a staffer fills in the Word version: never a made-up number.
		number = fmt.Sprintf("　　〔%d〕　号", s.Year)
	}
	officialHead(d, s.Mark, number)
	officialTitle(d, s.Title)
	if s.State != "" {
		// 公示稿 or 最终结果, centred under the title.
		st := docKai
		if s.State != "最终结果" {
			st.color = docRed
		}
		d.m.AddRows(d.centredRow("（"+s.State+"）", st, officialPitch, 0))
	}
	var f flow
	f.rows(d.officialRows(s.Issuer.Addressees+"：", docBody, 0))
	f.rows(d.officialRows(s.Opening, docBody, 2))
	section := 0
	heading1 := func(text string) {
		section++
		f.heading(d.officialRows(reports.ChineseNumber(section)+"、"+text, docHeading, 2))
	}
	heading1("考核结果")
	for i, sec := range s.Results {
		f.heading(d.officialRows("（"+reports.ChineseNumber(i+1)+"）"+sec.Heading, docKai, 2))
		for _, p := range sec.Paragraphs {
			f.rows(d.officialRows(p, docBody, 2))
		}
	}
	heading1("一票否决和扣分情况")
	if len(s.Penalties) == 0 {
		f.rows(d.officialRows("本年度无单位被一票否决或扣分。", docBody, 2))
	}
	for _, p := range s.Penalties {
		f.rows(d.officialRows(p, docBody, 2))
	}
	heading1("约谈")
	if len(s.CalledIn) == 0 {
		f.rows(d.officialRows("本年度无须约谈的单位。", docBody, 2))
	} else {
		f.rows(d.officialRows(fmt.Sprintf("对被一票否决和各项考核排名后%d位的单位，省局将约谈其主要负责人。", reports.CallInBottom), docBody, 2))
		sub := 0
		for i, c := range s.CalledIn {
			if i == 0 || c.Level != s.CalledIn[i-1].Level {
				sub++
				f.heading(d.officialRows("（"+reports.ChineseNumber(sub)+"）"+reports.LevelHeading(c.Level), docKai, 2))
			}
			f.rows(d.officialRows(fmt.Sprintf("%s：%s。", c.Unit, strings.Join(c.Reasons, "；")), docBody, 2))
		}
	}
	heading1("值得关注的情况")
	for _, h := range s.Highlights {
		f.rows(d.officialRows(h, docBody, 2))
	}
	if len(s.Requirements) > 0 {
		heading1("工作要求")
		for i, p := range s.Requirements {
			// Each requirement is numbered 1. 2. …, its number in the body face, bold by the heading face.
			f.rows(d.officialRows(fmt.Sprintf("%d.%s", i+1, p), docBody, 2))
		}
	}
	if len(s.Reviews) > 0 {
		heading1("复核情况")
		for _, p := range reviewParagraphs(s.Reviews, s.State == "最终结果") {
			f.rows(d.officialRows(p, docBody, 2))
		}
	}

	var annexes []string
	for _, a := range s.Assessments {
		annexes = append(annexes, a.AnnexTitle())
	}
	var tail []core.Row
	tail = append(tail, d.blankRow())
	tail = append(tail, annexRows(d, annexes)...)
	tail = append(tail, signRows(d, s.Issuer.Short, s.Date)...)
	tail = append(tail, d.officialRows("（"+s.Meta.Note()+"）", docBody, 2)...)
	f.finish(d, tail)

	for i, a := range s.Assessments {
		d.m.AddPages(page.New())
		d.m.AddRows(d.gridRow(fmt.Sprintf("附件%d", i+1), docHeading, 0, d.gridTc(docHeading.size)))
		d.m.AddRows(d.blankRow())
		for _, l := range d.paragraphLines(a.AnnexTitle(), docTitle, 0) {
			d.m.AddRows(d.centredRow(l, docTitle, officialPitch, 0))
		}
		d.m.AddRows(d.blankRow())
		if a.Level == zhengzhi.LevelCounty {
			countyTable(d, a)
		} else {
			cityTable(d, a)
		}
		if a.Veto != "" {
			d.space(2)
			d.paragraph(fmt.Sprintf("注：标“%s”的单位%s。", vetoMark, a.Veto), docNote, 2)
		}
	}
	record(d, s.Issuer.CC, s.Issuer.Printer(), s.PrintedOn+"印发")
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("年度考核结果通报: %w", err)
	}
	return d.warnings, nil
}

// officialHead sets the 版头 of the 文件式 form (GB/T 9704 §7.2): the
// issuer's mark centred in red, its top 35 mm below the top of the block;
// the 发文字号 centred two lines below it; the red separator, as wide as
// the block, 4 mm under the 发文字号.
func officialHead(d *doc, mark, number string) {
	st := docMark
	st.size = d.markSize(mark, st)
	em := st.size * pointMM
	d.space(markBelowTop)
	d.m.AddRows(d.centredRow(mark, st, em, 0))
	d.space(2 * officialPitch)
	body := docBody
	d.m.AddRows(d.centredRow(number, body, officialPitch, 0))
	// The 发文字号's em ends (pitch - em)/2 above its band's foot.
	below := separatorBelow - (officialPitch-body.size*pointMM)/2
	d.space(below)
	d.m.AddRows(d.ruleRow(docRed, separatorWidth, separatorWidth))
}

// officialTitle sets the title two blank lines under the separator, in 2号
// of the title face, broken with its words whole into a trapezoid
// (titleBreaks), then a blank line before the addressees.
func officialTitle(d *doc, title string) {
	d.m.AddRows(d.blankRow(), d.blankRow())
	for _, l := range d.paragraphLines(title, docTitle, 0) {
		d.m.AddRows(d.centredRow(l, docTitle, officialPitch, 0))
	}
	d.m.AddRows(d.blankRow())
}

// blankRow is an empty line of the grid.
func (d *doc) blankRow() core.Row { return row.New(officialPitch) }

// flow is an official document's body as rows, laid out at the end so that
// the page carrying the signature also carries at least two lines of text
// (GB/T 9704 §7.3.5.4) and headings keep two lines of what follows.
type flow struct {
	items []flowItem
}

type flowItem struct {
	row core.Row
	// keep is how many rows from this one stay on one page.
	keep int
}

// rows adds text rows.
func (f *flow) rows(rs []core.Row) {
	for _, r := range rs {
		f.items = append(f.items, flowItem{row: r, keep: 1})
	}
}

// heading adds a heading's rows, kept with two rows of what follows.
func (f *flow) heading(rs []core.Row) {
	for i, r := range rs {
		f.items = append(f.items, flowItem{row: r, keep: len(rs) - i + 2})
	}
}

// finish lays the body out, then the tail (annex list, signature, note) on
// one page with at least the body's last two lines.
func (f *flow) finish(d *doc, tail []core.Row) {
	hold := min(2, len(f.items))
	for _, it := range f.items[:len(f.items)-hold] {
		if it.keep > 1 {
			d.keep(float64(it.keep) * officialPitch)
		}
		d.m.AddRows(it.row)
	}
	need := 0.0
	for _, r := range tail {
		need += r.GetHeight(nil, nil)
	}
	d.keep(need + float64(hold)*officialPitch)
	for _, it := range f.items[len(f.items)-hold:] {
		d.m.AddRows(it.row)
	}
	d.m.AddRows(tail...)
}

// annexRows are the annexes' list (附件说明), a line below the text:
// "附件：" two characters in, each numbered title after it ("1.……", no
// punctuation after a title), wrapped lines aligned with the title's first character.
func annexRows(d *doc, titles []string) []core.Row {
	if len(titles) == 0 {
		return nil
	}
	st := docBody
	face := d.fonts.faces[st.role]
	tc := d.gridTc(st.size)
	width := func(s string) float64 { return face.Width(s, st.size) + float64(len([]rune(s)))*tc }
	lead := "　　附件："
	hang := width(lead)
	var rows []core.Row
	for i, t := range titles {
		label := fmt.Sprintf("%d.", i+1)
		if len(titles) == 1 {
			label = ""
		}
		num := width(label)
		for k, text := range face.Wrap(d.clean(t, st.role), st.size, d.width-hang-num) {
			switch {
			case k == 0 && i == 0:
				rows = append(rows, d.gridRow(lead+label+text, st, 0, tc))
			case k == 0:
				rows = append(rows, d.gridRow(label+text, st, hang, tc))
			default:
				rows = append(rows, d.gridRow(text, st, hang+num, tc))
			}
		}
	}
	return rows
}

// signRows are the signature and the date laid out for a seal (GB/T 9704
// §7.3.5.1): two blank lines below the text for the seal's top to stand
// within a line of it, the date four characters in from the right edge,
// the issuer's name centred over the date.
func signRows(d *doc, issuer, date string) []core.Row {
	st := docBody
	face := d.fonts.faces[st.role]
	tc := d.gridTc(st.size)
	cw := d.width / officialChars
	width := func(s string) float64 {
		n := len([]rune(s))
		return face.Width(s, st.size) + float64(max(0, n-1))*tc
	}
	issuer, date = d.clean(issuer, st.role), d.clean(date, st.role)
	dateAt := d.width - 4*cw - width(date)
	nameAt := dateAt + (width(date)-width(issuer))/2
	return []core.Row{d.blankRow(), d.blankRow(), d.gridRow(issuer, st, nameAt, tc), d.gridRow(date, st, dateAt, tc)}
}

// record sets the 版记 (GB/T 9704 §7.4) at the foot of the last page, which
// is made even: a thick rule, the 抄送 line (when there is one), a thin
// rule, the 印发机关 and 印发日期, and a thick rule on the block's foot.
func record(d *doc, cc, printer, printed string) {
	st := docRecord
	em := st.size * pointMM
	face := d.fonts.faces[st.role]
	const line = 7.0
	var rows []core.Row
	rows = append(rows, d.ruleRow(nil, 0.35, 0.35))
	if cc != "" {
		lead := "抄送："
		hang := em + face.Width(lead, st.size)
		for k, l := range face.Wrap(d.clean(strings.TrimRight(cc, "。")+"。", st.role), st.size, d.width-hang-em) {
			text, at := l, hang
			if k == 0 {
				text, at = lead+l, em
			}
			rows = append(rows, d.gridRowH(text, st, at, 0, line))
		}
		rows = append(rows, d.ruleRow(nil, 0.25, 0.25))
	}
	printed = d.clean(printed, st.role)
	rows = append(rows, row.New(line).Add(col.New(d.grid(d.width)).Add(
		&gridLine{d: d, text: d.clean(printer, st.role), st: st, left: em, pitch: line},
		&gridLine{d: d, text: printed, st: st, left: d.width - em - face.Width(printed, st.size), pitch: line})))
	d.use(st.role, printer+printed)
	rows = append(rows, d.ruleRow(nil, 0.35, 0.35))
	need := 0.0
	for _, r := range rows {
		need += r.GetHeight(nil, nil)
	}
	if d.m.page()%2 == 1 || d.m.left() < need {
		d.m.AddPages(page.New())
	}
	if d.m.page()%2 == 1 {
		d.m.AddRows(row.New(0.01))
		d.m.AddPages(page.New())
	}
	d.space(d.m.left() - need - 0.001)
	d.m.AddRows(rows...)
}

// gridRowH is a gridRow of height h.
func (d *doc) gridRowH(text string, st style, left, tc, h float64) core.Row {
	d.use(st.role, text)
	return row.New(h).Add(col.New(d.grid(d.width)).Add(&gridLine{d: d, text: text, st: st, left: left, tc: tc, pitch: h}))
}

// gradeCell is a unit's grade as the annexes print it: vetoed units marked.
func gradeCell(r reports.SummaryRow) string {
	if r.Vetoed {
		return r.Grade + vetoMark
	}
	return r.Grade
}

// cityTable is a city-level ranking: rank, city, total, grade, change since the last period.
func cityTable(d *doc, a reports.SummaryAssessment) {
	var rows [][]cell
	for _, r := range a.Rows {
		rows = append(rows, []cell{{fmt.Sprint(r.Rank), docTable, nil}, {r.Name, docTable, nil},
			{r.Total.String(), docTable, nil}, {gradeCell(r), docTable, nil}, {r.Change, docTable, nil}})
	}
	d.table("", []float64{20, 36, 28, 32, 40},
		[]cell{{"名次", docTableH, headFill}, {"设区市", docTableH, headFill}, {"得分", docTableH, headFill},
			{"等次", docTableH, headFill}, {"较上期", docTableH, headFill}}, rows)
}

// countyTable is a county-level ranking set two units to a line, so a
// hundred counties take two pages, not four: on each page the left half
// runs down first, then the right half, in rank order.
func countyTable(d *doc, a reports.SummaryAssessment) {
	widths := []float64{10, 25, 13.5, 13.5, 16}
	header := []cell{{"名次", docSmallH, headFill}, {"县（市、区）", docSmallH, headFill}, {"所属市", docSmallH, headFill},
		{"得分", docSmallH, headFill}, {"等次", docSmallH, headFill}}
	unit := func(r reports.SummaryRow) []cell {
		return []cell{{fmt.Sprint(r.Rank), docSmall, nil}, {r.Name, docSmall, nil}, {r.City, docSmall, nil},
			{r.Total.String(), docSmall, nil}, {gradeCell(r), docSmall, nil}}
	}
	blank := []cell{{"", docSmall, nil}, {"", docSmall, nil}, {"", docSmall, nil}, {"", docSmall, nil}, {"", docSmall, nil}}
	pad := d.rowPad
	d.rowPad = 0.8
	defer func() { d.rowPad = pad }()
	both := append(append([]float64{}, widths...), widths...)
	head := d.tableRow(both, append(append([]cell{}, header...), header...))
	rowHeight := d.tableRow(widths, unit(a.Rows[0])).GetHeight(nil, nil)
	rest := a.Rows
	for len(rest) > 0 {
		perColumn := int((d.m.room() - head.GetHeight(nil, nil) - 0.5) / rowHeight)
		if perColumn < 3 {
			d.m.AddPages(page.New())
			continue
		}
		n := min(len(rest), 2*perColumn)
		left := (n + 1) / 2
		d.m.AddRows(d.tableRow(both, append(append([]cell{}, header...), header...)))
		for i := range left {
			right := blank
			if left+i < n {
				right = unit(rest[left+i])
			}
			d.m.AddRows(d.tableRow(both, append(unit(rest[i]), right...)))
		}
		rest = rest[n:]
		if len(rest) > 0 {
			d.m.AddPages(page.New())
		}
	}
}
