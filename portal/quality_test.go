package portal_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestQualityPageInClerksWords: a city's data-quality page names the county
// of every row — from its county column, the county of the enterprise it
// refers to, or its id — shows points in time on the bureau's clock as the
// reasons do, and reasons without column names, table names or YYYY-MM-DD.
func TestQualityPageInClerksWords(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	r := s.loggedIn("dongchuan").get("/quality/990100")
	if r.status != 200 {
		t.Fatalf("/quality/990100: %d", r.status)
	}
	rows := regexp.MustCompile(`(?s)<tr><td class="head">.*?</tr>`).FindAllString(r.body, -1)
	if len(rows) < 20 {
		t.Fatalf("the page lists %d rows, want the demo's set-aside rows", len(rows))
	}
	county := regexp.MustCompile(`data-label="所属县">([^<]*)</td>`)
	// A time reads as the reason writes it: on the bureau's clock.
	updated := regexp.MustCompile(`data-label="字段">更新时间</td><td class="value" data-label="字段值"><code>([^<]*)</code></td><td class="why" data-label="原因">更新时间 ([^<]*?) 晚于`)
	times := 0
	for _, row := range rows {
		if m := updated.FindStringSubmatch(row); m != nil {
			times++
			if m[1] != m[2] {
				t.Errorf("updated_at reads %q, its reason %q", m[1], m[2])
			}
		}
	}
	if times == 0 {
		t.Error("no row set aside for a future updated_at")
	}
	id := regexp.MustCompile(`data-label="记录编号"><code>([^<]*)</code>`)
	counties := map[string]string{}
	for _, row := range rows {
		c, i := county.FindStringSubmatch(row), id.FindStringSubmatch(row)
		if c == nil || i == nil {
			t.Fatalf("a row without 所属县 or 记录编号: %s", row)
		}
		if c[1] == "" {
			t.Errorf("%s: 所属县 is blank", i[1])
		}
		counties[i[1]] = c[1]
	}
	// A hazard names no county itself: its enterprise's county, or its id's, does.
	for rowID, want := range map[string]string{"H-990102-000596": "杏山区", "SC-990102-000758": "杏山区", "SC-990125-000404": "银桥县"} {
		if got, ok := counties[rowID]; ok && got != want {
			t.Errorf("%s: 所属县 %q, want %q", rowID, got, want)
		}
	}
	if m := regexp.MustCompile(`<code>\d{4}-\d\d-\d\dT[^<]*</code>`).FindString(r.body); m != "" {
		t.Errorf("a time is shown as stored: %s", m)
	}
	for _, bad := range []string{"(enterprises)", "YYYY-MM-DD", "(updated_at)", "(found_on)", `&#34;`} {
		if strings.Contains(r.body, bad) {
			t.Errorf("the page shows %q", bad)
		}
	}
}
