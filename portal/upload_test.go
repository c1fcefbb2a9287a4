package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestUploadAccess asks for templates and sends uploads as each kind of
// account: a city or county account for its own unit only, the province
// office for any, leadership for none; a refusal is the 404 page and
// stores nothing.
func TestUploadAccess(t *testing.T) {
	s := newSite(t, nil)
	may := map[string][]string{
		"sheng":     {"990100", "990102", "990123"},
		"lingdao":   nil,
		"dongchuan": {"990100"},
		"xingshan":  {"990102"},
	}
	const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	for login, units := range may {
		c := s.client()
		if r := c.login(demo(login)); r.status != http.StatusSeeOther {
			t.Fatalf("log in as %s: %d", login, r.status)
		}
		for _, unit := range []string{"990100", "990102", "990123"} {
			allowed := strings.Contains(strings.Join(units, ","), unit)
			r := c.get("/unit/" + unit + "/template.xlsx")
			if got := r.status == http.StatusOK && r.header.Get("Content-Type") == xlsx; got != allowed {
				t.Errorf("%s template of %s: %d %s, want allowed %v", login, unit, r.status, r.header.Get("Content-Type"), allowed)
			}
			page := c.get("/unit/" + unit)
			if box := strings.Contains(page.body, `id="upload"`); box != allowed && page.status == http.StatusOK {
				t.Errorf("%s on the page of %s: upload box %v, want %v", login, unit, box, allowed)
			}
			if !allowed {
				if r := c.post("/unit/"+unit+"/upload/confirm", url.Values{"token": {"x"}}); r.status != http.StatusNotFound {
					t.Errorf("%s confirming for %s: %d, want 404", login, unit, r.status)
				}
			}
		}
	}
	for _, unit := range []string{"990100", "990102", "990123"} {
		if st, err := s.w.Statements(context.Background(), unit); err != nil || len(st) != 0 {
			t.Errorf("%s has %d statements (%v), want none", unit, len(st), err)
		}
	}
}
