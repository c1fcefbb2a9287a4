package pdf

import (
	"fmt"
	"strings"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"zhengzhi/reports"
)

// An official document (公文) is set on the grid of GB/T 9704-2012 §5.2.2:
// a 156 × 225 mm text block of 22 lines of 28 characters of 3号 (16 pt)
// type. 28 characters of 16 pt are 158 mm, so the characters stand 156/28
// mm apart (a hair closer than their em, as Word's document grid sets
// them); every full line is justified (两端对齐) to the block's right edge
// by the spacing between its characters (the PDF's Tc), the last line of a
// paragraph stays on the grid.

// officialLines and officialChars are the grid: lines a page, characters a line.
const (
	officialLines = 22
	officialChars = 28
	// officialBlock is the height of the text block, mm.
	officialBlock = 225.0
)

// officialPitch is the line pitch of the grid, mm.
const officialPitch = officialBlock / officialLines

// officialLayout is GB/T 9704's page: top margin 37 mm, binding margin 28 mm,
// a 156 × 225 mm block. The top margin is less the folio's header row, so
// the block's first line starts 37 mm from the top; a hundredth of a
// millimetre more at the foot lets 22 lines of officialPitch fit whatever
// the rounding.
var officialLayout = layout{top: 37 - folioRow, left: 28, right: a4Width - 28 - 156, bottom: 297 - 37 - officialBlock - 0.01}

// newOfficialDoc starts an official document on officialLayout with its
// furniture — the page number, and the demo mark when meta says the data
// are synthetic — registered before the first row, as registerFolio needs.
func newOfficialDoc(fonts *Fonts, meta reports.Meta, title string) (*doc, error) {
	d := newDoc(fonts, officialLayout, meta.GeneratedAt, title)
	demo := ""
	if meta.Demo {
		demo = reports.DemoMark
	}
	if err := registerFolio(d, docFolio, folioBelow, demo); err != nil {
		return nil, err
	}
	return d, nil
}

// gridLine is one line of official-document text: its characters set
// left mm from the block's left edge, spaced by tc mm on top of their advances.
type gridLine struct {
	d     *doc
	text  string
	st    style
	left  float64
	tc    float64
	pitch float64
}

// GetStructure describes the component in maroto's component tree.
func (g *gridLine) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "gridline", Value: g.text})
}

// SetConfig implements core.Component; a line needs no configuration.
func (g *gridLine) SetConfig(*entity.Config) {}

// GetHeight is the line's pitch.
func (g *gridLine) GetHeight(core.Provider, *entity.Cell) float64 { return g.pitch }

// emAscent is how much of a Chinese character's em lies above its baseline
// (the ideographic em box of the faces used: 0.88 em up, 0.12 em down).
const emAscent = 0.88

// Render sets the line with its em box centred in the band, its character
// spacing set around the text and reset after.
func (g *gridLine) Render(p core.Provider, cell *entity.Cell) {
	pdf, ok := g.d.pdf(p)
	if !ok || g.text == "" {
		return
	}
	left, top, _, _ := pdf.GetMargins()
	em := g.st.size * pointMM
	baseline := top + cell.Y + (g.pitch-em)/2 + emAscent*em
	pdf.SetFont(g.d.fonts.families[g.st.role], "", g.st.size)
	r, gr, b := pdf.GetTextColor()
	if c := g.st.color; c != nil {
		pdf.SetTextColor(c.Red, c.Green, c.Blue)
	}
	pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", g.tc/pointMM))
	pdf.Text(left+cell.X+g.left, baseline, g.text)
	pdf.RawWriteStr("0 Tc")
	pdf.SetTextColor(r, gr, b)
}

// gridTc is the spacing that puts characters of size pt on the grid of
// officialChars to the block's width.
func (d *doc) gridTc(size float64) float64 {
	return d.width/officialChars - size*pointMM
}

// gridCapacity is the natural width a line of characters of size pt may
// have: officialChars full-width characters.
func gridCapacity(size float64) float64 { return officialChars*size*pointMM + 0.05 }

// officialLines breaks a paragraph for the grid (indent in characters) and
// returns its rows: every line but the last justified.
func (d *doc) officialRows(s string, st style, indent int) []core.Row {
	face := d.fonts.faces[st.role]
	text := strings.Repeat("　", indent) + d.clean(s, st.role)
	lines := face.Wrap(text, st.size, gridCapacity(st.size))
	rows := make([]core.Row, len(lines))
	for i, l := range lines {
		tc := d.gridTc(st.size)
		// A line cut short by a long Latin word (a column name) is left
		// ragged rather than letter-spaced wide.
		slack := d.width - face.Width(l, st.size)
		if n := len([]rune(l)); i < len(lines)-1 && n > 1 && slack < 2*st.size*pointMM {
			tc = slack / float64(n-1)
		}
		rows[i] = d.gridRow(l, st, 0, tc)
	}
	return rows
}

// gridRow is a row of one grid line, left mm in, its characters tc mm apart.
func (d *doc) gridRow(text string, st style, left, tc float64) core.Row {
	d.use(st.role, text)
	return row.New(officialPitch).Add(col.New(d.grid(d.width)).Add(
		&gridLine{d: d, text: text, st: st, left: left, tc: tc, pitch: officialPitch}))
}

// officialParagraph adds a paragraph on the grid, two characters indented.
func (d *doc) officialParagraph(s string, st style) {
	d.m.AddRows(d.officialRows(s, st, 2)...)
}

// officialHeading adds a heading on the grid, two characters indented,
// kept on one page with two lines of what follows.
func (d *doc) officialHeading(s string, st style) {
	rows := d.officialRows(s, st, 2)
	d.keep(float64(len(rows)+2) * officialPitch)
	d.m.AddRows(rows...)
}

// rule is a horizontal line across the text block: colour, thickness (mm),
// drawn at the middle of a row h mm high.
type rule struct {
	d     *doc
	color *props.Color
	width float64
	h     float64
}

// GetStructure describes the component in maroto's component tree.
func (r *rule) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "rule"})
}

// SetConfig implements core.Component; a rule needs no configuration.
func (r *rule) SetConfig(*entity.Config) {}

// GetHeight is the rule's row height.
func (r *rule) GetHeight(core.Provider, *entity.Cell) float64 { return r.h }

// Render draws the rule as a filled box, its colour put back after.
func (r *rule) Render(p core.Provider, cell *entity.Cell) {
	pdf, ok := r.d.pdf(p)
	if !ok {
		return
	}
	left, top, _, _ := pdf.GetMargins()
	fr, fg, fb := pdf.GetFillColor()
	c := r.color
	if c == nil {
		c = &props.Color{}
	}
	pdf.SetFillColor(c.Red, c.Green, c.Blue)
	pdf.Rect(left+cell.X, top+cell.Y+(r.h-r.width)/2, r.d.width, r.width, "F")
	pdf.SetFillColor(fr, fg, fb)
}

// ruleRow is a row h mm high with a rule through its middle.
func (d *doc) ruleRow(color *props.Color, width, h float64) core.Row {
	return row.New(h).Add(col.New(d.grid(d.width)).Add(&rule{d: d, color: color, width: width, h: h}))
}

// centredRow is a row of one line of text centred on the block, set at
// size pt in a band h mm high, the characters tc mm apart.
func (d *doc) centredRow(text string, st style, h, tc float64) core.Row {
	face := d.fonts.faces[st.role]
	text = d.clean(text, st.role)
	n := len([]rune(text))
	w := face.Width(text, st.size) + float64(max(0, n-1))*tc
	d.use(st.role, text)
	return row.New(h).Add(col.New(d.grid(d.width)).Add(
		&gridLine{d: d, text: text, st: st, left: (d.width - w) / 2, tc: tc, pitch: h}))
}

// markSize is the size of an issuer's mark (发文机关标志): 36 pt, less when
// the name would not fit the block's width.
func (d *doc) markSize(mark string, st style) float64 {
	size := 36.0
	if w := d.fonts.faces[st.role].Width(mark, size); w > d.width {
		size *= d.width / w
	}
	return size
}
