package draw_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/draw"
	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

func TestChooseFollowsTheRule(t *testing.T) {
	reg := demotest.Registry(t)
	picks := draw.Choose(reg, "2026-12", "公开种子-1", nil)
	if len(picks) != len(reg.Cities) {
		t.Fatalf("%d picks for %d cities", len(picks), len(reg.Cities))
	}
	for i, p := range picks {
		city := reg.Cities[i]
		if p.City != city.Code {
			t.Fatalf("pick %d is city %s, want registry order %s", i, p.City, city.Code)
		}
		current := 0
		for _, c := range city.Counties {
			if !c.Abolished {
				current++
			}
		}
		if len(p.Counties) != draw.CountFor(current) {
			t.Errorf("city %s (%d current counties) got %v", p.City, current, p.Counties)
		}
		for _, c := range p.Counties {
			u, ok := reg.Unit(c)
			if !ok || u.Parent != city.Code || u.Abolished {
				t.Errorf("city %s drew %s, not one of its current counties", p.City, c)
			}
		}
	}
	// 990500 has 8 counties of which 990527 is abolished: 7 current, one visit.
	if got := picks[4]; got.City != "990500" || len(got.Counties) != 1 {
		t.Fatalf("990500 got %v", got.Counties)
	}
	if got := picks[0]; len(got.Counties) != 2 {
		t.Fatalf("990100 (10 counties) got %v", got.Counties)
	}

	again := draw.Choose(reg, "2026-12", "公开种子-1", nil)
	if !slices.EqualFunc(picks, again, func(a, b draw.Pick) bool { return slices.Equal(a.Counties, b.Counties) }) {
		t.Fatal("the same seed drew different counties")
	}
	other := draw.Choose(reg, "2026-12", "公开种子-2", nil)
	if slices.EqualFunc(picks, other, func(a, b draw.Pick) bool { return slices.Equal(a.Counties, b.Counties) }) {
		t.Fatal("another seed drew the same counties in all 12 cities")
	}
}

func TestChooseAvoidsLastMonthsCounties(t *testing.T) {
	reg := demotest.Registry(t)
	for _, seed := range []string{"a", "b", "c", "d", "e", "f"} {
		dec := draw.Choose(reg, "2026-12", seed, nil)
		previous := map[string][]string{}
		for _, p := range dec {
			previous[p.City] = p.Counties
		}
		// Over 12 cities and 6 seeds, a draw without the rule would repeat somewhere.
		jan := draw.Choose(reg, "2027-01", seed, previous)
		for i, p := range jan {
			for _, c := range p.Counties {
				if slices.Contains(previous[p.City], c) {
					t.Errorf("seed %s: city %s drew %s again", seed, p.City, c)
				}
			}
			if len(p.Counties) != len(dec[i].Counties) {
				t.Errorf("seed %s: city %s drew %d counties, then %d", seed, p.City, len(dec[i].Counties), len(p.Counties))
			}
		}
	}

	// A city with one county draws it every month: there is no other.
	text := []byte("province: {code: \"990000\", name: 东川省}\ncities:\n  - {code: \"990100\", name: 东川市, counties: [{code: \"990102\", name: 杏山区}]}\n")
	one, err := zhengzhi.ParseRegistry(text)
	if err != nil {
		t.Fatal(err)
	}
	got := draw.Choose(one, "2027-01", "x", map[string][]string{"990100": {"990102"}})
	if len(got) != 1 || !slices.Equal(got[0].Counties, []string{"990102"}) {
		t.Fatalf("single-county city: %+v", got)
	}
}

func TestResultJSONShape(t *testing.T) {
	res := draw.Result{Month: "2026-12", Seed: "s", Picks: []draw.Pick{{City: "990100", Counties: []string{"990102"}}, {City: "990200", Counties: []string{}}}}
	text, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"month":"2026-12","seed":"s","picks":[{"city":"990100","counties":["990102"]},{"city":"990200","counties":[]}]}`
	if string(text) != want {
		t.Fatalf("JSON\n got %s\nwant %s", text, want)
	}
}

func TestRunIsReproducibleAndStored(t *testing.T) {
	ctx := context.Background()
	reg := demotest.Registry(t)
	w, err := warehouse.Open(ctx, dbtest.New(t, sqldb.SQLite))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	now := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)

	nov, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-11"}, now)
	if err != nil || !drawn {
		t.Fatalf("November: drawn=%v, %v", drawn, err)
	}
	if nov.Seed != draw.DefaultSeed(reg, "2026-11") || !strings.HasPrefix(nov.Seed, "2026-11-") {
		t.Fatalf("default seed %q", nov.Seed)
	}
	dec, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: "市局监督抽查 2026-12"}, now)
	if err != nil || !drawn {
		t.Fatalf("December: drawn=%v, %v", drawn, err)
	}
	for i, p := range dec.Picks {
		for _, c := range p.Counties {
			if slices.Contains(nov.Picks[i].Counties, c) {
				t.Errorf("city %s drew %s in November and December", p.City, c)
			}
		}
	}

	// Again with the same seed, or none: the stored draw, nothing written.
	for _, seed := range []string{"市局监督抽查 2026-12", ""} {
		again, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: seed}, now.Add(time.Hour))
		if err != nil || drawn {
			t.Fatalf("re-run with seed %q: drawn=%v, %v", seed, drawn, err)
		}
		if again.Seed != dec.Seed || !slices.EqualFunc(again.Picks, dec.Picks, func(a, b draw.Pick) bool { return slices.Equal(a.Counties, b.Counties) }) {
			t.Fatalf("re-run gave %+v", again)
		}
	}
	stored, _ := w.DrawOf(ctx, "2026-12")
	if again, _, _ := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12"}, now.Add(time.Hour)); !again.DrawnAt.Equal(now) {
		t.Fatalf("re-run reports drawn at %v, want the first draw's %v", again.DrawnAt, now)
	}
	if !stored.DrawnAt.Equal(now) {
		t.Fatalf("a re-run rewrote the draw (drawn at %v)", stored.DrawnAt)
	}

	// Another seed is refused, unless forced.
	if _, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: "另一个"}, now); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("another seed: %v", err)
	}
	forced, drawn, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-12", Seed: "另一个", Force: true}, now)
	if err != nil || !drawn || forced.Seed != "另一个" {
		t.Fatalf("forced: %+v, %v, %v", forced, drawn, err)
	}
	if stored, _ := w.DrawOf(ctx, "2026-12"); stored.Seed != "另一个" {
		t.Fatalf("stored seed %q after force", stored.Seed)
	}

	if _, _, err := draw.Run(ctx, w, reg, draw.Request{Month: "2026-13"}, now); err == nil {
		t.Fatal("month 2026-13 accepted")
	}
}

func TestReportNamesTheUnits(t *testing.T) {
	reg := demotest.Registry(t)
	d := reports.BuildDraw(reports.Meta{Demo: true}, reg, "2026-12", "s", draw.Rule("2026-12", "s"), nil,
		[]reports.DrawnCity{{City: "990100", Counties: []string{"990102", "990125"}}})
	if d.Month != "2026-12" || d.Seed != "s" || !d.Meta.Demo || len(d.Picks) != 1 || d.Picks[0].CityName != "东川市" ||
		len(d.Picks[0].Counties) != 2 || d.Picks[0].Counties[0].Name != "杏山区" || d.Picks[0].Counties[1].Name != "银桥县" {
		t.Fatalf("report model %+v", d)
	}
	if !slices.Equal(d.Rule, draw.Rule("2026-12", "s")) {
		t.Errorf("the report does not carry the rule in words: %q", d.Rule)
	}
}

// TestRuleInWordsRedrawsTheDraw follows the published words by hand —
// SHA-256 of seed, month and county code joined by newlines, last month's
// counties after the others, ascending keys, two counties from eight current
// ones — and gets the counties Choose drew.
func TestRuleInWordsRedrawsTheDraw(t *testing.T) {
	reg := demotest.Registry(t)
	const month, seed = "2026-12", "公开种子-1"
	words := strings.Join(draw.Rule(month, seed), "")
	for _, want := range []string{"SHA-256（“" + seed + "”＋换行＋“" + month + "”＋换行＋该县六位行政区划代码）",
		"上月（2026-11）已抽中的县排在其余县之后", "从小到大", fmt.Sprintf("%d个及以上的市取排在最前的2个", draw.TwoCountiesFrom)} {
		if !strings.Contains(words, want) {
			t.Errorf("the rule's words lack %q: %s", want, words)
		}
	}
	previous := map[string][]string{"990100": {reg.Cities[0].Counties[0].Code, reg.Cities[0].Counties[1].Code}}
	picks := draw.Choose(reg, month, seed, previous)
	for i, city := range reg.Cities {
		type ranked struct {
			code, key   string
			drawnBefore bool
		}
		var counties []ranked
		current := 0
		for _, c := range city.Counties {
			if c.Abolished {
				continue
			}
			current++
			sum := sha256.Sum256([]byte(seed + "\n" + month + "\n" + c.Code))
			counties = append(counties, ranked{c.Code, hex.EncodeToString(sum[:]), slices.Contains(previous[city.Code], c.Code)})
		}
		slices.SortFunc(counties, func(a, b ranked) int {
			if a.drawnBefore != b.drawnBefore {
				if a.drawnBefore {
					return 1
				}
				return -1
			}
			return strings.Compare(a.key, b.key)
		})
		n := 1
		if current >= 8 {
			n = 2
		}
		var byHand []string
		for _, c := range counties[:n] {
			byHand = append(byHand, c.code)
		}
		slices.Sort(byHand)
		drawn := slices.Clone(picks[i].Counties)
		slices.Sort(drawn)
		if !slices.Equal(byHand, drawn) {
			t.Errorf("city %s: by hand %v, drawn %v", city.Code, byHand, drawn)
		}
	}
}
