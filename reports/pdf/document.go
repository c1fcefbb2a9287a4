// Package pdf renders the report models of package reports as PDF with
// maroto: scorecards, the periodic progress report, the year-end summary and
// the draw sheet. Text is sanitized and wrapped by package cjk before maroto
// sees it; each document embeds its fonts cut to the characters it prints
// (cjk.Face.Subset, from a parse made once per process) and draws its
// charts (package chart) as PDF paths. Every document is byte-for-byte
// reproducible from its model.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"

	"zhengzhi/reports/chart"
	"zhengzhi/reports/cjk"
)

func init() {
	// Without catalog sort the PDF library writes fonts and images in map
	// order, so two renders of one model would differ. It is a package-level
	// default of the library, set here before any document exists.
	gofpdf.SetDefaultCatalogSort(true)
}

// pointMM is one typographic point in millimetres.
const pointMM = 25.4 / 72

// layout is a document's page geometry in millimetres.
type layout struct {
	top, left, right, bottom float64
	pageNumbers              string // maroto pattern with {current} and {total}
	pageNumberRole           role
	pageNumberSize           float64 // points; 0 = 10
}

// a4Width is the width of an A4 page in millimetres.
const a4Width = 210.0

// doc is one document being built: its pages laid out by a pager, the
// fonts, the characters it prints in each of them (its font subsets), and
// the warnings about text that had to change. A doc is never shared
// between goroutines.
type doc struct {
	m         *pager
	fonts     *Fonts
	layout    layout
	generated time.Time
	title     string
	width     float64 // of the text block, mm; also the grid size in tenths of mm
	warnings  []cjk.Warning
	seen      map[string]bool
	// runes are the characters set in each font family, in first-use order of the families.
	families []string
	runes    map[string]map[rune]bool
	// captionRole sets table captions and strong chart labels: regular
	// unless set (to bold) after newDoc; a face costs every document that embeds it.
	captionRole role
	// rowPad is the space above and below the text of a table cell, mm.
	rowPad float64
	// failed is the first error met while drawing (a chart), reported by write.
	failed error
}

// style is how a run of text is set.
type style struct {
	role  role
	size  float64 // points
	pitch float64 // line pitch, mm; 0 = 1.4 × size
	align align.Type
	color *props.Color
	// balanced spreads a wrapped text over its lines evenly, for titles.
	balanced bool
}

func (s style) linePitch() float64 {
	if s.pitch > 0 {
		return s.pitch
	}
	return s.size * pointMM * 1.4
}

// newDoc starts a document. Its text is set in the regular face and any
// other its styles name; table captions and strong chart labels are
// regular too unless the caller sets captionRole. Each face is embedded as
// a subset of the characters the document prints, made when it is written.
func newDoc(fonts *Fonts, l layout, generated time.Time, title string) *doc {
	width := a4Width - l.left - l.right
	d := &doc{fonts: fonts, layout: l, generated: generated, title: title, width: width,
		seen: map[string]bool{}, runes: map[string]map[rune]bool{}, captionRole: regular, rowPad: cellPad}
	d.use(regular, "")
	if l.pageNumbers != "" {
		// The page number's digits, whatever they turn out to be.
		d.use(l.pageNumberRole, strings.NewReplacer("{current}", "0123456789", "{total}", "").Replace(l.pageNumbers))
	}
	d.m = newPager(maroto.New(d.config(nil)))
	return d
}

// config is the document's maroto configuration with the given fonts.
func (d *doc) config(fonts []*entity.CustomFont) *entity.Config {
	l := d.layout
	b := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithTopMargin(l.top).WithLeftMargin(l.left).WithRightMargin(l.right).WithBottomMargin(l.bottom).
		WithMaxGridSize(int(d.width*10+0.5)).
		WithCompression(true).
		WithCreationDate(d.generated).
		WithTitle(d.title, true).
		WithCreator("zhengzhi", false).
		WithDefaultFont(&props.Font{Family: d.fonts.families[regular], Size: 10}).
		WithCustomFonts(fonts)
	if l.pageNumbers != "" {
		size := l.pageNumberSize
		if size == 0 {
			size = 10
		}
		b = b.WithPageNumber(props.PageNumber{Pattern: l.pageNumbers, Place: props.Bottom,
			Family: d.fonts.families[l.pageNumberRole], Size: size})
	}
	cfg := b.Build()
	if cfg.PageNumber != nil {
		// The builder insists on {total} in the pattern; "— 1 —" has none.
		cfg.PageNumber.Pattern = l.pageNumbers
	}
	return cfg
}

// use records that text is set in a role's face: the face is embedded, with
// the text's characters in its subset.
func (d *doc) use(r role, text string) {
	fam := d.fonts.families[r]
	set, ok := d.runes[fam]
	if !ok {
		set = map[rune]bool{' ': true}
		d.runes[fam] = set
		d.families = append(d.families, fam)
	}
	for _, c := range text {
		set[c] = true
	}
}

// embedded is each font family the document uses, as the subset of its
// face holding the characters the document prints in it.
func (d *doc) embedded() ([]*entity.CustomFont, error) {
	var fonts []*entity.CustomFont
	for _, fam := range d.families {
		runes := make([]rune, 0, len(d.runes[fam]))
		for r := range d.runes[fam] {
			runes = append(runes, r)
		}
		sub, err := d.fonts.faceOf(fam).Subset(runes)
		if err != nil {
			return nil, err
		}
		fonts = append(fonts, &entity.CustomFont{Family: fam, Bytes: sub})
	}
	return fonts, nil
}

// text is a text component, its characters recorded for the font subset.
func (d *doc) text(s string, st style, p props.Text) core.Component {
	d.use(st.role, s)
	return text.New(s, p)
}

// lines sanitizes and wraps text for a column of the given width, less a
// hair: the PDF library measures with widths rounded to thousandths of an
// em and must never find a line too long and break it again at a space.
func (d *doc) lines(s string, st style, widthMM float64) []string {
	return d.fonts.faces[st.role].Wrap(d.clean(s, st.role), st.size, widthMM-0.2)
}

// clean is the text as the role's face can print it, a warning recorded
// (once per text) when anything had to be replaced.
func (d *doc) clean(s string, r role) string {
	clean, w := d.fonts.faces[r].Sanitize(s)
	if w != nil && !d.seen[s] {
		d.seen[s] = true
		d.warnings = append(d.warnings, *w)
	}
	return clean
}

// cleanAll cleans texts set in the role's face.
func (d *doc) cleanAll(texts []string, r role) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		out[i] = d.clean(s, r)
	}
	return out
}

// cell is one table cell's content and look.
type cell struct {
	text string
	st   style
	fill *props.Color
}

// cellPad is the space between a cell's border and its text, mm.
const cellPad = 1.0

// tableRow builds one row of cells with the given widths (mm), tall enough
// for the longest wrapped cell, every cell bordered.
func (d *doc) tableRow(widths []float64, cells []cell) core.Row {
	wrapped := make([][]string, len(cells))
	height := 0.0
	for i, c := range cells {
		wrapped[i] = d.lines(c.text, c.st, widths[i]-2*cellPad)
		if h := float64(max(1, len(wrapped[i])))*c.st.linePitch() + 2*d.rowPad; h > height {
			height = h
		}
	}
	cols := make([]core.Col, len(cells))
	for i, c := range cells {
		cl := col.New(d.grid(widths[i]))
		pitch := c.st.linePitch()
		// Centre the block of lines vertically in the row.
		top := (height - float64(len(wrapped[i]))*pitch) / 2
		for k, line := range wrapped[i] {
			cl.Add(d.text(line, c.st, d.textProps(c.st, top+float64(k)*pitch+baseline(pitch, c.st.size))))
		}
		cols[i] = cl.WithStyle(bordered(c.fill))
	}
	return row.New(height).Add(cols...)
}

// bordered is the look of a table cell: a thin grey border, filled when fill is set.
func bordered(fill *props.Color) *props.Cell {
	return &props.Cell{BorderType: border.Full, BorderThickness: 0.2, BorderColor: &props.Color{Red: 90, Green: 90, Blue: 90},
		BackgroundColor: fill}
}

// plainRow is a row of unbordered one-line cells of a fixed height, for
// page headers and label lines. A text too long for its cell is set smaller,
// down to 6 pt, then cut with an ellipsis (cjk.Face.Fit) — never wrapped out
// of the row; a line break in it is a space.
func (d *doc) plainRow(widths []float64, cells []cell, height float64) core.Row {
	cols := make([]core.Col, len(cells))
	for i, c := range cells {
		cl := col.New(d.grid(widths[i]))
		if c.text != "" {
			st := c.st
			line := strings.ReplaceAll(d.clean(c.text, st.role), "\n", " ")
			line, st.size = d.fonts.faces[st.role].Fit(line, st.size, 6, widths[i]-2*cellPad-0.2)
			cl.Add(d.text(line, st, d.textProps(st, baseline(height, st.size))))
		}
		cols[i] = cl
	}
	return row.New(height).Add(cols...)
}

func (d *doc) textProps(st style, top float64) props.Text {
	return props.Text{Family: d.fonts.families[st.role], Size: st.size, Align: st.align,
		Top: top, Left: cellPad, Right: cellPad, Color: st.color}
}

// grid converts millimetres to the document's grid units (tenths of a millimetre).
func (d *doc) grid(mm float64) int { return int(mm*10 + 0.5) }

// paragraph adds wrapped text across the text block, one row per line so a
// page may break between any two lines. indent is the first line's indent in ems.
func (d *doc) paragraph(s string, st style, indent float64) {
	d.layParagraph(s, st, indent).add(d)
}

// laidParagraph is a paragraph broken into its lines once, to be measured
// and then added.
type laidParagraph struct {
	lines []string
	st    style
}

// layParagraph breaks a paragraph into its lines; indent is the first line's indent in ems.
func (d *doc) layParagraph(s string, st style, indent float64) laidParagraph {
	return laidParagraph{lines: d.paragraphLines(s, st, indent), st: st}
}

// height is the height the paragraph takes.
func (p laidParagraph) height() float64 { return float64(len(p.lines)) * p.st.linePitch() }

// add adds the paragraph's lines, a row each.
func (p laidParagraph) add(d *doc) {
	for _, line := range p.lines {
		d.m.AddRows(d.lineRow(line, p.st, 0))
	}
}

// lineRow is a row of one line of text across the text block, a line pitch
// high, set left mm in from the block's left edge.
func (d *doc) lineRow(text string, st style, left float64) core.Row {
	return row.New(st.linePitch()).Add(col.New(d.grid(d.width)).Add(
		d.text(text, st, props.Text{Family: d.fonts.families[st.role], Size: st.size, Align: st.align,
			Left: left, Top: baseline(st.linePitch(), st.size), Color: st.color})))
}

// baseline is where a line of text at size points goes in a band pitch mm
// high: the top maroto places it at, the glyphs' em centred in the band
// and raised 0.3 mm, which centres Chinese characters to the eye.
func baseline(pitch, size float64) float64 { return (pitch-size*pointMM)/2 - 0.3 }

// paragraphLines are the lines a paragraph is set in.
func (d *doc) paragraphLines(s string, st style, indent float64) []string {
	prefix := ""
	if indent > 0 {
		prefix = string([]rune("　　　　")[:int(indent)])
	}
	lines := d.lines(prefix+s, st, d.width)
	if st.balanced && len(lines) == 2 {
		if two := d.phraseBreak(prefix+s, st); two != nil {
			return two
		}
	}
	if st.balanced && len(lines) > 1 {
		face := d.fonts.faces[st.role]
		for w := face.Width(prefix+s, st.size) / float64(len(lines)); w < d.width; w += st.size * pointMM / 2 {
			if ls := d.lines(prefix+s, st, w); len(ls) == len(lines) {
				return ls
			}
		}
	}
	return lines
}

// titleBreaks are where a two-line title may break with its words whole
// (GB/T 9704 §7.3.1: 回行时要做到词意完整): after the campaign's name, a
// middle dot, the year, the hazards (隐患), an assessment's name or a bureau (管理局).
var titleBreaks = []string{"专项整治", "隐患", "·", "年度", "考核", "管理局"}

// phraseBreak sets a two-line title in two lines broken after one of the
// titleBreaks, the first line the longer when it can be (a trapezoid), else
// as even as the breaks allow; nil when no break gives two lines that fit.
func (d *doc) phraseBreak(s string, st style) []string {
	face := d.fonts.faces[st.role]
	clean := d.clean(s, st.role)
	var best []string
	bestScore := 0.0
	for _, phrase := range titleBreaks {
		for from := 0; ; {
			i := strings.Index(clean[from:], phrase)
			if i < 0 {
				break
			}
			at := from + i + len(phrase)
			from = at
			first, second := clean[:at], clean[at:]
			if second == "" || strings.ContainsRune("·，。、；：）”", []rune(second)[0]) {
				continue
			}
			w1, w2 := face.Width(first, st.size), face.Width(second, st.size)
			if w1 > d.width-0.2 || w2 > d.width-0.2 {
				continue
			}
			score := math.Abs(w1 - w2)
			if w1 < w2 {
				score += d.width // an inverted trapezoid only when nothing else fits
			}
			if best == nil || score < bestScore {
				best, bestScore = []string{first, second}, score
			}
		}
	}
	return best
}

// space adds vertical space.
func (d *doc) space(mm float64) { d.m.AddRows(row.New(mm)) }

// tableStart is how many rows a table starts a page with at least: none
// begins with a row or two at a page's foot.
const tableStart = 3

// table adds an optional caption, a header and rows. The caption and header
// stay on the page of the first tableStart rows; when a later row does not
// fit, a new page starts with the header repeated.
func (d *doc) table(caption string, widths []float64, header []cell, rows [][]cell) {
	d.layTable(caption, widths, header, rows).add(d)
}

// laidTable is a table whose rows are built (their cells wrapped) once, to
// be measured and then added.
type laidTable struct {
	caption laidParagraph // no lines when the table has no caption
	head    core.Row
	rows    []core.Row
}

// layTable builds a table's caption, header and rows.
func (d *doc) layTable(caption string, widths []float64, header []cell, rows [][]cell) *laidTable {
	t := &laidTable{rows: make([]core.Row, len(rows))}
	for i, cells := range rows {
		t.rows[i] = d.tableRow(widths, cells)
	}
	t.head = d.tableRow(widths, d.headerBreaks(widths, header))
	if caption != "" {
		t.caption = d.layParagraph(caption, d.captionStyle(), 0)
	}
	return t
}

// height is the height the table takes when it fits on one page.
func (t *laidTable) height() float64 {
	h := t.head.GetHeight(nil, nil)
	for _, r := range t.rows {
		h += r.GetHeight(nil, nil)
	}
	if len(t.caption.lines) > 0 {
		h += t.caption.st.linePitch()
	}
	return h
}

// start is the height the table needs on the page it starts on: its
// caption, header and first tableStart rows.
func (t *laidTable) start() float64 {
	need := t.head.GetHeight(nil, nil)
	for _, r := range t.rows[:min(len(t.rows), tableStart)] {
		need += r.GetHeight(nil, nil)
	}
	if len(t.caption.lines) > 0 {
		need += t.caption.st.linePitch()
	}
	return need
}

// add adds the table, starting a new page first unless its caption, header
// and first tableStart rows fit on this one, and repeating the header atop
// every page it runs over to.
func (t *laidTable) add(d *doc) {
	d.keep(t.start())
	t.caption.add(d)
	d.m.AddRows(t.head)
	for _, r := range t.rows {
		if !d.m.Fits(r.GetHeight(nil, nil)) {
			d.m.AddPages(page.New())
			d.m.AddRows(t.head)
		}
		d.m.AddRows(r)
	}
}

// headerBreaks breaks a header too wide for its column before its
// bracketed unit (cjk.HeaderLines), as the workbooks do: "逾期未整改/（处）",
// never "逾期未整/改（处）".
func (d *doc) headerBreaks(widths []float64, header []cell) []cell {
	out := slices.Clone(header)
	for i, c := range out {
		lines := cjk.HeaderLines(c.text)
		room := widths[i] - 2*cellPad - 0.2
		face := d.fonts.faces[c.st.role]
		if len(lines) == 2 && !strings.Contains(c.text, "\n") && face.Width(c.text, c.st.size) > room {
			out[i].text = strings.Join(lines, "\n")
		}
	}
	return out
}

// captionStyle is the style of table captions.
func (d *doc) captionStyle() style { return style{role: d.captionRole, size: 10.5} }

// keep starts a new page unless mm of height still fit on this one.
func (d *doc) keep(mm float64) {
	if !d.m.Fits(mm) {
		d.m.AddPages(page.New())
	}
}

// chart adds a figure across the text block, on this page if it fits.
func (d *doc) chart(fig chart.Figure) {
	for _, m := range fig.Marks {
		if l, ok := m.(chart.Label); ok {
			d.use(d.labelRole(l), l.Text)
		}
	}
	d.keep(fig.Height)
	d.m.AddRows(row.New(fig.Height).Add(col.New(d.grid(d.width)).Add(&figure{fig: fig, d: d})))
}

// labelRole is the face of a chart label: strong labels in the caption face.
func (d *doc) labelRole(l chart.Label) role {
	if l.Strong {
		return d.captionRole
	}
	return regular
}

// modDate matches the modification date the PDF library takes from the
// clock; it is rewritten to the creation date (same length, so the
// cross-reference offsets stay valid).
var modDate = regexp.MustCompile(`/ModDate \(D:\d{14}\)`)

// write generates the document, its fonts cut to the characters it
// prints, and writes it, dated when it was generated.
func (d *doc) write(w io.Writer) error {
	fonts, err := d.embedded()
	if err != nil {
		return fmt.Errorf("生成 PDF: %w", err)
	}
	m := maroto.New(d.config(fonts))
	if err := d.m.replay(m); err != nil {
		return fmt.Errorf("生成 PDF: %w", err)
	}
	out, err := m.Generate()
	if err == nil {
		err = d.failed
	}
	if err != nil {
		return fmt.Errorf("生成 PDF: %w", err)
	}
	b := out.GetBytes()
	stamp := []byte("/ModDate (D:" + d.generated.Format("20060102150405") + ")")
	b = modDate.ReplaceAllLiteral(b, stamp)
	if !bytes.Contains(b, stamp) {
		return fmt.Errorf("生成 PDF: 未找到修改日期，无法保证重复生成的文件一致")
	}
	_, err = w.Write(b)
	return err
}

// sentence ends a text with a full stop unless it already ends with punctuation.
func sentence(s string) string {
	if s == "" || strings.ContainsRune("。！？；", []rune(s)[len([]rune(s))-1]) {
		return s
	}
	return s + "。"
}
