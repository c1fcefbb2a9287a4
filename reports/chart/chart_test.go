package chart

import (
	"bytes"
	"os"
	"testing"

	"zhengzhi/reports/cjk"
)

func face(t testing.TB) *cjk.Face {
	t.Helper()
	f, err := cjk.Load("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
	if err != nil {
		t.Skipf("default font not installed: %v", err)
	}
	return f
}

var cities = []string{"东川市", "临江市", "青峰市", "白河市", "南山市", "云州市", "石门市", "北岭市", "金沙市", "玉泉市", "西平市", "长宁市"}

func rates(seed float64) []float64 {
	out := make([]float64, len(cities))
	for i := range out {
		out[i] = 60 + float64((i*37+int(seed))%40)
	}
	return out
}

func TestChartsAreDeterministicPNGs(t *testing.T) {
	f := face(t)
	charts := map[string]interface {
		PNG(*cjk.Face) ([]byte, error)
	}{
		"bars": Bars{Title: "隐患整改率与清零率（按市）", Labels: cities,
			Series: []Series{{"整改率", rates(1)}, {"清零率", rates(7)}}, Size: Size{170, 70, 120}},
		"lines": Lines{Title: "整改率走势", Labels: []string{"09-30", "10-31", "11-30"},
			Series: []Series{{"东川市", []float64{50, 70, 90}}, {"临江市", []float64{40, 65, 80}}}, Size: Size{170, 60, 120}},
	}
	for name, c := range charts {
		a, err := c.PNG(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := c.PNG(f)
		if !bytes.Equal(a, b) || !bytes.HasPrefix(a, []byte("\x89PNG")) {
			t.Fatalf("%s: two renders differ or are not PNG", name)
		}
		if dir := os.Getenv("ZZ_CHART_DIR"); dir != "" {
			os.WriteFile(dir+"/"+name+".png", a, 0o644)
		}
	}
}

func TestBarsRejectsMismatchedSeries(t *testing.T) {
	_, err := Bars{Title: "x", Labels: cities, Series: []Series{{"a", []float64{1}}}, Size: Size{100, 50, 96}}.PNG(face(t))
	if err == nil {
		t.Fatal("a series shorter than the labels was accepted")
	}
}

func BenchmarkBars(b *testing.B) {
	f := face(b)
	c := Bars{Title: "各项得分率", Labels: cities, Series: []Series{{"本单位", rates(1)}, {"同级平均", rates(3)}}, Size: Size{170, 65, 120}}
	for i := 0; i < b.N; i++ {
		if _, err := c.PNG(f); err != nil {
			b.Fatal(err)
		}
	}
}
