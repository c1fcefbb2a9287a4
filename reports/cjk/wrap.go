package cjk

import "strings"

// noLineStart are closing punctuation marks that must not begin a line (避头点).
const noLineStart = "，。、；：！？）》」』】〉”’…%％,.;:!?)]}·"

// noLineEnd are opening marks that must not end a line (避尾点).
const noLineEnd = "（《「『【〈“‘([{"

// Wrap breaks text into lines no wider than widthMM at sizePt: between any
// two Chinese characters, at spaces, and never inside a run of Latin letters
// or digits unless the run alone is too wide. A closing mark is kept with the
// character before it, even if the line then runs one character short of its
// neighbour's length. Explicit newlines are kept. An empty text gives no lines.
func (f *Face) Wrap(text string, sizePt, widthMM float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, f.wrapParagraph(para, sizePt, widthMM)...)
	}
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	return lines
}

// wrapParagraph places break opportunities between tokens (a CJK character
// with the punctuation glued to it, a Latin word, a space) and fills lines
// greedily, the way a typesetter does for Chinese body text.
func (f *Face) wrapParagraph(para string, sizePt, widthMM float64) []string {
	limit := widthMM / (sizePt * pointMM) // in ems
	var lines []string
	var line strings.Builder
	lineEms := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineEms = 0
	}
	for _, tok := range tokens(para) {
		if lineEms == 0 {
			tok = strings.TrimLeft(tok, " ") // a break swallows the space
		}
		w := f.ems(tok)
		if tok == "" {
			continue
		}
		if lineEms+w <= limit {
			line.WriteString(tok)
			lineEms += w
			continue
		}
		if lineEms > 0 {
			flush()
			if tok == " " {
				continue
			}
		}
		if w <= limit {
			line.WriteString(tok)
			lineEms = w
			continue
		}
		// A token wider than the line (a long number or code): cut it by
		// rune, carrying the last rune over when a closing mark comes next.
		for _, r := range tok {
			rw := f.runeEms(r)
			if lineEms+rw > limit && lineEms > 0 {
				carry := ""
				if cur := []rune(line.String()); strings.ContainsRune(noLineStart, r) {
					k := len(cur) - 1
					for k > 0 && strings.ContainsRune(noLineStart, cur[k]) {
						k--
					}
					if k > 0 {
						carry = string(cur[k:])
						line.Reset()
						line.WriteString(string(cur[:k]))
					}
				}
				flush()
				line.WriteString(carry)
				lineEms = f.ems(carry)
			}
			line.WriteRune(r)
			lineEms += rw
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return f.noOrphan(lines, limit)
}

// noOrphan keeps a paragraph's last line from holding one character alone
// ("逾期未整/改", "……有限公/司"): the line before gives it its last
// character, when it keeps two of its own and the pair fits.
func (f *Face) noOrphan(lines []string, limit float64) []string {
	n := len(lines)
	if n < 2 {
		return lines
	}
	last, prev := tokens(lines[n-1]), tokens(lines[n-2])
	if len(last) != 1 || !strings.ContainsFunc(last[0], func(r rune) bool { return !isWordRune(r) }) ||
		len(prev) < 3 || strings.Join(prev, "") != lines[n-2] {
		return lines
	}
	moved := prev[len(prev)-1]
	if moved == " " || f.ems(moved+lines[n-1]) > limit {
		return lines
	}
	lines[n-2] = strings.TrimRight(strings.Join(prev[:len(prev)-1], ""), " ")
	lines[n-1] = moved + lines[n-1]
	return lines
}

// tokens splits a paragraph into unbreakable pieces: a space; or opening
// marks, then one CJK character or one Latin word or number, then closing marks.
func tokens(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		if rs[j] == ' ' {
			// A closing mark after a space still may not start a line.
			for j++; j < len(rs) && strings.ContainsRune(noLineStart, rs[j]); j++ {
			}
			out = append(out, string(rs[i:j]))
			i = j
			continue
		}
		for j < len(rs)-1 && strings.ContainsRune(noLineEnd, rs[j]) {
			j++
		}
		if isWordRune(rs[j]) {
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
		} else {
			j++
		}
		for j < len(rs) && strings.ContainsRune(noLineStart, rs[j]) {
			j++
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

// isWordRune is a rune of a Latin word or a number ("94.6%", "XK06-014"),
// which is not split between lines.
func isWordRune(r rune) bool {
	return r < 0x2E80 && r != ' ' && !strings.ContainsRune(noLineEnd, r)
}

func (f *Face) ems(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += f.runeEms(r)
	}
	return w
}
