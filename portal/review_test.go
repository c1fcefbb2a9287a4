package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/internal/dbtest"
	"zhengzhi/portal"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// withAppeals tunes a site to have the appeals pages, over its own
// warehouse, registry, rule sets, audit log and clock; svc is set to the
// service the portal uses.
func withAppeals(t testing.TB, svc **appeal.Service) func(*portal.Options) {
	return func(opt *portal.Options) {
		cal, err := templates.Calendar("")
		if err != nil {
			t.Fatal(err)
		}
		*svc = &appeal.Service{W: opt.Warehouse, Registry: opt.Registry, Calendar: cal, RuleSets: opt.RuleSets,
			Access: account.NewAccess(opt.Registry), Audit: opt.Audit, Loc: opt.Location, Now: opt.Now}
		opt.Appeals = *svc
	}
}

// copyResults stores the demo's results of the city rule sets (both
// periods, in the order they were scored) in another warehouse, so a site
// on any engine shows the demo's unit pages.
func copyResults(t *testing.T, b *built, dsn string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(b.root, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "warehouse.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	from, err := warehouse.Open(ctx, "sqlite:"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	to, err := warehouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer to.Close()
	for _, rs := range b.ruleSets {
		if rs.Level != zhengzhi.LevelCity {
			continue
		}
		h, err := from.AssessmentHistory(ctx, rs.ID, asOf.AddDays(1))
		if err != nil || len(h) != 2 {
			t.Fatalf("the demo's results of %s: %d, %v", rs.ID, len(h), err)
		}
		for _, s := range h {
			if _, err := to.SaveAssessment(ctx, s.Assessment, s.RegistryHash, s.Values, s.Pulls); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestUnitPageSaysWhereTheResultStands follows a period through its states
// on every engine, with the portal's caches in place: while open the unit
// and home pages say neither 公示稿 nor 最终结果; once publicized both say
// 公示稿 (a state change that stores no new result, so the cached unit page
// must not be the one shown before); an appeal filed and then ruled shows in
// the unit's 复核情况; once finalized both say 最终结果 and no longer 公示稿.
// Each step is a second apart on the portal's clock, as long as the portal
// may keep what it read.
func TestUnitPageSaysWhereTheResultStands(t *testing.T) {
	t.Parallel()
	b := fixture(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		copyResults(t, b, dsn)
		var svc *appeal.Service
		s := startSite(t, b, dsn, withAppeals(t, &svc))
		s.clock.mu.Lock()
		s.clock.now = time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // Monday, 10:00 in 东川
		s.clock.mu.Unlock()
		ctx := t.Context()
		c := s.loggedIn("dongchuan")
		pages := func(step string) (unit, home string) {
			t.Helper()
			s.clock.Advance(time.Second)
			u, h := c.get("/unit/990100"), c.get("/")
			if u.status != 200 || h.status != 200 {
				t.Fatalf("%s: unit page %d, home %d", step, u.status, h.status)
			}
			return u.body, h.body
		}
		says := func(step, page, body string, has, hasNot []string) {
			t.Helper()
			for _, w := range has {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the %s page lacks %q", step, page, w)
				}
			}
			for _, w := range hasNot {
				if strings.Contains(body, w) {
					t.Errorf("%s: the %s page shows %q", step, page, w)
				}
			}
		}
		const provisional, final = `<span class="tag state provisional">公示稿</span>`, `<span class="tag state">最终结果</span>`

		unit, home := pages("open")
		says("open", "unit", unit, []string{"目标责任制考核"}, []string{"公示稿", "最终结果", "复核情况"})
		says("open", "home", home, []string{"目标责任制考核"}, []string{"公示稿", "最终结果"})

		rs, d, stored := s.storedResult(t, "target-responsibility-city-2026")
		office := appeal.Actor{Login: "sheng", Client: "测试"}
		if _, err := svc.Publicize(ctx, rs, d, stored.ID, appeal.Window{Until: svc.Today()}, office); err != nil {
			t.Fatal(err)
		}
		unit, home = pages("publicized")
		says("publicized", "unit", unit, []string{provisional, "公示期至 2026年12月7日", `<a href="/appeals">申诉与复核</a>`}, []string{"最终结果"})
		says("publicized", "home", home, []string{provisional, "公示期至 2026年12月7日"}, []string{"最终结果"})

		filed, err := svc.File(ctx, appeal.Filing{RuleSet: rs.ID, AsOf: asOf, Unit: "990100", Item: "A8",
			Claim: "另有3家不合格企业已完成后处理，台账未及时录入"}, appeal.Actor{Login: "dongchuan", Client: "测试"})
		if err != nil {
			t.Fatal(err)
		}
		unit, _ = pages("filed")
		says("filed", "unit", unit, []string{"复核情况", "台账未及时录入", "待复核"}, []string{"不予采纳"})

		s.clock.Advance(24 * time.Hour) // the window has closed: 复核
		c = s.loggedIn("dongchuan")     // a day idle ends a session
		if _, err := svc.Rule(ctx, filed.ID, appeal.Ruling{Reason: "台账未见后处理记录"}, office); err != nil {
			t.Fatal(err)
		}
		unit, home = pages("ruled")
		says("ruled", "unit", unit, []string{provisional, "不予采纳", "台账未见后处理记录"}, []string{"待复核", "最终结果"})
		says("ruled", "home", home, []string{provisional}, []string{"最终结果"})

		if _, err := svc.Finalize(ctx, rs.ID, d, office); err != nil {
			t.Fatal(err)
		}
		unit, home = pages("finalized")
		says("finalized", "unit", unit, []string{final, "不予采纳"}, []string{"公示稿"})
		says("finalized", "home", home, []string{final}, []string{"公示稿"})
	})
}
