package pdf

import (
	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi/reports"
	"zhengzhi/reports/cjk"
)

// Warning is text that had to change to be printed (a character above
// U+FFFF, or one the font lacks); rendering goes on with a substitute.
type Warning = cjk.Warning

// Renderer renders report models to PDF. It holds only read-only shared
// state (the fonts), so one Renderer serves any number of goroutines; each
// document gets its own maroto instance.
type Renderer struct {
	Fonts *Fonts
}

// NewRenderer makes a renderer with the given fonts.
func NewRenderer(fonts *Fonts) *Renderer {
	return &Renderer{Fonts: fonts}
}

// Colours used across the reports.
var (
	demoRed   = rgb(200, 30, 30)
	grey      = rgb(100, 100, 100)
	headFill  = rgb(225, 232, 242)
	totalFill = rgb(245, 245, 245)
	alertFill = rgb(252, 228, 228)
)

// header is the top line of every page: the report's name and, on demo
// data, the demo mark (演示数据).
func (r *Renderer) header(d *doc, meta reports.Meta, name string) error {
	left := cell{text: name, st: style{role: regular, size: 8, color: grey}}
	right := cell{st: style{role: d.captionRole, size: 10, color: demoRed, align: align.Right}}
	if meta.Demo {
		right.text = reports.DemoMark
	}
	return d.m.RegisterHeader(d.plainRow([]float64{d.width * 0.7, d.width * 0.3}, []cell{left, right}, 7))
}
