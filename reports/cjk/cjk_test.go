package cjk

import (
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zhengzhi/internal/needs"
)

const regularTTF = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

func face(t testing.TB) *Face {
	t.Helper()
	f, err := Load(regularTTF)
	if err != nil {
		needs.Missing(t, "the default font", err)
	}
	return f
}

func TestLoadParsesOncePerProcess(t *testing.T) {
	a, b := face(t), face(t)
	if a != b {
		t.Fatal("Load parsed the same file twice")
	}
}

func TestLoadNamesTheFileOnBadFonts(t *testing.T) {
	dir := t.TempDir()
	ttc := filepath.Join(dir, "noto.ttc")
	otf := filepath.Join(dir, "cff.otf")
	os.WriteFile(ttc, []byte("ttcf\x00\x01\x00\x00"), 0o644)
	os.WriteFile(otf, []byte("OTTO\x00\x01\x00\x00"), 0o644)
	for _, c := range []struct{ path, want string }{
		{ttc, ".ttc"},
		{otf, "CFF"},
		{filepath.Join(dir, "missing.ttf"), "无法读取"},
	} {
		_, err := Load(c.path)
		if err == nil || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s) = %v, want an error naming the file and %q", c.path, err, c.want)
		}
	}
}

func TestWidthOfChineseIsOneEmPerCharacter(t *testing.T) {
	f := face(t)
	got := f.Width("考核评分表", 10)
	want := 5 * 10 * pointMM
	if got < want*0.95 || got > want*1.05 {
		t.Fatalf("width of five CJK characters at 10 pt = %.2f mm, want about %.2f", got, want)
	}
	if f.Width("1", 10) >= f.Width("考", 10) {
		t.Fatal("a digit should be narrower than a CJK character")
	}
}

func TestWrapNeverExceedsTheWidth(t *testing.T) {
	f := face(t)
	pieces := []string{"整改率", "94.6%", "，", "低于100%共5.4个百分点", "。", "扣2.70分", "（", "含重大隐患", "）", " ", "XK06-014-00123", "；", "《方案》", "、", "不合格企业后处理"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for k := rng.Intn(40); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := b.String()
		width := 15 + rng.Float64()*80
		lines := f.Wrap(text, 9, width)
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("wrapping lost text:\n%q\n%q", text, lines)
		}
		for i, l := range lines {
			if w := f.Width(l, 9); w > width+1e-9 {
				t.Fatalf("line %q is %.2f mm wide, column %.2f mm", l, w, width)
			}
			if r := []rune(l); i > 0 && len(r) > 0 && strings.ContainsRune("，。、；：）》", r[0]) {
				t.Fatalf("line %q starts with closing punctuation: %q -> %q", l, text, lines)
			}
		}
	}
}

func TestWrapKeepsNumbersWhole(t *testing.T) {
	f := face(t)
	lines := f.Wrap("已整改123/130，94.6%", 10, f.Width("已整改123/130，9", 10))
	if len(lines) != 2 || lines[1] != "94.6%" {
		t.Fatalf("got %q, want the percentage kept whole on the second line", lines)
	}
}

func TestSanitizeReplacesRunesBeyondTheBasicPlane(t *testing.T) {
	f := face(t)
	got, w := f.Sanitize("𠀾山县")
	if got != "□山县" {
		t.Fatalf("Sanitize = %q", got)
	}
	if w == nil || !strings.Contains(w.String(), "𠀾山县") || !strings.Contains(w.String(), "U+2003E") {
		t.Fatalf("warning %v should name the text and the character", w)
	}
	if _, w := f.Sanitize("东川市青石区"); w != nil {
		t.Fatalf("plain text warned: %v", w)
	}
}

func BenchmarkWidth(b *testing.B) {
	f := face(b)
	text := "整改率94.6%，低于100%共5.4个百分点，扣2.70分"
	for i := 0; i < b.N; i++ {
		f.Width(text, 9)
	}
}

func BenchmarkWrap(b *testing.B) {
	f := face(b)
	text := strings.Repeat("整改率94.6%，低于100%共5.4个百分点，扣2.70分；", 4)
	for i := 0; i < b.N; i++ {
		f.Wrap(text, 9, 50)
	}
}

func TestSanitizeReplacesRunesTheFontLacks(t *testing.T) {
	f := face(t)
	if f.Has('㐀') {
		t.Skip("this font has U+3400")
	}
	got, w := f.Sanitize("㐀溪镇")
	if got != "□溪镇" || w == nil || !strings.Contains(w.String(), regularTTF) {
		t.Fatalf("Sanitize = %q, %v; want a substitute and a warning naming the font", got, w)
	}
}

// TestWrapLeavesNoCharacterAlone: a last line of one character takes the
// last character of the line before ("逾期未/整改", not "逾期未整/改").
func TestWrapLeavesNoCharacterAlone(t *testing.T) {
	f := face(t)
	for _, c := range []struct {
		text string
		ems  float64
		want []string
	}{
		{"逾期未整改", 4.2, []string{"逾期未", "整改"}},
		{"东川长田电工材料有限公司", 11.2, []string{"东川长田电工材料有限", "公司"}},
		{"逾期天数", 2.2, []string{"逾期", "天数"}},
		{"整改", 1.2, []string{"整", "改"}}, // the line before would keep nothing
	} {
		got := f.Wrap(c.text, 10, c.ems*10*pointMM)
		if strings.Join(got, "/") != strings.Join(c.want, "/") {
			t.Errorf("Wrap(%s, %.1f em) = %q, want %q", c.text, c.ems, got, c.want)
		}
	}
}

// TestFitShrinksThenCuts sets a text on one line: at its size when it fits,
// smaller by half points when that is enough, cut with an ellipsis at the
// smallest size otherwise — never wider than the room.
func TestFitShrinksThenCuts(t *testing.T) {
	f := face(t)
	text := "考核评分表 · 临江市 · 2026年度目标责任考核"
	w := f.Width(text, 10)
	if got, size := f.Fit(text, 10, 6, w); got != text || size != 10 {
		t.Errorf("fitting text: %q at %v pt", got, size)
	}
	if got, size := f.Fit(text, 10, 6, w*0.92); got != text || size != 9 {
		t.Errorf("8%% too wide: %q at %v pt, want the whole text at 9 pt", got, size)
	}
	got, size := f.Fit(text, 10, 6, w*0.5)
	if size != 6 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(text, strings.TrimSuffix(got, "…")) || f.Width(got, 6) > w*0.5 {
		t.Errorf("twice too wide: %q at %v pt, want a cut text at 6 pt within %.1f mm", got, size, w*0.5)
	}
}

// TestHeaderLinesPutTheUnitOnALineOfItsOwn: a header breaks before the
// bracketed unit at its end, and nowhere else.
func TestHeaderLinesPutTheUnitOnALineOfItsOwn(t *testing.T) {
	for title, want := range map[string][]string{
		"逾期未整改（处）":    {"逾期未整改", "（处）"},
		"抽中的县（市、区）":   {"抽中的县", "（市、区）"},
		"其中（重大）隐患（处）": {"其中（重大）隐患", "（处）"},
		"整改率":         {"整改率"},
		"（处）":         {"（处）"},
		"合计（满分）得分":    {"合计（满分）得分"},
	} {
		if got := HeaderLines(title); !slices.Equal(got, want) {
			t.Errorf("HeaderLines(%q) = %q, want %q", title, got, want)
		}
	}
}
