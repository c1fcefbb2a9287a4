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
	const w, h, left, right, top, bottom = 640.0, 220.0, 72.0, 44.0, 20.0, 36.0
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
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#5b6472" text-anchor="end">%.0f</text>`, left-6, y(v)+4, v)
	}
	var line []string
	for i, p := range points {
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Total.Float())))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#b3261e" stroke-width="2.5"/>`, strings.Join(line, " "))
	for i, p := range points {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#b3261e"><title>%s：%s 分（%s）</title></circle>`,
			x(i), y(p.Total.Float()), esc(p.AsOf.String()), esc(p.Total.String()), esc(p.Grade))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#1f2933" text-anchor="middle">%s</text>`,
			x(i), y(p.Total.Float())-9, esc(p.Total.String()))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#5b6472" text-anchor="middle">%s</text>`,
			x(i), h-bottom+20, esc(fmt.Sprintf("%d月%d日", p.AsOf.Month(), p.AsOf.Day())))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
