package chart

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"zhengzhi/reports/cjk"
)

// Lines is a line chart of percentages over periods (the campaign's trend).
type Lines struct {
	Title  string
	YLabel string
	Labels []string // one per period, oldest first
	Series []Series
	Size   Size
}

// PNG draws the chart.
func (l Lines) PNG(face *cjk.Face) ([]byte, error) {
	p, err := newPlot(face, l.Title, l.YLabel)
	if err != nil {
		return nil, err
	}
	if len(l.Labels) == 0 || len(l.Series) == 0 {
		return nil, fmt.Errorf("折线图“%s”没有数据", l.Title)
	}
	for i, s := range l.Series {
		if len(s.Values) != len(l.Labels) {
			return nil, fmt.Errorf("折线图“%s”的系列“%s”有 %d 个值，应有 %d 个", l.Title, s.Name, len(s.Values), len(l.Labels))
		}
		pts := make(plotter.XYs, len(s.Values))
		for k, v := range s.Values {
			pts[k].X, pts[k].Y = float64(k), v
		}
		line, marks, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, fmt.Errorf("折线图“%s”: %w", l.Title, err)
		}
		c := palette[i%len(palette)]
		line.Color, line.Width = c, vg.Points(1.2)
		marks.Color, marks.Shape, marks.Radius = c, draw.CircleGlyph{}, vg.Points(2)
		p.Add(line, marks)
		p.Legend.Add(s.Name, line, marks)
	}
	p.NominalX(l.Labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(l.Labels))-0.5
	p.Y.Min, p.Y.Max = 0, 118
	return encode(p, l.Size)
}
