package chart

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"zhengzhi/reports/cjk"
)

// Bars is a grouped bar chart of percentages: one group per label, one bar
// per series (a unit against its peers' average; rates by city).
type Bars struct {
	Title  string
	YLabel string
	Labels []string
	Series []Series
	Size   Size
}

// PNG draws the chart.
func (b Bars) PNG(face *cjk.Face) ([]byte, error) {
	p, err := newPlot(face, b.Title, b.YLabel)
	if err != nil {
		return nil, err
	}
	n := len(b.Series)
	if n == 0 || len(b.Labels) == 0 {
		return nil, fmt.Errorf("柱状图“%s”没有数据", b.Title)
	}
	// The data area is the canvas less the y axis and its labels (about 18 mm).
	plotWidth := vg.Length(b.Size.WidthMM-18) * vg.Millimeter
	group := plotWidth / vg.Length(len(b.Labels))
	barWidth := group * 0.75 / vg.Length(n)
	for i, s := range b.Series {
		if len(s.Values) != len(b.Labels) {
			return nil, fmt.Errorf("柱状图“%s”的系列“%s”有 %d 个值，应有 %d 个", b.Title, s.Name, len(s.Values), len(b.Labels))
		}
		bars, err := plotter.NewBarChart(plotter.Values(s.Values), barWidth)
		if err != nil {
			return nil, fmt.Errorf("柱状图“%s”: %w", b.Title, err)
		}
		bars.Color = palette[i%len(palette)]
		bars.LineStyle.Width = 0
		bars.Offset = barWidth * (vg.Length(i) - vg.Length(n-1)/2)
		p.Add(bars)
		if n > 1 {
			p.Legend.Add(s.Name, bars)
		}
	}
	p.NominalX(b.Labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(b.Labels))-0.5
	p.Y.Min, p.Y.Max = 0, 100
	if n > 1 {
		p.Y.Max = 118 // room for the legend above the bars
	}
	return encode(p, b.Size)
}
