// Package chart draws the reports' charts as PNG bytes with gonum/plot, in
// the reports' own CJK font, at fixed sizes and without timestamps, so the
// same numbers always give the same bytes.
package chart

import (
	"fmt"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"

	"zhengzhi/reports/cjk"
)

var (
	handlersMu sync.Mutex
	handlers   = map[*cjk.Face]text.Plain{}
)

// handler is a text handler whose only font is the face, parsed for plotting
// once per process: plot's default cache holds Latin fonts only.
func handler(face *cjk.Face) (text.Plain, error) {
	handlersMu.Lock()
	defer handlersMu.Unlock()
	if h, ok := handlers[face]; ok {
		return h, nil
	}
	otf, err := opentype.Parse(face.Bytes)
	if err != nil {
		return text.Plain{}, fmt.Errorf("图表字体 %s: %w", face.Path, err)
	}
	coll := font.Collection{{
		Font: font.Font{Typeface: typeface, Variant: "Serif", Style: xfont.StyleNormal, Weight: xfont.WeightNormal},
		Face: otf,
	}}
	h := text.Plain{Fonts: font.NewCache(coll)}
	handlers[face] = h
	return h, nil
}

// typeface names the one font in a chart's own font cache.
const typeface = "zhengzhi-cjk"

func fontOf(size float64) font.Font {
	return font.Font{Typeface: typeface, Variant: "Serif", Size: font.Points(size)}
}
