package pdf

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/chart"
)

// summaryLayout follows GB/T 9704-2012: A4, top margin 37 mm, binding
// margin 28 mm, a 156 × 225 mm text block; the page numbers are the folio's.
var summaryLayout = layout{top: 37, left: 28, right: a4Width - 28 - 156, bottom: 297 - 37 - 225}

// folioBelow is how far below the text block the page number's line is (GB/T 9704 §7.5: 7 mm).
const folioBelow = 7.0

// Official-document type: the issuer's mark in red, a 2号 title, 3号 text at
// a 28 pt line pitch, headings 一、 in the 黑体-like face and （一） in the
// 楷体-like one, the page number in 4号.
var (
	docMark    = style{role: title, size: 30, align: align.Center, pitch: 16, color: docRed}
	docTitle   = style{role: title, size: 22, align: align.Center, pitch: 28 * 1.2 * pointMM, balanced: true}
	docBody    = style{role: body, size: 16, pitch: 28 * pointMM}
	docHeading = style{role: heading, size: 16, pitch: 28 * pointMM}
	docKai     = style{role: kai, size: 16, pitch: 28 * pointMM}
	docFolio   = style{role: body, size: 14}
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

// Summary renders the year-end 通报 in GB/T 9704 form: the issuer's head
// and red rule, the title, the addressees, the body with its headings, the
// list of annexes, the issuer's short name and the date, the provenance as
// a note (附注), then each annex — a ranking table — on pages of its own.
func (r *Renderer) Summary(w io.Writer, s reports.Summary) ([]Warning, error) {
	d := newDoc(r.Fonts, summaryLayout, s.Meta.GeneratedAt, s.Title)
	d.rowPad = 1.2
	demo := ""
	if s.Meta.Demo {
		demo = reports.DemoMark
	}
	if err := registerFolio(d, docFolio, folioBelow, demo); err != nil {
		return nil, err
	}
	// 版头: the issuer and the red rule under it.
	d.paragraph(s.Issuer.Authority, docMark, 0)
	d.space(2)
	d.chart(chart.Figure{Width: d.width, Height: 1, Marks: []chart.Mark{
		chart.Box{Y: 0, W: d.width, H: 0.6, Fill: chart.Color{R: uint8(docRed.Red), G: uint8(docRed.Green), B: uint8(docRed.Blue)}}}})
	d.space(docBody.linePitch())
	d.paragraph(s.Title, docTitle, 0)
	stateMark(d, s.State, 16)
	d.space(docBody.linePitch())
	d.paragraph(s.Issuer.Addressees+"：", docBody, 0)
	d.paragraph(s.Opening, docBody, 2)

	section := 0
	heading1 := func(text string) {
		section++
		docSection(d, chineseNumber(section)+"、"+text, docHeading)
	}
	heading1("考核结果")
	for i, sec := range s.Results {
		docSection(d, "（"+chineseNumber(i+1)+"）"+sec.Heading, docKai)
		for _, p := range sec.Paragraphs {
			d.paragraph(p, docBody, 2)
		}
	}
	heading1("一票否决和扣分情况")
	if len(s.Penalties) == 0 {
		d.paragraph("本年度无单位被一票否决或扣分。", docBody, 2)
	}
	for _, p := range s.Penalties {
		d.paragraph(p, docBody, 2)
	}
	heading1("约谈")
	if len(s.CalledIn) == 0 {
		d.paragraph("本年度无须约谈的单位。", docBody, 2)
	} else {
		d.paragraph(fmt.Sprintf("对被一票否决和各项考核排名后%d位的单位，%s将约谈其主要负责人。", reports.CallInBottom, s.Issuer.Short), docBody, 2)
		sub := 0
		for i, c := range s.CalledIn {
			if i == 0 || c.Level != s.CalledIn[i-1].Level {
				sub++
				docSection(d, "（"+chineseNumber(sub)+"）"+reports.LevelHeading(c.Level), docKai)
			}
			d.paragraph(fmt.Sprintf("%s：%s。", c.Unit, strings.Join(c.Reasons, "；")), docBody, 2)
		}
	}
	heading1("值得关注的情况")
	for _, h := range s.Highlights {
		d.paragraph(h, docBody, 2)
	}
	if len(s.Reviews) > 0 {
		heading1("复核情况")
		reviewSection(d, s.Reviews, s.State == "最终结果")
	}

	// 附件说明, a line below the text; then the signature and the date.
	d.space(docBody.linePitch())
	var annexes []string
	for _, a := range s.Assessments {
		annexes = append(annexes, a.AnnexTitle())
	}
	annexList(d, annexes)
	signOff(d, s.Issuer.Short, s.Date)
	d.paragraph("（"+s.Meta.Provenance()+"）", docBody, 2)

	for i, a := range s.Assessments {
		d.m.AddPages(page.New())
		d.paragraph(fmt.Sprintf("附件%d", i+1), style{role: heading, size: 16, pitch: 28 * pointMM}, 0)
		d.space(docBody.linePitch() / 2)
		d.paragraph(a.AnnexTitle(), docTitle, 0)
		d.space(docBody.linePitch() / 2)
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
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("年度考核结果通报: %w", err)
	}
	return d.warnings, nil
}

// docSection adds a heading that keeps at least two lines of what follows on its page.
func docSection(d *doc, text string, st style) {
	d.keep(3 * st.linePitch())
	d.paragraph(text, st, 2)
}

// annexList prints the annexes' list (附件说明): "附件：" two characters
// in, each numbered title after it, wrapped lines aligned with the titles.
// The list stays on one page with the signature that follows it.
func annexList(d *doc, titles []string) {
	if len(titles) == 0 {
		return
	}
	st := docBody
	lead := "　　附件："
	hang := d.fonts.faces[st.role].Width(lead, st.size)
	type line struct {
		text string
		left float64
	}
	var lines []line
	for i, t := range titles {
		label := fmt.Sprintf("%d. ", i+1)
		if len(titles) == 1 {
			label = ""
		}
		num := d.fonts.faces[st.role].Width(label, st.size)
		for k, text := range d.lines(t, st, d.width-hang-num) {
			l := line{text, hang + num}
			switch {
			case k == 0 && i == 0:
				l = line{lead + label + text, 0}
			case k == 0:
				l = line{label + text, hang}
			}
			lines = append(lines, l)
		}
	}
	d.keep(float64(len(lines)+signOffLines) * st.linePitch())
	for _, l := range lines {
		d.m.AddRows(d.lineRow(l.text, st, l.left))
	}
}

// signOffLines is the lines the signature takes: a blank one, the issuer, the date.
const signOffLines = 3

// signOff prints the issuer's short name and the date under the text, as a
// document without a seal has them (GB/T 9704 §7.3.5.2): the name two
// characters from the right, the date on the next line starting two
// characters right of the name — both moved left together when the date
// would come closer than two characters to the edge.
func signOff(d *doc, issuer, date string) {
	st := docBody
	em := st.size * pointMM
	face := d.fonts.faces[st.role]
	wName, wDate := face.Width(issuer, st.size), face.Width(date, st.size)
	nameAt := math.Min(d.width-2*em-wName, d.width-2*em-wDate-2*em)
	d.keep(signOffLines * st.linePitch())
	d.space(st.linePitch())
	for _, l := range []struct {
		text string
		at   float64
	}{{issuer, nameAt}, {date, nameAt + 2*em}} {
		d.m.AddRows(d.lineRow(d.clean(l.text, st.role), st, l.at))
	}
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
