package portal

import (
	"fmt"
	"html/template"
	"strings"

	"zhengzhi"
)

// trendPoint is one stored period of a unit's total.
type trendPoint struct {
	AsOf  zhengzhi.Date
	Total zhengzhi.Score
	Grade string
}

// trendSVG draws a unit's total over the stored periods as an inline SVG line
// chart: no script, no style sheet, presentation attributes only, so the
// page's Content-Security-Policy holds. Its width scales with the page (a
// phone too); the text is escaped here.
func trendSVG(points []trendPoint, full zhengzhi.Score, title string) template.HTML {
	if len(points) == 0 {
		return ""
	}
	// A narrow canvas with large type: on a 390 px phone the chart is drawn
	// about 350 px wide, and its labels must still read at 12 px or more.
	// The top leaves room for a value label above a point at full marks.
	const w, h, left, right, top, bottom = 480.0, 240.0, 48.0, 36.0, 34.0, 34.0
	const font = 17
	maxV := full.Float()
	for _, p := range points {
		maxV = max(maxV, p.Total.Float())
	}
	if maxV <= 0 {
		maxV = 100
	}
	x := func(i int) float64 {
		if len(points) == 1 {
			return left + (w-left-right)/2
		}
		return left + float64(i)*(w-left-right)/float64(len(points)-1)
	}
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-v/maxV) }
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(title))
	for _, frac := range []float64{0, 0.25, 0.5, 0.75, 1} {
		v := maxV * frac
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d9dee5" stroke-width="1"/>`, left, y(v), w-right, y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" fill="#5b6472" text-anchor="end">%.0f</text>`, left-6, y(v)+5, font, v)
	}
	var line []string
	for i, p := range points {
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Total.Float())))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#b3261e" stroke-width="2.5"/>`, strings.Join(line, " "))
	for i, p := range points {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#b3261e"><title>%s：%s 分（%s）</title></circle>`,
			x(i), y(p.Total.Float()), esc(p.AsOf.String()), esc(p.Total.String()), esc(p.Grade))
		// A white halo keeps the value readable where it crosses a grid line.
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" font-weight="600" fill="#1f2933" stroke="#fff" stroke-width="4" paint-order="stroke" text-anchor="%s">%s</text>`,
			x(i), y(p.Total.Float())-10, font, anchor(i, len(points)), esc(p.Total.String()))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%d" fill="#5b6472" text-anchor="%s">%s</text>`,
			x(i), h-bottom+24, font, anchor(i, len(points)), esc(fmt.Sprintf("%d月%d日", p.AsOf.Month(), p.AsOf.Day())))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// anchor keeps the first and last labels inside the canvas: they grow
// inwards from their point.
func anchor(i, n int) string {
	switch {
	case n > 1 && i == 0:
		return "start"
	case n > 1 && i == n-1:
		return "end"
	}
	return "middle"
}
