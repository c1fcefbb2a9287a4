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
	p, err := newColumns(face, "折线图", l.Title, l.Labels, l.Series, l.Size, lineKey)
	if err != nil {
		return Figure{}, err
	}
	for k, s := range l.Series {
		pts := make([]Point, len(s.Values))
		for i, v := range s.Values {
			pts[i] = Point{p.x0 + p.slot*(float64(i)+0.5), p.y(v)}
		}
		color := palette[k%len(palette)]
		p.line(lineWidth, color, pts...)
		for _, pt := range pts {
			p.add(Dot{Center: pt, R: dotRadius, Fill: color})
		}
	}
	return p.fig, nil
}
