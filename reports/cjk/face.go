// Package cjk measures and wraps Chinese text for the PDF reports. The PDF
// library breaks lines on spaces only and panics on runes above U+FFFF, so
// reports measure glyph advances themselves (golang.org/x/image/font/sfnt),
// break lines where Chinese allows it, and replace what the library or the
// font cannot print — with a warning naming the text, never a crash.
package cjk

import (
	"bytes"
	"fmt"
	"os"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// Face is one parsed TrueType font file: its bytes (handed to the PDF
// library) and its glyph advances, measured once per rune and shared by
// every document and goroutine of the process.
type Face struct {
	// Path is the file the face was read from.
	Path string
	// Bytes is the whole font file.
	Bytes []byte
	// Font is the parsed font, safe for concurrent use with separate buffers.
	Font *sfnt.Font

	unitsPerEm float64
	bufs       sync.Pool
	mu         sync.RWMutex
	advance    map[rune]float64 // in ems; negative: the font has no glyph

	// raw locates the tables Subset copies glyphs from, on first use.
	rawOnce sync.Once
	raw     *sfntTables
	rawErr  error
}

var (
	facesMu sync.Mutex
	faces   = map[string]*Face{}
)

// Load reads and parses a font file once per process; later calls with the
// same path return the same Face. TrueType fonts are accepted, as a file of
// their own (.ttf) or a face of a collection ("uming.ttc#3", see
// collection.go), because that is all the PDF library can embed.
func Load(path string) (*Face, error) {
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[path]; ok {
		return f, nil
	}
	file, n := splitFace(path)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("字体文件 %s 无法读取（请在配置 fonts: 中指定可用的 TrueType 字体）: %w", file, err)
	}
	if len(data) >= 4 && bytes.Equal(data[:4], []byte("ttcf")) {
		if data, err = extractFace(file, data, n); err != nil {
			return nil, err
		}
	} else if file != path {
		return nil, fmt.Errorf("字体文件 %s 不是字体集合（.ttc），不能按编号选用其中的字体", file)
	}
	f, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	faces[path] = f
	return f, nil
}

// Parse checks and parses a font file's bytes; path only names it in errors.
func Parse(path string, data []byte) (*Face, error) {
	switch {
	case len(data) < 4:
		return nil, fmt.Errorf("字体文件 %s 不是字体（只有 %d 字节）", path, len(data))
	case bytes.Equal(data[:4], []byte("ttcf")):
		return nil, fmt.Errorf("字体文件 %s 是 .ttc 字体集合：请用 cjk.Load 按编号选用其中的字体（%s#0）", path, path)
	case bytes.Equal(data[:4], []byte("OTTO")):
		return nil, fmt.Errorf("字体文件 %s 是 CFF 轮廓的 OpenType 字体，PDF 库只能嵌入 TrueType 轮廓 (.ttf) 字体", path)
	case !bytes.Equal(data[:4], []byte{0, 1, 0, 0}) && !bytes.Equal(data[:4], []byte("true")):
		return nil, fmt.Errorf("字体文件 %s 不是 TrueType 字体（文件头 %q）", path, data[:4])
	}
	fnt, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("字体文件 %s 无法解析: %w", path, err)
	}
	f := &Face{Path: path, Bytes: data, Font: fnt, unitsPerEm: float64(fnt.UnitsPerEm()), advance: map[rune]float64{}}
	f.bufs.New = func() any { return new(sfnt.Buffer) }
	return f, nil
}

// Advance is the rune's advance width in ems, and whether the font has a
// glyph for it.
func (f *Face) Advance(r rune) (float64, bool) {
	f.mu.RLock()
	a, ok := f.advance[r]
	f.mu.RUnlock()
	if !ok {
		a = f.measure(r)
		f.mu.Lock()
		f.advance[r] = a
		f.mu.Unlock()
	}
	if a < 0 {
		return 0, false
	}
	return a, true
}

func (f *Face) measure(r rune) float64 {
	buf := f.bufs.Get().(*sfnt.Buffer)
	defer f.bufs.Put(buf)
	g, err := f.Font.GlyphIndex(buf, r)
	if err != nil || g == 0 {
		return -1
	}
	// Advances at a ppem equal to units-per-em come back unscaled (in font units).
	adv, err := f.Font.GlyphAdvance(buf, g, fixedOf(f.unitsPerEm), 0)
	if err != nil {
		return -1
	}
	return float64(adv) / 64 / f.unitsPerEm
}

// Has reports whether the font has a glyph for the rune.
func (f *Face) Has(r rune) bool {
	_, ok := f.Advance(r)
	return ok
}
