package progress

import (
	"strings"
	"testing"
)

func TestBarDrawsStepsAndCount(t *testing.T) {
	var out strings.Builder
	b := New(&out, 4, "行")
	b.Start("990100 hazards")
	b.Add(120)
	b.Step()
	b.Step()
	b.Finish()
	s := out.String()
	last := s[strings.LastIndex(s, "\r")+1:]
	if !strings.HasPrefix(last, "[===============               ] 2/4 完成  120 行") || !strings.HasSuffix(s, "\n") {
		t.Fatalf("last line %q", last)
	}
	if !strings.Contains(s, "990100 hazards") {
		t.Fatalf("label missing: %q", s)
	}
}

func TestNilBarIsQuiet(t *testing.T) {
	var b *Bar = New(nil, 3, "行")
	b.Start("x")
	b.Add(1)
	b.Step()
	b.Finish()
}
