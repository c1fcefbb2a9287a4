// Package chart lays the reports' charts out as vector figures: bars,
// columns and trend lines of percentages as boxes, strokes, dots and labels
// placed in millimetres, measured in the reports' own CJK font. A figure is
// plain data; package pdf draws it as PDF paths and text, so charts stay
// sharp in print, cost next to nothing to render, and the same numbers
// always give the same figure.
package chart

import (
	"fmt"
	"math"

	"zhengzhi/reports/cjk"
)

// Figure is a laid-out chart: its size and its marks in drawing order, in
// millimetres from its top left corner, y growing downwards.
type Figure struct {
	Width, Height float64
	Marks         []Mark
}

// Mark is one thing drawn: a Box, a Stroke, a Dot or a Label.
type Mark interface{ mark() }

// Color is an opaque RGB colour.
type Color struct{ R, G, B uint8 }

// Point is a position in a figure.
type Point struct{ X, Y float64 }

// Box is a filled rectangle.
type Box struct {
	X, Y, W, H float64
	Fill       Color
}

// Stroke is a line through its points, Width millimetres wide.
type Stroke struct {
	Points []Point
	Width  float64
	Color  Color
}

// Dot is a filled circle, a marker on a line.
type Dot struct {
	Center Point
	R      float64
	Fill   Color
}

// Align places a label horizontally against its X.
type Align int

// Label alignments: X is the label's left edge, centre or right edge.
const (
	Left Align = iota
	Center
	Right
)

// Label is one line of text, Size points high, with its baseline at Y.
// Strong labels (titles) are set in the document's bold face when it has one.
type Label struct {
	X, Y   float64
	Text   string
	Size   float64
	Align  Align
	Color  Color
	Strong bool
}

func (Box) mark()    {}
func (Stroke) mark() {}
func (Dot) mark()    {}
func (Label) mark()  {}

// Size is a chart's size on the page in millimetres.
type Size struct {
	WidthMM, HeightMM float64
}

// Series is one named row of values (percentages), one per label.
type Series struct {
	Name   string
	Values []float64
}

// palette colours series in order; fixed so that charts never change colour between runs.
var palette = []Color{
	{0x2f, 0x5d, 0x9e},
	{0xe0, 0x8a, 0x2c},
	{0x4c, 0x9a, 0x5b},
	{0xb0, 0x3a, 0x3a},
	{0x7a, 0x5c, 0xa6},
	{0x55, 0x55, 0x55},
}

// Type sizes (points) and the colours of a chart's furniture.
const (
	titleSize  = 9.5
	labelSize  = 8
	tickSize   = 8
	legendSize = 8
	minSize    = 8 // no label is printed smaller (legible on paper); a longer one is cut short
	// headerMM is the band above the plot holding the title and the legend.
	headerMM = 6.0
	// lineWidth and dotRadius draw a trend line and its markers, mm.
	lineWidth = 0.45
	dotRadius = 0.75
)

var (
	ink      = Color{40, 40, 40}
	tickInk  = Color{90, 90, 90}
	gridInk  = Color{215, 215, 215}
	axisInk  = Color{120, 120, 120}
	gridLine = 0.15 // mm
	axisLine = 0.3  // mm
)

// pointMM is one typographic point in millimetres.
const pointMM = 25.4 / 72

// midline is the offset from a label's baseline to the middle of its
// figures and CJK characters, as a share of the size: a label centred on y
// has its baseline at y + midline × size.
const midline = 0.36

// canvas collects a figure's marks and measures text in the face.
type canvas struct {
	face *cjk.Face
	fig  Figure
}

func newCanvas(face *cjk.Face, w, h float64) *canvas {
	return &canvas{face: face, fig: Figure{Width: w, Height: h}}
}

func (c *canvas) add(m Mark) { c.fig.Marks = append(c.fig.Marks, m) }

func (c *canvas) line(width float64, color Color, pts ...Point) {
	c.add(Stroke{Points: pts, Width: width, Color: color})
}

// label adds a text centred vertically on y.
func (c *canvas) label(x, y float64, text string, size float64, align Align, color Color) {
	c.add(Label{X: x, Y: y + midline*size*pointMM, Text: text, Size: size, Align: align, Color: color})
}

// key is how the legend shows a series: a swatch of its colour, or a
// stretch of its line with a marker.
type key int

const (
	swatchKey key = iota
	lineKey
)

// header sets the title at the left of the band above the plot and the
// legend (each series' key and name) at its right, both outside the plot.
// It returns the band's height.
func (c *canvas) header(title string, series []Series, k key) float64 {
	w := c.fig.Width
	y := headerMM / 2
	legendX := w
	if len(series) > 1 {
		const keyW, gap = 4.0, 3.5
		total := 0.0
		for _, s := range series {
			total += keyW + 1 + c.face.Width(s.Name, legendSize) + gap
		}
		x := w - total + gap
		legendX = x
		for i, s := range series {
			color := palette[i%len(palette)]
			switch k {
			case lineKey:
				c.line(lineWidth, color, Point{x, y}, Point{x + keyW, y})
				c.add(Dot{Center: Point{x + keyW/2, y}, R: dotRadius, Fill: color})
			default:
				c.add(Box{X: x + keyW - 2.6, Y: y - 1.3, W: 2.6, H: 2.6, Fill: color})
			}
			x += keyW + 1
			c.label(x, y, s.Name, legendSize, Left, ink)
			x += c.face.Width(s.Name, legendSize) + gap
		}
	}
	text, size := c.face.Fit(title, titleSize, minSize, legendX-4)
	c.add(Label{X: 0, Y: y + midline*size*pointMM, Text: text, Size: size, Color: ink, Strong: true})
	return headerMM
}

// percentTicks are the gridlines of a 0–100 % axis, every 20 points.
var percentTicks = []float64{0, 20, 40, 60, 80, 100}

func percentText(v float64) string { return fmt.Sprintf("%.0f%%", v) }

// clamp keeps a percentage on its axis.
func clamp(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(100, v))
}

// check verifies that every series has one value per label.
func check(kind, title string, labels []string, series []Series) error {
	if len(labels) == 0 || len(series) == 0 {
		return fmt.Errorf("%s“%s”没有数据", kind, title)
	}
	for _, s := range series {
		if len(s.Values) != len(labels) {
			return fmt.Errorf("%s“%s”的系列“%s”有 %d 个值，应有 %d 个", kind, title, s.Name, len(s.Values), len(labels))
		}
	}
	return nil
}

// columns is a laid-out plot with categories along x and a 0–100 % axis up
// the side: the canvas, the plot's left edge, its top and bottom, and the
// width of each category's slot.
type columns struct {
	*canvas
	x0, y0, y1, slot float64
}

// y is the height of a percentage on the axis.
func (p columns) y(v float64) float64 { return p.y1 - (p.y1-p.y0)*clamp(v)/100 }

// newColumns checks the data and draws the frame of a column or line chart:
// the title and legend above the plot, horizontal gridlines with their
// labels left of it, and each category's label under its slot, shrunk or
// cut short to the slot's width.
func newColumns(face *cjk.Face, kind, title string, labels []string, series []Series, size Size, k key) (columns, error) {
	if err := check(kind, title, labels, series); err != nil {
		return columns{}, err
	}
	c := newCanvas(face, size.WidthMM, size.HeightMM)
	top := c.header(title, series, k)
	tickW := c.face.Width("100%", tickSize)
	p := columns{canvas: c, x0: tickW + 2, y0: top + 1.5, y1: c.fig.Height - labelSize*pointMM - 2.2}
	x1 := c.fig.Width - 1
	for _, v := range percentTicks {
		ink, width := gridInk, gridLine
		if v == 0 {
			ink, width = axisInk, axisLine
		}
		c.line(width, ink, Point{p.x0, p.y(v)}, Point{x1, p.y(v)})
		c.label(p.x0-1.2, p.y(v), percentText(v), tickSize, Right, tickInk)
	}
	p.slot = (x1 - p.x0) / float64(len(labels))
	for i, l := range labels {
		text, size := c.face.Fit(l, labelSize, minSize, p.slot-0.8)
		c.add(Label{X: p.x0 + p.slot*(float64(i)+0.5), Y: p.y1 + 1.2 + size*pointMM*0.88, Text: text, Size: size, Align: Center, Color: ink})
	}
	return p, nil
}
