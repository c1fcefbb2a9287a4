package chart

import (
	"zhengzhi/reports/cjk"
)

// Bars is a column chart of percentages: one group of columns per label
// along the bottom, one column per series (rates by city).
type Bars struct {
	Title  string
	Labels []string
	Series []Series
	Size   Size
}

// Draw lays the chart out.
func (b Bars) Draw(face *cjk.Face) (Figure, error) {
	p, err := newColumns(face, "柱状图", b.Title, b.Labels, b.Series, b.Size, swatchKey)
	if err != nil {
		return Figure{}, err
	}
	width := p.slot * 0.72 / float64(len(b.Series))
	for i := range b.Labels {
		left := p.x0 + p.slot*float64(i) + p.slot*0.14
		for k, s := range b.Series {
			if top := p.y(s.Values[i]); top < p.y1 {
				p.add(Box{X: left + width*float64(k), Y: top, W: width, H: p.y1 - top, Fill: palette[k%len(palette)]})
			}
		}
	}
	return p.fig, nil
}

// HBars is a horizontal bar chart of percentages: one row per label, its
// name at the left of the plot, one bar per series (a unit's attainment per
// item against its peers' average). Its height follows from the number of
// rows and the band each row gets (HeightFor).
type HBars struct {
	Title  string
	Labels []string
	Series []Series
	// WidthMM is the figure's width; BandMM the height of each row.
	WidthMM, BandMM float64
}

// axisMM is the height of the percent labels under a horizontal bar chart.
const axisMM = 4.0

// HeightFor is the figure's height when each row gets band millimetres.
func (h HBars) HeightFor(band float64) float64 {
	return headerMM + 1 + band*float64(len(h.Labels)) + axisMM
}

// Draw lays the chart out.
func (h HBars) Draw(face *cjk.Face) (Figure, error) {
	if err := check("条形图", h.Title, h.Labels, h.Series); err != nil {
		return Figure{}, err
	}
	c := newCanvas(face, h.WidthMM, h.HeightFor(h.BandMM))
	top := c.header(h.Title, h.Series, swatchKey) + 1
	// Names are set no taller than their band, in a column as wide as the
	// longest, up to two fifths of the width.
	size := min(labelSize, h.BandMM/pointMM*0.82)
	labelW := 0.0
	for _, l := range h.Labels {
		labelW = max(labelW, face.Width(l, size))
	}
	labelW = min(labelW, h.WidthMM*0.4)
	x0 := labelW + 2
	x1 := h.WidthMM - face.Width("100%", tickSize)/2 - 0.5
	y1 := top + h.BandMM*float64(len(h.Labels))
	for _, v := range percentTicks {
		x := x0 + (x1-x0)*v/100
		ink, width := gridInk, gridLine
		if v == 0 {
			ink, width = axisInk, axisLine
		}
		c.line(width, ink, Point{x, top}, Point{x, y1})
		c.label(x, y1+axisMM/2, percentText(v), tickSize, Center, tickInk)
	}
	thick := min(h.BandMM*0.72, 7) / float64(len(h.Series))
	for i, l := range h.Labels {
		mid := top + h.BandMM*(float64(i)+0.5)
		text, size := c.face.Fit(l, size, minSize, labelW)
		c.label(x0-2, mid, text, size, Right, ink)
		y := mid - thick*float64(len(h.Series))/2
		for k, s := range h.Series {
			if w := (x1 - x0) * clamp(s.Values[i]) / 100; w > 0 {
				c.add(Box{X: x0, Y: y + thick*float64(k), W: w, H: thick, Fill: palette[k%len(palette)]})
			}
		}
	}
	c.line(axisLine, axisInk, Point{x0, top}, Point{x0, y1})
	return c.fig, nil
}
