package chart

import (
	"zhengzhi/reports/cjk"
)

// Lines is a line chart of percentages over periods (the campaign's trend).
type Lines struct {
	Title  string
	Labels []string // one per period, oldest first
	Series []Series
	Size   Size
}

// Draw lays the chart out.
func (l Lines) Draw(face *cjk.Face) (Figure, error) {
	if err := check("折线图", l.Title, l.Labels, l.Series); err != nil {
		return Figure{}, err
	}
	c := newCanvas(face, l.Size.WidthMM, l.Size.HeightMM)
	top := c.header(l.Title, l.Series, lineKey)
	x0, y0, _, y1, slot := c.columnFrame(top, l.Labels)
	for k, s := range l.Series {
		pts := make([]Point, len(s.Values))
		for i, v := range s.Values {
			pts[i] = Point{x0 + slot*(float64(i)+0.5), y1 - (y1-y0)*clamp(v)/100}
		}
		color := palette[k%len(palette)]
		c.line(lineWidth, color, pts...)
		for _, p := range pts {
			c.add(Dot{Center: p, R: dotRadius, Fill: color})
		}
	}
	return c.fig, nil
}
