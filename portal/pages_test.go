package portal_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"zhengzhi/portal"
	"zhengzhi/reports"
)

// TestEveryPathIsScoped walks the pages and the API as each role: what a
// page lists and what the API answers is limited like the files are.
func TestEveryPathIsScoped(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	d := asOf.String()
	type want struct {
		path   string
		status int
		has    []string
		hasNot []string
	}
	for login, checks := range map[string][]want{
		"dongchuan": {
			{"/", 200, []string{"/unit/990100", "/unit/990102"}, []string{"/unit/990200", "全省报告下载"}},
			{"/unit/990102", 200, []string{"考核评分表", "/files/" + d + "/cities/990100/scorecards/", "提升路径", "最少需完成"}, nil},
			{"/unit/990200", 404, []string{"页面不存在"}, nil},
			{"/unit/990202", 404, nil, nil},
			{"/unit/990000", 404, nil, nil},
			{"/quality/990100", 200, []string{"/files/" + d + "/cities/990100/data-quality.xlsx", "<th>所属县</th>"}, []string{"(uscc)"}},
			{"/quality/990200", 404, nil, nil},
			{"/quality/990000", 404, nil, nil},
			// Another city is named and its veto marked (see TestVetoMarkedForEveryReader), not linked.
			{"/rankings", 200, []string{"（市局）", "临江市", "排名列末位，不按总分排序"},
				[]string{"（县局）", "/unit/990200"}},
			{"/province", 404, nil, nil},
			{"/admin", 404, nil, nil},
			{"/audit", 404, nil, nil},
			{"/draws/2026-12.pdf", 404, nil, nil},
		},
		"xingshan": {
			{"/unit/990102", 200, nil, []string{"/unit/990100"}},
			{"/unit/990103", 404, nil, nil},
			{"/unit/990100", 404, nil, nil},
			{"/quality/990102", 200, nil, []string{"data-quality.xlsx", "<th>所属县</th>"}},
			{"/quality/990100", 404, nil, nil},
			{"/rankings", 200, []string{"（县局）"}, []string{"（市局）"}},
		},
		"lingdao": {
			{"/", 200, []string{"年度考核结果通报", "全省报告下载", "/files/" + d + "/province/six-ones.xlsx"}, nil},
			{"/unit/990200", 200, nil, nil},
			{"/province", 404, nil, nil},
			{"/draws/2026-12.json", 404, nil, nil},
		},
		"sheng": {
			{"/province", 200, []string{"随机抽查", "/draws/2026-12.pdf", "东川市"}, []string{"尚未抽取"}},
			{"/rankings", 200, []string{`<span class="tag bad">否决</span>`, "排名列末位，不按总分排序"}, nil},
			{"/quality/990000", 200, nil, nil},
			// A vetoed unit's total says what the veto did to it.
			{"/unit/990200", 200, []string{`<span class="tag bad veto">一票否决，总分按59分封顶`}, nil},
			{"/admin", 404, nil, nil},
		},
	} {
		c := s.loggedIn(login)
		for _, w := range checks {
			r := c.get(w.path)
			if r.status != w.status {
				t.Errorf("%s %s: %d, want %d", login, w.path, r.status, w.status)
				continue
			}
			for _, h := range w.has {
				if !strings.Contains(r.body, h) {
					t.Errorf("%s %s lacks %q", login, w.path, h)
				}
			}
			for _, h := range w.hasNot {
				if strings.Contains(r.body, h) {
					t.Errorf("%s %s shows %q", login, w.path, h)
				}
			}
		}
	}

	// The API answers assess --format json limited to the account's units.
	for login, units := range map[string][]string{"dongchuan": {"990102", "990103"}, "xingshan": {"990102"}, "sheng": {"990102", "990202"}} {
		r := s.loggedIn(login).get("/api/scores?as_of=" + d + "&ruleset=safe-county-2026")
		var got reports.Scores
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &got) != nil || got.RuleSet != "safe-county-2026" || got.AsOf != d {
			t.Fatalf("%s api: %d %s", login, r.status, r.body[:min(200, len(r.body))])
		}
		codes := map[string]bool{}
		for _, u := range got.Units {
			codes[u.Code] = true
			if len(u.Items) == 0 {
				t.Errorf("%s api: %s without items", login, u.Code)
			}
		}
		for _, u := range units {
			if !codes[u] {
				t.Errorf("%s api lacks %s", login, u)
			}
		}
		for code := range codes {
			if login == "dongchuan" && !strings.HasPrefix(code, "9901") || login == "xingshan" && code != "990102" {
				t.Errorf("%s api shows %s", login, code)
			}
		}
	}
	c := s.loggedIn("dongchuan")
	for _, p := range []string{"/api/scores?as_of=" + d + "&ruleset=nonsense", "/api/scores?as_of=2020-01-01&ruleset=safe-city-2026", "/api/scores?ruleset=safe-city-2026"} {
		if r := c.get(p); r.status != http.StatusNotFound {
			t.Errorf("%s: %d", p, r.status)
		}
	}
}

// TestProvinceSeesWhoFetchedWhat counts a city's downloads of its own and
// its counties' files on the province office's page, and not the province's
// own downloads of a city's file.
func TestProvinceSeesWhoFetchedWhat(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	d := asOf.String()
	own, county, other := "", "", ""
	for _, f := range s.manifest.Files {
		switch {
		case own == "" && f.Unit == "990100":
			own = f.Path
		case county == "" && f.Unit == "990102":
			county = f.Path
		case other == "" && f.Unit == "990200":
			other = f.Path
		}
	}
	city := s.loggedIn("dongchuan")
	for _, p := range []string{own, own, county} {
		if r := city.get("/files/" + d + "/" + p); r.status != http.StatusOK {
			t.Fatalf("%s: %d", p, r.status)
		}
	}
	province := s.loggedIn("sheng")
	if r := province.get("/files/" + d + "/" + other); r.status != http.StatusOK {
		t.Fatalf("%s: %d", other, r.status)
	}
	page := province.get("/province")
	if page.status != http.StatusOK {
		t.Fatalf("/province: %d", page.status)
	}
	_, section, ok := strings.Cut(page.body, "报告下载情况")
	if !ok {
		t.Fatal("/province has no 报告下载情况")
	}
	row := func(name string) string {
		i := strings.Index(section, `<td class="head">`+name+" ")
		if i < 0 {
			t.Fatalf("/province has no receipt row for %s", name)
		}
		return section[i : i+strings.Index(section[i:], "</tr>")]
	}
	dongchuan, linjiang, own := row("东川市"), row("临江市"), row("东川省")
	// The province's own row is for reference: grey, never flagged 未下载.
	if strings.Contains(own, "未下载") || !strings.Contains(section, `<tr class="province"><td class="head">东川省 `) {
		t.Errorf("the province's own row is flagged: %s", own)
	}
	// One own file twice and one county file: 1 of its own, 1 of its counties', 3 downloads.
	for _, want := range []string{`本级报告已下载">1/`, `所辖县报告已下载">1/`, `下载次数">3</td>`} {
		if !strings.Contains(dongchuan, want) || strings.Contains(dongchuan, "未下载") {
			t.Errorf("东川市's row lacks %q: %s", want, dongchuan)
		}
	}
	if !strings.Contains(linjiang, "未下载") || !strings.Contains(linjiang, `下载次数">0</td>`) {
		t.Errorf("临江市's row counts the province's download: %s", linjiang)
	}
	if r := city.get("/province"); r.status != http.StatusNotFound {
		t.Errorf("a city reads /province: %d", r.status)
	}
}

// TestVetoMarkedForEveryReader: wherever a ranking lists a vetoed unit — on
// the rankings page and on the home page, as a city, a county, the province
// office and leadership — its row is marked 否决 (pink row and tag), as the
// stored result has it, whether or not the reader may open the unit's page:
// a vetoed unit ranked last below lower totals must say why to every reader.
func TestVetoMarkedForEveryReader(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	// The stored results: which unit is vetoed in which rule set.
	vetoed := map[string]map[string]bool{}
	someVetoed := false
	for _, id := range []string{"safe-city-2026", "safe-county-2026"} {
		_, _, stored := s.storedResult(t, id)
		vetoed[id] = map[string]bool{}
		for _, c := range stored.Assessment.Units {
			vetoed[id][c.Unit.Name] = c.Vetoed
			someVetoed = someVetoed || c.Vetoed
		}
	}
	if !vetoed["safe-city-2026"]["临江市"] || !someVetoed {
		t.Fatal("the fixture has no vetoed city to look for")
	}
	tableRe := regexp.MustCompile(`(?s)<table class="ranks" id="ranks-([^"]+)">(.*?)</table>`)
	rowRe := regexp.MustCompile(`(?s)<tr class="([^"]*)"><td class="num">\d+/\d+</td>\s*<td>(?:<a [^>]*>)?([^<]+)(?:</a>)?(.*?)</td>`)
	for _, page := range []struct{ login, path string }{
		{"dongchuan", "/rankings"}, {"linjiang", "/rankings"}, {"xingshan", "/rankings"},
		{"sheng", "/rankings"}, {"lingdao", "/rankings"}, {"lingdao", "/"}, {"linjiang", "/"},
	} {
		r := s.loggedIn(page.login).get(page.path)
		if r.status != http.StatusOK {
			t.Fatalf("%s %s: %d", page.login, page.path, r.status)
		}
		marked := 0
		for _, tm := range tableRe.FindAllStringSubmatch(r.body, -1) {
			want, scored := vetoed[tm[1]]
			if !scored {
				continue
			}
			for _, row := range rowRe.FindAllStringSubmatch(tm[2], -1) {
				class, name, rest := row[1], strings.TrimSpace(row[2]), row[3]
				pink := strings.Contains(" "+class+" ", " vetoed ")
				tag := strings.Contains(rest, `<span class="tag bad">否决</span>`)
				if pink != want[name] || tag != want[name] {
					t.Errorf("%s %s %s: %s vetoed %v, row marked %v, tagged %v", page.login, page.path, tm[1], name, want[name], pink, tag)
				}
				if want[name] {
					marked++
				}
			}
		}
		if page.path == "/rankings" && marked == 0 {
			t.Errorf("%s %s marks no vetoed unit", page.login, page.path)
		}
	}
}

// TestHeaderNamesTheConfiguredCampaign: every page's header names the
// campaign as the documents do — the configured name, or the default.
func TestHeaderNamesTheConfiguredCampaign(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ configured, want string }{
		{"", reports.DefaultCampaign + " · 考核门户"},
		{"危险化学品安全专项整治", "危险化学品安全专项整治 · 考核门户"},
	} {
		s := newSite(t, func(o *portal.Options) { o.Campaign = c.configured })
		for _, page := range []string{"/", "/rankings"} {
			if r := s.loggedIn("dongchuan").get(page); r.status != 200 || !strings.Contains(r.body, c.want) {
				t.Errorf("campaign %q: %s answers %d without %q", c.configured, page, r.status, c.want)
			}
		}
	}
}
