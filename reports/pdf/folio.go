package pdf

import (
	"fmt"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// folio is an official document's page furniture, outside its text block:
// the page number "— N —" 7 mm below the block, on odd pages at the right
// and on even pages at the left, one character in from the block's edge
// (GB/T 9704-2012 §7.5), and above the block the demo mark when there is
// one. maroto numbers pages in one place on all pages, so the number is
// drawn by this component, which a page header of next to no height carries
// onto every page and which asks the PDF library for the page it is on.
type folio struct {
	d     *doc
	st    style // the page number's face and size
	below float64
	demo  string
}

// folioDigits are the characters a page number prints.
const folioDigits = "— 0123456789"

// registerFolio puts the furniture on every page of d. It must come before
// the first row.
func registerFolio(d *doc, st style, below float64, demo string) error {
	d.use(st.role, folioDigits)
	f := &folio{d: d, st: st, below: below, demo: demo}
	if demo != "" {
		d.use(heading, demo)
	}
	// The header row is a hair high: maroto's pages begin in the PDF library
	// when a cell of some height no longer fits the page before, and the
	// furniture must be drawn on its own page, not on the foot of the last.
	return d.m.RegisterHeader(row.New(folioRow).Add(col.New(d.grid(d.width)).Add(f)))
}

// folioRow is the height of the furniture's header row, mm.
const folioRow = 0.1

// GetStructure describes the component in maroto's component tree.
func (f *folio) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "folio"})
}

// SetConfig implements core.Component; the furniture needs no configuration.
func (f *folio) SetConfig(*entity.Config) {}

// GetHeight is 0: the furniture takes no room in the text block (its row
// takes folioRow).
func (f *folio) GetHeight(core.Provider, *entity.Cell) float64 { return 0 }

// Render draws the page number and the demo mark of the page being made.
// Positions are relative to the text block's top left corner, as maroto's
// are.
func (f *folio) Render(p core.Provider, _ *entity.Cell) {
	pdf, ok := f.d.pdf(p)
	if !ok {
		return
	}
	l := f.d.layout
	block := 297 - l.top - l.bottom
	em := f.st.size * pointMM
	text := props.Text{Family: f.d.fonts.families[f.st.role], Size: f.st.size, Color: f.st.color}
	if n := pdf.PageNo(); n%2 == 1 {
		text.Align, text.Right = align.Right, em
	} else {
		text.Align, text.Left = align.Left, em
	}
	p.AddText(fmt.Sprintf("— %d —", pdf.PageNo()), &entity.Cell{Y: block + f.below, Width: f.d.width, Height: em}, &text)
	if f.demo != "" {
		size := 12.0
		p.AddText(f.demo, &entity.Cell{Y: -2*size*pointMM - 3, Width: f.d.width, Height: size * pointMM},
			&props.Text{Family: f.d.fonts.families[heading], Size: size, Align: align.Right, Color: demoRed})
	}
}
