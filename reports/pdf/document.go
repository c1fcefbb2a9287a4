// Package pdf renders the report models of package reports as PDF with
// maroto: scorecards, the periodic progress report, the year-end summary and
// the draw sheet. Text is sanitized and wrapped by package cjk before maroto
// sees it; every document is byte-for-byte reproducible from its model.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/image"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"

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

// doc is one document being built: a maroto instance (never shared between
// goroutines), the fonts, and the warnings about text that had to change.
type doc struct {
	m        core.Maroto
	fonts    *Fonts
	width    float64 // of the text block, mm; also the grid size in tenths of mm
	warnings []cjk.Warning
	seen     map[string]bool
	imageW   map[int]bool
	// captionRole sets table captions: bold, unless the document embeds only the regular face.
	captionRole role
}

// style is how a run of text is set.
type style struct {
	role  role
	size  float64 // points
	pitch float64 // line pitch, mm; 0 = 1.45 × size
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

// newDoc starts a document with only the font roles it uses embedded: each
// embedded font is parsed again by the PDF library for every document.
func newDoc(fonts *Fonts, l layout, generated time.Time, title string, used ...role) *doc {
	width := a4Width - l.left - l.right
	b := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithTopMargin(l.top).WithLeftMargin(l.left).WithRightMargin(l.right).WithBottomMargin(l.bottom).
		WithMaxGridSize(int(width*10+0.5)).
		WithCompression(true).
		WithCreationDate(generated).
		WithTitle(title, true).
		WithCreator("zhengzhi", false).
		WithDefaultFont(&props.Font{Family: fonts.families[regular], Size: 10})
	var custom []*entity.CustomFont
	added := map[string]bool{}
	for _, r := range append([]role{regular, l.pageNumberRole}, used...) {
		fam := fonts.families[r]
		if !added[fam] {
			added[fam] = true
			custom = append(custom, &entity.CustomFont{Family: fam, Bytes: fonts.faces[r].Bytes})
		}
	}
	b = b.WithCustomFonts(custom)
	if l.pageNumbers != "" {
		size := l.pageNumberSize
		if size == 0 {
			size = 10
		}
		b = b.WithPageNumber(props.PageNumber{Pattern: l.pageNumbers, Place: props.Bottom,
			Family: fonts.families[l.pageNumberRole], Size: size})
	}
	cfg := b.Build()
	if cfg.PageNumber != nil {
		// The builder insists on {total} in the pattern; "— 1 —" has none.
		cfg.PageNumber.Pattern = l.pageNumbers
	}
	d := &doc{m: maroto.New(cfg), fonts: fonts, width: width, seen: map[string]bool{}, imageW: map[int]bool{}}
	for _, r := range used {
		if r == bold {
			d.captionRole = bold
		}
	}
	return d
}

// lines sanitizes and wraps text for a column of the given width, less a
// hair: the PDF library measures with widths rounded to thousandths of an
// em and must never find a line too long and break it again at a space.
func (d *doc) lines(s string, st style, widthMM float64) []string {
	face := d.fonts.faces[st.role]
	clean, w := face.Sanitize(s)
	if w != nil && !d.seen[s] {
		d.seen[s] = true
		d.warnings = append(d.warnings, *w)
	}
	return face.Wrap(clean, st.size, widthMM-0.2)
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
		if h := float64(max(1, len(wrapped[i])))*c.st.linePitch() + 2*cellPad; h > height {
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
			cl.Add(text.New(line, d.textProps(c.st, top+float64(k)*pitch+(pitch-c.st.size*pointMM)/2-0.3)))
		}
		cs := &props.Cell{BorderType: border.Full, BorderThickness: 0.2, BorderColor: &props.Color{Red: 90, Green: 90, Blue: 90}}
		if c.fill != nil {
			cs.BackgroundColor = c.fill
		}
		cols[i] = cl.WithStyle(cs)
	}
	return row.New(height).Add(cols...)
}

// plainRow is a row of unbordered one-line cells of a fixed height, for
// page headers and label lines. A text too long for its cell is set smaller,
// down to 6 pt, then cut with an ellipsis — never wrapped out of the row.
func (d *doc) plainRow(widths []float64, cells []cell, height float64) core.Row {
	cols := make([]core.Col, len(cells))
	for i, c := range cells {
		cl := col.New(d.grid(widths[i]))
		st := c.st
		ls := d.lines(c.text, st, widths[i]-2*cellPad)
		for len(ls) > 1 && st.size > 6 {
			st.size -= 0.5
			ls = d.lines(c.text, st, widths[i]-2*cellPad)
		}
		if len(ls) > 1 {
			face, r := d.fonts.faces[st.role], []rune(ls[0])
			for len(r) > 0 && face.Width(string(r)+"…", st.size) > widths[i]-2*cellPad-0.2 {
				r = r[:len(r)-1]
			}
			ls[0] = string(r) + "…"
		}
		if len(ls) > 0 {
			cl.Add(text.New(ls[0], d.textProps(st, (height-st.size*pointMM)/2-0.3)))
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
	em := st.size * pointMM
	prefix := ""
	if indent > 0 {
		prefix = string([]rune("　　　　")[:int(indent)])
	}
	lines := d.lines(prefix+s, st, d.width)
	if st.balanced && len(lines) > 1 {
		face := d.fonts.faces[st.role]
		for w := face.Width(prefix+s, st.size) / float64(len(lines)); w < d.width; w += em / 2 {
			if ls := d.lines(prefix+s, st, w); len(ls) == len(lines) {
				lines = ls
				break
			}
		}
	}
	for _, line := range lines {
		d.m.AddRows(row.New(st.linePitch()).Add(col.New(d.grid(d.width)).Add(
			text.New(line, props.Text{Family: d.fonts.families[st.role], Size: st.size, Align: st.align,
				Top: (st.linePitch()-em)/2 - 0.3, Color: st.color}))))
	}
}

// space adds vertical space.
func (d *doc) space(mm float64) { d.m.AddRows(row.New(mm)) }

// table adds an optional caption, a header and rows. The caption and header
// stay on the page of the first row; when a later row does not fit, a new
// page starts with the header repeated.
func (d *doc) table(caption string, widths []float64, header []cell, rows [][]cell) {
	built := make([]core.Row, len(rows))
	for i, cells := range rows {
		built[i] = d.tableRow(widths, cells)
	}
	head := d.tableRow(widths, header)
	need := head.GetHeight(nil, nil)
	if len(built) > 0 {
		need += built[0].GetHeight(nil, nil)
	}
	capStyle := style{role: d.captionRole, size: 10.5}
	if caption != "" {
		need += capStyle.linePitch()
	}
	d.keep(need)
	if caption != "" {
		d.paragraph(caption, capStyle, 0)
	}
	d.m.AddRows(head)
	for _, r := range built {
		if !d.m.FitlnCurrentPage(r.GetHeight(nil, nil)) {
			d.m.AddPages(page.New())
			d.m.AddRows(d.tableRow(widths, header))
		}
		d.m.AddRows(r)
	}
}

// keep starts a new page unless mm of height still fit on this one.
func (d *doc) keep(mm float64) {
	if !d.m.FitlnCurrentPage(mm) {
		d.m.AddPages(page.New())
	}
}

// chart adds a PNG image heightMM tall across the text block. Images of the
// same pixel width would be written in map order; a document never holds two.
func (d *doc) chart(png []byte, heightMM float64) error {
	w := pngWidth(png)
	if d.imageW[w] {
		return fmt.Errorf("两幅图表宽度同为 %d 像素，PDF 中的顺序将不确定", w)
	}
	d.imageW[w] = true
	d.keep(heightMM)
	d.m.AddRows(row.New(heightMM).Add(col.New(d.grid(d.width)).Add(
		image.NewFromBytes(png, extension.Png, props.Rect{Center: true, Percent: 100}))))
	return nil
}

// pngWidth reads a PNG's width from its IHDR chunk.
func pngWidth(png []byte) int {
	if len(png) < 24 {
		return 0
	}
	return int(png[16])<<24 | int(png[17])<<16 | int(png[18])<<8 | int(png[19])
}

// modDate matches the modification date the PDF library takes from the
// clock; it is rewritten to the creation date (same length, so the
// cross-reference offsets stay valid).
var modDate = regexp.MustCompile(`/ModDate \(D:\d{14}\)`)

// write generates the document and writes it.
func (d *doc) write(w io.Writer, generated time.Time) error {
	out, err := d.m.Generate()
	if err != nil {
		return fmt.Errorf("生成 PDF: %w", err)
	}
	b := out.GetBytes()
	stamp := []byte("/ModDate (D:" + generated.Format("20060102150405") + ")")
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
