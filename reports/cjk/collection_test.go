package cjk

import (
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"zhengzhi/internal/needs"
)

// The collections the default font set takes faces from (.ci/deps.sh installs them).
const (
	microHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
	uming    = "/usr/share/fonts/truetype/arphic/uming.ttc"
)

// TestFacesOfACollection takes faces out of Debian's TrueType collections:
// each loads as the face its number names, measures Chinese and Latin, and
// cuts a subset that parses again; a number past the last face is refused.
func TestFacesOfACollection(t *testing.T) {
	for _, c := range []struct{ path, name string }{
		{microHei, "WenQuanYi Micro Hei"},
		{microHei + "#1", "WenQuanYi Micro Hei Mono"},
		{uming, "AR PL UMing CN"},
		{uming + "#2", "AR PL UMing TW"},
	} {
		f, err := Load(c.path)
		if err != nil {
			needs.Missing(t, c.path, err)
		}
		var buf sfnt.Buffer
		if name, err := f.Font.Name(&buf, sfnt.NameIDFull); err != nil || !strings.HasPrefix(name, c.name) {
			t.Errorf("%s: face %q (%v), want %s", c.path, name, err, c.name)
		}
		for _, r := range "一、考核结果（一）2026年A镕" {
			if !f.Has(r) {
				t.Errorf("%s lacks %q", c.path, r)
			}
		}
		sub, err := f.Subset([]rune("关于考核结果的通报2026"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("subset", sub); err != nil {
			t.Errorf("%s: the subset does not parse: %v", c.path, err)
		}
	}
	if _, err := Load(microHei + "#7"); err == nil || !strings.Contains(err.Error(), "没有第 7 号") {
		t.Errorf("face 7 of a two-face collection: %v", err)
	}
	if _, err := Load(regularTTF + "#1"); err == nil || !strings.Contains(err.Error(), "不是字体集合") {
		t.Errorf("a face number on a .ttf: %v", err)
	}
}
