package zhengzhi

import "unicode/utf8"

// Clip is s cut to its first n characters with mark (say "…") after them; a
// text of at most n characters is returned as it is, without the mark.
func Clip(s string, n int, mark string) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + mark
}
