package reports

import (
	"testing"
	"time"
)

func TestPullsLineCountsTheCommonMinuteAndNamesTheRest(t *testing.T) {
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	var m Meta
	for _, name := range []string{"东川省", "东川市", "云岭市", "白石市"} {
		m.Pulls = append(m.Pulls, Pull{Name: name, Outcome: "ok", LastGood: at})
	}
	if got, want := m.PullsLine(), "数据截至：全部4个单位 11-24 08:00"; got != want {
		t.Errorf("all at once:\n got %s\nwant %s", got, want)
	}
	m.Pulls = append(m.Pulls, Pull{Name: "临江市", Outcome: "refused", LastGood: at.Add(-24 * time.Hour)},
		Pull{Name: "望海市", Outcome: "unreachable"})
	want := "数据截至：临江市 11-23 08:00，其余4个单位 11-24 08:00；临江市数据被拒收，沿用11-23 08:00数据；望海市无法连接"
	if got := m.PullsLine(); got != want {
		t.Errorf("with stale bureaus:\n got %s\nwant %s", got, want)
	}
}
