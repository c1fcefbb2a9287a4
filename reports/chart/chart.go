package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"zhengzhi/reports/cjk"
)

// Size is a chart's size on the page in millimetres; the PNG has DPI dots per inch.
type Size struct {
	WidthMM, HeightMM float64
	DPI               int
}

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []float64
}

// palette colours series in order; fixed so that charts never change colour between runs.
var palette = []color.RGBA{
	{R: 0x2f, G: 0x5d, B: 0x9e, A: 0xff},
	{R: 0xe0, G: 0x8a, B: 0x2c, A: 0xff},
	{R: 0x4c, G: 0x9a, B: 0x5b, A: 0xff},
	{R: 0xb0, G: 0x3a, B: 0x3a, A: 0xff},
	{R: 0x7a, G: 0x5c, B: 0xa6, A: 0xff},
	{R: 0x55, G: 0x55, B: 0x55, A: 0xff},
}

// newPlot sets every text of a plot in the face.
func newPlot(face *cjk.Face, title, yLabel string) (*plot.Plot, error) {
	h, err := handler(face)
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.TextHandler = h
	style := func(s *text.Style, size float64) {
		s.Font = fontOf(size)
		s.Handler = h
	}
	style(&p.Title.TextStyle, 11)
	p.Title.Text = title
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		style(&ax.Label.TextStyle, 9)
		style(&ax.Tick.Label, 8)
	}
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = fontOf(8)
	p.Legend.TextStyle.Handler = h
	p.Legend.Top = true
	p.Legend.Left = false
	p.Y.Tick.Marker = percentTicks{}
	p.Add(plotter.NewGrid())
	return p, nil
}

// encode draws the plot at a fixed size and encodes an opaque PNG: opaque
// so that the PDF library embeds it as is, without splitting an alpha channel.
func encode(p *plot.Plot, size Size) ([]byte, error) {
	w := vg.Length(size.WidthMM) * vg.Millimeter
	h := vg.Length(size.HeightMM) * vg.Millimeter
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(size.DPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("图表编码为 PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// percentTicks marks a 0–100 % axis every 20 points.
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for v := 0.0; v <= max+1e-9; v += 20 {
		if v >= min-1e-9 {
			ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f%%", v)})
		}
	}
	return ts
}
