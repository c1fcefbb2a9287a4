package zhengzhi_test

import (
	"testing"

	"zhengzhi"
)

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		mark string
		want string
	}{
		{"abc", 3, "…", "abc"},
		{"abcd", 3, "…", "abc…"},
		{"隐患排查", 4, "…", "隐患排查"}, // 12 bytes, 4 characters: not cut
		{"隐患排查治理", 4, "", "隐患排查"},
		{"", 0, "…", ""},
		{"a\xffbc", 2, "", "a\uFFFD"}, // a broken byte counts as one character
	} {
		if got := zhengzhi.Clip(c.s, c.n, c.mark); got != c.want {
			t.Errorf("Clip(%q, %d, %q) = %q, want %q", c.s, c.n, c.mark, got, c.want)
		}
	}
}
