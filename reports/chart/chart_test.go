package chart

import (
	"reflect"
	"slices"
	"testing"

	"zhengzhi/internal/needs"
	"zhengzhi/reports/cjk"
)

func face(t testing.TB) *cjk.Face {
	t.Helper()
	f, err := cjk.Load("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
	if err != nil {
		needs.Missing(t, "the default font", err)
	}
	return f
}

var cities = []string{"东川市", "临江市", "青峰市", "白河市", "南山市", "云州市", "石门市", "北岭市", "金沙市", "玉泉市", "西平市", "长宁市"}

var items = []string{"隐患排查覆盖率", "隐患整改率", "隐患复查销号率", "逾期未整改重大隐患", "拒不整改依法查处",
	"专项监督抽查完成率", "不合格产品追溯率", "不合格企业后处理率", "长期不生产企业跟踪率", "风险信息二次研判率",
	"召开安全隐患分析大会", "隐患清零率", "县级自查自纠覆盖率", "市级督查覆盖率", "信息报送及时率"}

func rates(n int, seed float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 60 + float64((i*37+int(seed))%40)
	}
	return out
}

// charts are one chart of each kind, as the reports draw them.
func charts() map[string]interface {
	Draw(*cjk.Face) (Figure, error)
} {
	return map[string]interface {
		Draw(*cjk.Face) (Figure, error)
	}{
		"bars": Bars{Title: "各市隐患整改率与清零率", Labels: cities,
			Series: []Series{{"整改率", rates(12, 1)}, {"清零率", rates(12, 7)}}, Size: Size{180, 65}},
		"hbars": HBars{Title: "各考核项目得分率：本单位与同级平均", Labels: items,
			Series: []Series{{"临江市", rates(15, 2)}, {"同级平均", rates(15, 5)}}, WidthMM: 180, BandMM: 3.2},
		"lines": Lines{Title: "全省隐患整改率与清零率走势", Labels: []string{"2026-09-30", "2026-10-31", "2026-11-30"},
			Series: []Series{{"整改率", []float64{50, 70, 90}}, {"清零率", []float64{40, 65, 80}}}, Size: Size{180, 55}},
	}
}

func TestChartsAreDeterministicAndStayInsideTheirBox(t *testing.T) {
	f := face(t)
	for name, c := range charts() {
		a, err := c.Draw(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := c.Draw(f)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: two layouts of the same numbers differ", name)
		}
		for _, m := range a.Marks {
			x0, y0, x1, y1 := extent(f, m)
			if x0 < -0.01 || y0 < -0.01 || x1 > a.Width+0.01 || y1 > a.Height+0.01 {
				t.Errorf("%s: %#v spans %.1f,%.1f–%.1f,%.1f outside the %.0f × %.1f mm figure", name, m, x0, y0, x1, y1, a.Width, a.Height)
			}
		}
	}
}

// extent is the box a mark covers; a label's from its measured width and size.
func extent(f *cjk.Face, m Mark) (x0, y0, x1, y1 float64) {
	switch m := m.(type) {
	case Box:
		return m.X, m.Y, m.X + m.W, m.Y + m.H
	case Dot:
		return m.Center.X - m.R, m.Center.Y - m.R, m.Center.X + m.R, m.Center.Y + m.R
	case Stroke:
		x0, y0, x1, y1 = m.Points[0].X, m.Points[0].Y, m.Points[0].X, m.Points[0].Y
		for _, p := range m.Points {
			x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
		}
		return x0 - m.Width/2, y0 - m.Width/2, x1 + m.Width/2, y1 + m.Width/2
	case Label:
		w := f.Width(m.Text, m.Size)
		x0 = m.X - w*float64(m.Align)/2
		return x0, m.Y - 0.88*m.Size*pointMM, x0 + w, m.Y + 0.12*m.Size*pointMM
	}
	return
}

func TestHBarsNameEachRowAndKeepTheLegendAboveThePlot(t *testing.T) {
	f := face(t)
	fig, err := charts()["hbars"].Draw(f)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var plotTop = fig.Height
	for _, m := range fig.Marks {
		switch m := m.(type) {
		case Label:
			texts = append(texts, m.Text)
		case Stroke:
			plotTop = min(plotTop, m.Points[0].Y)
		}
	}
	for _, it := range items {
		if !slices.Contains(texts, it) {
			t.Errorf("no row is labelled %q", it)
		}
	}
	legend := 0
	for _, m := range fig.Marks {
		if b, ok := m.(Box); ok && b.Y+b.H <= plotTop {
			legend++
		}
		if l, ok := m.(Label); ok && (l.Text == "临江市" || l.Text == "同级平均") && l.Y > plotTop {
			t.Errorf("legend entry %q is inside the plot", l.Text)
		}
	}
	if legend != 2 {
		t.Errorf("%d legend swatches above the plot, want 2", legend)
	}
	if want := (HBars{Labels: items}).HeightFor(3.2); fig.Height != want {
		t.Errorf("height %.1f, want %.1f", fig.Height, want)
	}
}

func TestLongLabelsAreCutToTheirSlot(t *testing.T) {
	f := face(t)
	long := []string{"一个名字非常非常非常非常长的设区市", "短市"}
	fig, err := Bars{Title: "整改率", Labels: long, Series: []Series{{"整改率", []float64{50, 150}}}, Size: Size{40, 40}}.Draw(f)
	if err != nil {
		t.Fatal(err)
	}
	cut := false
	for _, m := range fig.Marks {
		if l, ok := m.(Label); ok && []rune(l.Text)[len([]rune(l.Text))-1] == '…' {
			cut = true
		}
		if b, ok := m.(Box); ok && b.Y < headerMM {
			t.Errorf("a value above 100%% runs out of the plot: %#v", b)
		}
	}
	if !cut {
		t.Error("a label too wide for its slot was not cut short")
	}
}

func TestChartsRejectMismatchedSeries(t *testing.T) {
	f := face(t)
	if _, err := (Bars{Title: "x", Labels: cities, Series: []Series{{"a", []float64{1}}}, Size: Size{100, 50}}).Draw(f); err == nil {
		t.Fatal("a series shorter than the labels was accepted")
	}
	if _, err := (Lines{Title: "x", Size: Size{100, 50}}).Draw(f); err == nil {
		t.Fatal("a chart without data was accepted")
	}
}

func BenchmarkHBars(b *testing.B) {
	f := face(b)
	c := charts()["hbars"]
	for b.Loop() {
		if _, err := c.Draw(f); err != nil {
			b.Fatal(err)
		}
	}
}
