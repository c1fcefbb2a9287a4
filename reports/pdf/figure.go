package pdf

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"

	"zhengzhi/reports/chart"
)

// figure is a chart drawn as PDF paths and text: a maroto component whose
// boxes, strokes and dots become filled rectangles, lines and circles of the
// page, and whose labels are set in the document's fonts.
type figure struct {
	fig chart.Figure
	d   *doc
}

// GetStructure describes the component in maroto's component tree.
func (f *figure) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "chart"})
}

// SetConfig implements core.Component; a figure needs no configuration.
func (f *figure) SetConfig(*entity.Config) {}

// GetHeight is the figure's height.
func (f *figure) GetHeight(core.Provider, *entity.Cell) float64 { return f.fig.Height }

// Render draws the figure with its top left corner at the cell's.
func (f *figure) Render(p core.Provider, cell *entity.Cell) {
	pdf, ok := f.d.pdf(p)
	if !ok {
		return
	}
	left, top, _, _ := pdf.GetMargins()
	x0, y0 := left+cell.X, top+cell.Y
	// Paths move the library's cursor, by which maroto places the cells
	// that follow: it is put back, with the colours and line width.
	x, y := pdf.GetXY()
	dr, dg, db := pdf.GetDrawColor()
	fr, fg, fb := pdf.GetFillColor()
	lw := pdf.GetLineWidth()
	for _, m := range f.fig.Marks {
		switch m := m.(type) {
		case chart.Box:
			pdf.SetFillColor(int(m.Fill.R), int(m.Fill.G), int(m.Fill.B))
			pdf.Rect(x0+m.X, y0+m.Y, m.W, m.H, "F")
		case chart.Stroke:
			pdf.SetDrawColor(int(m.Color.R), int(m.Color.G), int(m.Color.B))
			pdf.SetLineWidth(m.Width)
			if len(m.Points) > 2 {
				pdf.SetLineJoinStyle("round")
			}
			for i, pt := range m.Points {
				if i == 0 {
					pdf.MoveTo(x0+pt.X, y0+pt.Y)
				} else {
					pdf.LineTo(x0+pt.X, y0+pt.Y)
				}
			}
			pdf.DrawPath("D")
			if len(m.Points) > 2 {
				pdf.SetLineJoinStyle("miter")
			}
		case chart.Dot:
			pdf.SetFillColor(int(m.Fill.R), int(m.Fill.G), int(m.Fill.B))
			pdf.Circle(x0+m.Center.X, y0+m.Center.Y, m.R, "F")
		case chart.Label:
			f.label(p, cell, m)
		}
	}
	pdf.SetDrawColor(dr, dg, db)
	pdf.SetFillColor(fr, fg, fb)
	pdf.SetLineWidth(lw)
	pdf.SetXY(x, y)
}

// labelRoom is the width of the box a label is aligned in: wide enough
// that maroto never wraps it.
const labelRoom = 400.0

// label sets a label through maroto, so that its font and colour state stay
// maroto's own.
func (f *figure) label(p core.Provider, cell *entity.Cell, l chart.Label) {
	box := entity.Cell{X: cell.X + l.X, Y: cell.Y + l.Y - l.Size*pointMM, Width: labelRoom, Height: l.Size * pointMM}
	a := align.Left
	switch l.Align {
	case chart.Center:
		box.X, a = box.X-labelRoom/2, align.Center
	case chart.Right:
		box.X, a = box.X-labelRoom, align.Right
	}
	p.AddText(l.Text, &box, &props.Text{Family: f.d.fonts.families[f.d.labelRole(l)], Size: l.Size, Align: a,
		Color: &props.Color{Red: int(l.Color.R), Green: int(l.Color.G), Blue: int(l.Color.B)}})
}

// pdf is the PDF library's document behind a maroto provider, for the
// components that draw on it; when it cannot be had, the document records
// the error (write reports it) and the component draws nothing.
func (d *doc) pdf(p core.Provider) (*gofpdf.Fpdf, bool) {
	pdf, err := pdfOf(p)
	if err != nil && d.failed == nil {
		d.failed = err
	}
	return pdf, err == nil
}

// pdfOf is the PDF library's document behind a maroto provider. maroto
// v2.3.3 offers its components text, images, cells and lines parallel to
// the page edges only; a chart's bars, sloped trend lines and markers need
// the library's paths, which the provider keeps in its unexported field
// fpdf. Should an upgrade of maroto move it, every chart fails with this
// error (and the tests with it) instead of drawing nothing.
func pdfOf(p core.Provider) (*gofpdf.Fpdf, error) {
	v := reflect.ValueOf(p)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("fpdf"); f.IsValid() && f.Kind() == reflect.Interface {
			if pdf, ok := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*gofpdf.Fpdf); ok {
				return pdf, nil
			}
		}
	}
	return nil, fmt.Errorf("图表: 在 maroto 的 %T 中找不到 PDF 文档，无法绘制矢量图表（maroto 版本变化？）", p)
}
