package cjk

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestSubsetKeepsTheGlyphsAndAdvancesOfItsRunes(t *testing.T) {
	f := face(t)
	runes := []rune("考核评分表：临江市（990200）得分率 100% …□")
	sub, err := f.Subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > 64<<10 {
		t.Fatalf("subset of %d runes is %d bytes", len(runes), len(sub))
	}
	reversed := slices.Clone(runes)
	slices.Reverse(reversed)
	again, _ := f.Subset(append(reversed, runes[0]))
	if !bytes.Equal(sub, again) {
		t.Fatal("the same runes in another order gave another subset")
	}
	got, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if got.NumGlyphs() >= len(runes)+4 {
		t.Fatalf("subset has %d glyphs for %d runes", got.NumGlyphs(), len(runes))
	}
	var a, b sfnt.Buffer
	ppem := fixed.Int26_6(f.unitsPerEm * 64)
	for _, r := range runes {
		og, _ := f.Font.GlyphIndex(&a, r)
		ng, err := got.GlyphIndex(&b, r)
		if err != nil || ng == 0 {
			t.Fatalf("%q has no glyph in the subset (%v)", r, err)
		}
		oa, _ := f.Font.GlyphAdvance(&a, og, ppem, 0)
		na, _ := got.GlyphAdvance(&b, ng, ppem, 0)
		if oa != na {
			t.Errorf("%q advances %v in the subset, %v in the font", r, na, oa)
		}
		os, err1 := f.Font.LoadGlyph(&a, og, ppem, nil)
		ns, err2 := got.LoadGlyph(&b, ng, ppem, nil)
		if err1 != nil || err2 != nil || !slices.Equal(os, ns) {
			t.Errorf("%q outline differs in the subset (%v, %v)", r, err1, err2)
		}
	}
	if g, _ := got.GlyphIndex(&b, '堃'); g != 0 {
		t.Error("a rune not asked for is in the subset")
	}
}

func BenchmarkSubset(b *testing.B) {
	f := face(b)
	runes := []rune("2026年度重点产品风险隐患专项整治目标责任制考核（市局）考核评分表被考核单位临江市数据截至隐患排查覆盖率整改率复查销号逾期未整改重大拒不整改依法查处专项监督抽查完成率不合格产品追溯企业后处理长期不生产跟踪风险信息二次研判召开安全分析大会清零县级自查市级督查报送及时按得满分线性计扣低于百个点为止0123456789.%/（）：，。")
	for b.Loop() {
		if _, err := f.Subset(runes); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadTablesAtAnOffset reads a font's table directory where the font
// starts (0 for a file, later in a collection), and names the font when
// the directory or a table runs past the data.
func TestReadTablesAtAnOffset(t *testing.T) {
	f := face(t)
	at0, err := readTables(f.Bytes, 0, "字体文件 a.ttf")
	if err != nil {
		t.Fatal(err)
	}
	// The same font behind 100 bytes of padding: offsets in its directory
	// are from the start of the data, so they are moved along.
	shifted := append(make([]byte, 100), f.Bytes...)
	for i := range int(binary.BigEndian.Uint16(f.Bytes[4:])) {
		rec := 100 + 12 + 16*i
		binary.BigEndian.PutUint32(shifted[rec+8:], binary.BigEndian.Uint32(shifted[rec+8:])+100)
	}
	at100, err := readTables(shifted, 100, "字体集合 b.ttc 的第 1 号字体")
	if err != nil {
		t.Fatal(err)
	}
	if len(at0) != len(at100) {
		t.Fatalf("%d tables at 0, %d at 100", len(at0), len(at100))
	}
	for tag, b := range at0 {
		if !bytes.Equal(b, at100[tag]) {
			t.Errorf("table %q differs when read at an offset", tag)
		}
	}
	if _, err := readTables(f.Bytes[:20], 0, "字体文件 a.ttf"); err == nil || !strings.Contains(err.Error(), "字体文件 a.ttf 的表目录不完整") {
		t.Errorf("truncated directory: %v", err)
	}
	if _, err := readTables(shifted[:110], 100, "字体集合 b.ttc 的第 1 号字体"); err == nil || !strings.Contains(err.Error(), "字体集合 b.ttc 的第 1 号字体 不完整") {
		t.Errorf("truncated font: %v", err)
	}
}
