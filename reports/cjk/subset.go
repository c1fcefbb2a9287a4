package cjk

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	"golang.org/x/image/font/sfnt"
)

// sfntTables are the raw tables of a TrueType file that subsetting needs,
// located once per process (Face.raw) and shared by every document.
type sfntTables struct {
	tables      map[string][]byte // by tag, slices of Face.Bytes
	loca        []uint32          // glyph offsets into glyf, numGlyphs+1 of them
	numGlyphs   int
	numHMetrics int
}

// Tables copied into a subset as they are; "cmap", "glyf", "loca", "hmtx",
// "head", "hhea", "maxp" and "post" are rebuilt. Layout tables (GSUB, GPOS,
// vertical metrics) are dropped: the PDF library places glyphs one by one.
var keptTables = []string{"OS/2", "cvt ", "fpgm", "gasp", "name", "prep"}

func (f *Face) parseTables() (*sfntTables, error) {
	tables, err := readTables(f.Bytes, 0, "字体文件 "+f.Path)
	if err != nil {
		return nil, err
	}
	t := &sfntTables{tables: tables}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if t.tables[tag] == nil {
			return nil, fmt.Errorf("字体文件 %s 缺少 %s 表，不是 TrueType 轮廓字体", f.Path, tag)
		}
	}
	head, hhea, maxp := t.tables["head"], t.tables["hhea"], t.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("字体文件 %s 的 head/hhea/maxp 表不完整", f.Path)
	}
	t.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	t.numHMetrics = int(binary.BigEndian.Uint16(hhea[34:]))
	if t.numHMetrics == 0 || len(t.tables["hmtx"]) < 4*t.numHMetrics+2*(t.numGlyphs-t.numHMetrics) {
		return nil, fmt.Errorf("字体文件 %s 的 hmtx 表不完整", f.Path)
	}
	loca := t.tables["loca"]
	long := binary.BigEndian.Uint16(head[50:]) == 1
	t.loca = make([]uint32, t.numGlyphs+1)
	for g := range t.loca {
		switch {
		case long && 4*g+4 <= len(loca):
			t.loca[g] = binary.BigEndian.Uint32(loca[4*g:])
		case !long && 2*g+2 <= len(loca):
			t.loca[g] = 2 * uint32(binary.BigEndian.Uint16(loca[2*g:]))
		default:
			return nil, fmt.Errorf("字体文件 %s 的 loca 表不完整", f.Path)
		}
	}
	for g := 0; g < t.numGlyphs; g++ {
		if t.loca[g] > t.loca[g+1] || int(t.loca[g+1]) > len(t.tables["glyf"]) {
			return nil, fmt.Errorf("字体文件 %s 的字形 %d 位置无效", f.Path, g)
		}
	}
	return t, nil
}

// readTables reads the table directory of the font that starts at offset at
// of data (0 for a font file, the face's offset in a collection): each
// table by its tag, a slice of data. name is how errors name the font.
func readTables(data []byte, at int, name string) (map[string][]byte, error) {
	if at+12 > len(data) {
		return nil, fmt.Errorf("%s 不完整", name)
	}
	n := int(binary.BigEndian.Uint16(data[at+4:]))
	tables := map[string][]byte{}
	for i := range n {
		rec := at + 12 + 16*i
		if rec+16 > len(data) {
			return nil, fmt.Errorf("%s 的表目录不完整", name)
		}
		tag := string(data[rec : rec+4])
		off, size := int(binary.BigEndian.Uint32(data[rec+8:])), int(binary.BigEndian.Uint32(data[rec+12:]))
		if off+size > len(data) {
			return nil, fmt.Errorf("%s 的 %s 表超出文件末尾", name, tag)
		}
		tables[tag] = data[off : off+size]
	}
	return tables, nil
}

// glyph is the outline data of one glyph (empty for blank glyphs).
func (t *sfntTables) glyph(g int) []byte {
	return t.tables["glyf"][t.loca[g]:t.loca[g+1]]
}

// metrics is a glyph's advance width and left side bearing, as stored.
func (t *sfntTables) metrics(g int) (advance, lsb []byte) {
	hmtx := t.tables["hmtx"]
	if g < t.numHMetrics {
		return hmtx[4*g : 4*g+2], hmtx[4*g+2 : 4*g+4]
	}
	last := 4 * (t.numHMetrics - 1)
	at := 4*t.numHMetrics + 2*(g-t.numHMetrics)
	return hmtx[last : last+2], hmtx[at : at+2]
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords  = 0x0001
	haveScale     = 0x0008
	moreParts     = 0x0020
	haveXYScale   = 0x0040
	haveTwoByTwo  = 0x0080
	compositeHead = 10 // bytes before the first component
)

// components calls visit with the offset of each component's glyph index
// in a composite glyph's data; simple glyphs have none.
func components(data []byte, visit func(at int)) error {
	if len(data) < compositeHead || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	for at := compositeHead; ; {
		if at+4 > len(data) {
			return fmt.Errorf("复合字形数据不完整")
		}
		flags := binary.BigEndian.Uint16(data[at:])
		visit(at + 2)
		at += 4
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreParts == 0 {
			return nil
		}
	}
}

// Subset builds a TrueType font holding only the glyphs of the given runes
// (those the font has), the glyphs they are composed of, and .notdef: a few
// kilobytes instead of megabytes, so the PDF library parses and cuts it in
// no time. The font's tables are read once per process; the same runes
// always give the same bytes. Glyphs are numbered in rune order after
// .notdef, components after them.
func (f *Face) Subset(runes []rune) ([]byte, error) {
	f.rawOnce.Do(func() { f.raw, f.rawErr = f.parseTables() })
	if f.rawErr != nil {
		return nil, f.rawErr
	}
	t := f.raw
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)

	// Old glyph index of each new glyph, and the reverse.
	olds := []int{0}
	newOf := map[int]int{0: 0}
	add := func(old int) {
		if _, ok := newOf[old]; !ok {
			newOf[old] = len(olds)
			olds = append(olds, old)
		}
	}
	type mapping struct {
		r   rune
		gid int
	}
	var cmap []mapping
	buf := f.bufs.Get().(*sfnt.Buffer)
	for _, r := range runes {
		if r <= 0 || r >= 0xFFFF {
			continue
		}
		g, err := f.Font.GlyphIndex(buf, r)
		if err != nil || g == 0 || int(g) >= t.numGlyphs {
			continue
		}
		add(int(g))
		cmap = append(cmap, mapping{r, newOf[int(g)]})
	}
	f.bufs.Put(buf)
	// Components of composite glyphs, and their components in turn.
	for i := 0; i < len(olds); i++ {
		if err := components(t.glyph(olds[i]), func(at int) {
			c := int(binary.BigEndian.Uint16(t.glyph(olds[i])[at:]))
			if c < t.numGlyphs {
				add(c)
			}
		}); err != nil {
			return nil, fmt.Errorf("字体文件 %s 的字形 %d: %w", f.Path, olds[i], err)
		}
	}

	var glyf, loca, hmtx []byte
	for _, old := range olds {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		data := slices.Clone(t.glyph(old))
		// The first pass above read every one of these glyphs' components
		// without an error, so this one cannot fail.
		_ = components(data, func(at int) {
			c := int(binary.BigEndian.Uint16(data[at:]))
			binary.BigEndian.PutUint16(data[at:], uint16(newOf[c]))
		})
		glyf = append(glyf, data...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv, lsb := t.metrics(old)
		hmtx = append(append(hmtx, adv...), lsb...)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	out := map[string][]byte{"glyf": glyf, "loca": loca, "hmtx": hmtx}
	for _, tag := range keptTables {
		if data := t.tables[tag]; data != nil {
			out[tag] = data
		}
	}
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set last
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	out["head"] = head
	hhea := slices.Clone(t.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(olds)))
	out["hhea"] = hhea
	maxp := slices.Clone(t.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(olds)))
	out["maxp"] = maxp
	out["post"] = postV3(t.tables["post"])

	// cmap: one format 4 subtable (Windows, Unicode BMP), a segment per run
	// of consecutive runes with consecutive glyphs.
	type segment struct{ start, end, delta int }
	var segs []segment
	for _, m := range cmap {
		if n := len(segs); n > 0 && int(m.r) == segs[n-1].end+1 && m.gid-int(m.r) == segs[n-1].delta {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{int(m.r), int(m.r), m.gid - int(m.r)})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})
	out["cmap"] = cmapFormat4(len(segs), func(i int) (start, end, delta int) {
		return segs[i].start, segs[i].end, segs[i].delta
	})
	return assemble(out), nil
}

// postV3 is a post table of version 3.0: the original's italic angle,
// underline and pitch, no glyph names.
func postV3(post []byte) []byte {
	out := make([]byte, 32)
	copy(out, post)
	binary.BigEndian.PutUint32(out, 0x00030000)
	return out
}

// cmapFormat4 builds a cmap table with one format 4 subtable for platform
// 3 encoding 1 from n segments (the last must end at 0xFFFF).
func cmapFormat4(n int, seg func(i int) (start, end, delta int)) []byte {
	searchRange, selector := 2, 0
	for searchRange*2 <= 2*n {
		searchRange *= 2
		selector++
	}
	u16 := binary.BigEndian.AppendUint16
	var sub []byte
	sub = u16(sub, 4)
	sub = u16(sub, uint16(16+8*n))
	sub = u16(sub, 0)
	sub = u16(sub, uint16(2*n))
	sub = u16(sub, uint16(searchRange))
	sub = u16(sub, uint16(selector))
	sub = u16(sub, uint16(2*n-searchRange))
	for i := range n {
		_, end, _ := seg(i)
		sub = u16(sub, uint16(end))
	}
	sub = u16(sub, 0)
	for i := range n {
		start, _, _ := seg(i)
		sub = u16(sub, uint16(start))
	}
	for i := range n {
		_, _, delta := seg(i)
		sub = u16(sub, uint16(delta)) // modulo 65536
	}
	for range n {
		sub = u16(sub, 0) // idRangeOffset: glyphs by delta only
	}
	table := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(table, sub...)
}

// assemble writes an sfnt file from its tables: the directory sorted by
// tag, each table 4-byte aligned with its checksum, and head's
// checkSumAdjustment set over the whole file.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	n := len(tags)
	pow, log := 1, 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	var out []byte
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*pow))
	out = binary.BigEndian.AppendUint16(out, uint16(log))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16*pow))
	offset := 12 + 16*n
	headAt := 0
	for _, tag := range tags {
		data := tables[tag]
		if tag == "head" {
			headAt = offset
		}
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(data))
		out = binary.BigEndian.AppendUint32(out, uint32(offset))
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		offset += (len(data) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sfnt checksum: the sum of big-endian uint32 words, the
// last one zero-padded.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
