package reports

import (
	"testing"
	"time"

	"zhengzhi"
)

func TestProvenanceIsOneLineWithTheYear(t *testing.T) {
	at := time.Date(2026, 11, 29, 20, 3, 0, 0, time.UTC)
	m := Meta{AsOf: zhengzhi.NewDate(2026, 11, 24), Province: zhengzhi.Unit{Code: "990000", Name: "东川省"}}
	m.Pulls = append(m.Pulls, Pull{Unit: "990000", Name: "东川省", Outcome: "ok", LastGood: at.Add(-time.Minute)})
	for _, c := range []string{"990100", "990300", "990400"} {
		m.Pulls = append(m.Pulls, Pull{Unit: c, Name: "某市", Outcome: "ok", LastGood: at})
	}
	if got, want := m.Provenance(), "统计截止：2026年11月24日　数据提取：2026年11月29日 20:03（3个设区市及省本级均已报送）"; got != want {
		t.Errorf("all in:\n got %s\nwant %s", got, want)
	}
	m.Pulls = append(m.Pulls, Pull{Unit: "990200", Name: "临江市", Outcome: "refused", LastGood: at.Add(-36 * time.Hour)},
		Pull{Unit: "990800", Name: "望海市", Outcome: "unreachable"})
	m.Pulls[0].Outcome = "failed"
	want := "统计截止：2026年11月24日　数据提取：2026年11月29日 20:03（省本级入库失败，沿用11月29日 20:02的数据；" +
		"临江市数据被拒收，沿用11月28日 08:03的数据；望海市无法连接；其余3个设区市均已报送）"
	if got := m.Provenance(); got != want {
		t.Errorf("with stale bureaus:\n got %s\nwant %s", got, want)
	}
	none := Meta{AsOf: m.AsOf, Province: m.Province, Pulls: []Pull{{Unit: "990100", Name: "东川市"}}}
	if got, want := none.Provenance(), "统计截止：2026年11月24日　数据提取：尚无成功提取的数据（东川市尚无数据）"; got != want {
		t.Errorf("nothing pulled:\n got %s\nwant %s", got, want)
	}
}
