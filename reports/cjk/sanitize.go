package cjk

import (
	"fmt"
	"strings"
)

// Substitute replaces a character the PDF cannot print.
const Substitute = '□'

// Warning records text that was changed so that it could be printed: the
// original text and which characters were replaced.
type Warning struct {
	Text     string
	Replaced []rune
	Reason   string
}

// String is the warning in words a clerk can act on.
func (w Warning) String() string {
	return fmt.Sprintf("“%s”中的字符 %s %s，已替换为“%c”", w.Text, quoteRunes(w.Replaced), w.Reason, Substitute)
}

func quoteRunes(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%c(U+%04X)", r, r)
	}
	return strings.Join(parts, "、")
}

// Sanitize makes text printable with the face: runes above U+FFFF (which
// crash the PDF library even when the font has them) and runes the font has
// no glyph for become Substitute. It returns the printable text and, when
// anything changed, a warning naming the text.
func (f *Face) Sanitize(text string) (string, *Warning) {
	clean := true
	for _, r := range text {
		if !f.printable(r) {
			clean = false
			break
		}
	}
	if clean {
		return text, nil
	}
	var b strings.Builder
	w := &Warning{Text: text}
	beyond, missing := false, false
	for _, r := range text {
		if f.printable(r) {
			b.WriteRune(r)
			continue
		}
		if r > 0xFFFF {
			beyond = true
		} else {
			missing = true
		}
		w.Replaced = append(w.Replaced, r)
		b.WriteRune(Substitute)
	}
	switch {
	case beyond && missing:
		w.Reason = "超出基本多文种平面或字体中没有该字"
	case beyond:
		w.Reason = "超出基本多文种平面（PDF 库无法输出）"
	default:
		w.Reason = "在字体 " + f.Path + " 中没有字形"
	}
	return b.String(), w
}

func (f *Face) printable(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if r < 0x20 {
		return r == '\n'
	}
	return r == ' ' || f.Has(r)
}
