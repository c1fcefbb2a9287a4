package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/appeal"
	"zhengzhi/warehouse"
)

// TestAppealsOfAYesNoItem files an appeal on a yes/no item (是/否) from the
// page as a form would post it: the filing form marks the item so the 是/否
// choice shows for it, the 否 chosen is the value stored (the typed field
// left empty), and the office's page lists it by the unit's and the item's
// names (no login, no item code), its frozen value 是 with its score beside
// the claim 否, and offers 是/否 to rule with.
func TestAppealsOfAYesNoItem(t *testing.T) {
	var svc *appeal.Service
	s := newSite(t, withAppeals(t, &svc))
	s.clock.mu.Lock()
	s.clock.now = time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // Monday, 10:00 in 东川
	s.clock.mu.Unlock()
	rs, d, stored := s.storedResult(t, "target-responsibility-county-2026")
	if _, err := svc.Publicize(t.Context(), rs, d, stored.ID, appeal.Window{Days: 5}, appeal.Actor{Login: "ops", Client: "命令行"}); err != nil {
		t.Fatal(err)
	}
	var item zhengzhi.Item
	for _, it := range rs.Items {
		if kind, _ := rs.ItemKind(it.ID); kind == zhengzhi.Flag && item.ID == "" {
			item = it
		}
	}
	if item.ID == "" {
		t.Fatal("the county rule set has no yes/no item")
	}

	clerk := s.loggedIn("xingshan")
	if page := clerk.get("/appeals"); !strings.Contains(page.body, `<option value="`+item.ID+`" data-kind="flag">`) ||
		!strings.Contains(page.body, `<select name="flag">`) {
		t.Fatalf("the filing form offers no 是/否 for %s %s:\n%s", item.ID, item.Title, page.body)
	}
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	for k, v := range map[string]string{"ruleset": rs.ID, "as_of": d.String(), "unit": "990102", "item": item.ID,
		"claim": "大会已于11月召开，会议纪要见附件", "value": "", "flag": "否"} {
		form.WriteField(k, v)
	}
	form.Close()
	req, err := http.NewRequest(http.MethodPost, s.server.URL+"/appeals", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := clerk.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.settle()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("filing: %d", resp.StatusCode)
	}
	appeals, err := svc.List(t.Context(), warehouse.AppealFilter{})
	if err != nil || len(appeals) != 1 || appeals[0].Value == nil || *appeals[0].Value != (zhengzhi.Value{Numerator: 0}) {
		t.Fatalf("the appeal stored: %+v, %v", appeals, err)
	}

	desk := s.loggedIn("sheng").get("/appeals").body
	for _, want := range []string{"杏山区提交于", " · " + item.Title + " <span", "原值 是，得分 ", "主张值 <strong>否</strong>",
		`<select name="value"><option value="">按主张值</option><option value="是">是</option><option value="否">否</option></select>`} {
		if !strings.Contains(desk, want) {
			t.Errorf("the office's page lacks %q", want)
		}
	}
	if strings.Contains(desk, "xingshan") || strings.Contains(desk, item.ID+" "+item.Title) {
		t.Errorf("the office's page shows a login or an item code:\n%s", desk)
	}
}
