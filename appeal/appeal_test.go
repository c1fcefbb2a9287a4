package appeal_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/assess"
	"zhengzhi/internal/dbtest"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

const testRegistry = `
province: {code: "990000", name: 东川省}
cities:
  - code: "990100"
    name: 东川市
    counties:
      - {code: "990102", name: 杏山区}
  - code: "990200"
    name: 临江市
    counties:
      - {code: "990202", name: 鹤盛区}
  - code: "990300"
    name: 青石市
`

// ruleSet is a city rule set with a ratio, a count and score bands.
const ruleSet = `
id: appeal-city-2026
title: 复核测试（市局）
level: city
window: {start: 2026-01-01, end: 2026-12-31}
items:
  - {id: A1, title: 隐患排查覆盖率, points: 50, indicator: screening_coverage, rule: {type: linear, zero_at: 0.5, full_at: 1.0}}
  - {id: A4, title: 逾期未整改重大隐患, points: 50, indicator: overdue_major_hazards, rule: {type: count_deduct, per_count: 10}}
grades:
  - {min: 90, name: 优秀}
  - {min: 75, name: 良好}
  - {min: 60, name: 合格}
  - {min: 0, name: 不合格}
`

var (
	asOf = zhengzhi.NewDate(2026, 11, 30)
	// monday is the day of publication: 2026-12-07, a Monday; five working
	// days after it end on Monday 12-14.
	monday = time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	pdf    = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	png    = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
)

type fixture struct {
	w   *warehouse.Warehouse
	svc *appeal.Service
	rs  *zhengzhi.RuleSet
	reg *zhengzhi.Registry
	now time.Time
	id  int64 // the stored assessment publicized
	// files are the audit log's key and anchors.
	files account.AuditFiles
}

func (f *fixture) at(t time.Time) { f.now = t }

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	ctx := t.Context()
	reg, err := zhengzhi.ParseRegistry([]byte(testRegistry))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := zhengzhi.ParseRuleSet("appeal-city.yaml", []byte(ruleSet))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := templates.Calendar("")
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	values := zhengzhi.Values{
		"990100": {"screening_coverage": {Numerator: 80, Denominator: 100}},                                          // 80 良好
		"990200": {"screening_coverage": {Numerator: 70, Denominator: 100}, "overdue_major_hazards": {Numerator: 1}}, // 60 合格
		"990300": {"screening_coverage": {Numerator: 90, Denominator: 100}, "overdue_major_hazards": {Numerator: 1}}, // 80 良好
	}
	a := zhengzhi.Assess(rs, assess.ScoredUnits(reg, zhengzhi.LevelCity), values, asOf)
	id, err := w.SaveAssessment(ctx, a, reg.Hash, values, []int64{})
	if err != nil {
		t.Fatal(err)
	}
	for _, acct := range []warehouse.Account{
		{Login: "dc", Unit: "990100", Role: account.RoleCity},
		{Login: "lj", Unit: "990200", Role: account.RoleCity},
		{Login: "xs", Unit: "990102", Role: account.RoleCounty},
		{Login: "office", Unit: "990000", Role: account.RoleProvince},
		{Login: "chief", Unit: "990000", Role: account.RoleLeader},
	} {
		acct.PasswordHash, acct.CreatedAt, acct.PasswordChangedAt = "x", monday, monday
		if _, err := w.CreateAccount(ctx, acct, account.PasswordsRemembered); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{w: w, rs: rs, reg: reg, now: monday, id: id}
	dir := t.TempDir()
	f.files = account.AuditFiles{KeyFile: filepath.Join(dir, "audit.key"), AnchorFile: filepath.Join(dir, "audit-anchors.log")}
	log, err := account.OpenAuditLog(ctx, w, f.files, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { log.Close() })
	f.svc = &appeal.Service{W: w, Audit: log, Registry: reg, Calendar: cal, RuleSets: []*zhengzhi.RuleSet{rs},
		Access: account.NewAccess(reg), Loc: time.FixedZone("CST", 8*3600), Now: func() time.Time { return f.now }}
	return f
}

func (f *fixture) publicize(t *testing.T) zhengzhi.Period {
	t.Helper()
	p, err := f.svc.Publicize(t.Context(), f.rs, asOf, f.id, appeal.Window{Days: 5}, appeal.Actor{Login: "ops", Client: "命令行"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func value(n, d int64) *zhengzhi.Value { return &zhengzhi.Value{Numerator: n, Denominator: d} }

func (f *fixture) file(ctx context.Context, by, unit, item string, v *zhengzhi.Value, ev ...appeal.Upload) (zhengzhi.Appeal, error) {
	return f.svc.File(ctx, appeal.Filing{RuleSet: f.rs.ID, AsOf: asOf, Unit: unit, Item: item, Claim: "数据有误，见证明材料",
		Value: v, Evidence: ev}, appeal.Actor{Login: by, Client: "127.0.0.1"})
}

// refused checks that err is a refusal saying want.
func refused(t *testing.T, what string, err error, want string) {
	t.Helper()
	var r *appeal.Refusal
	if !errors.As(err, &r) || !strings.Contains(r.Reason, want) {
		t.Errorf("%s: %v, want a refusal saying %q", what, err, want)
	}
}

func TestPublicizeFileRuleFinalizeOnEveryEngine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		f := newFixture(t, dsn)
		p := f.publicize(t)
		if p.Deadline != zhengzhi.NewDate(2026, 12, 14) || p.State != zhengzhi.PeriodPublic {
			t.Fatalf("period %+v, want 公示 until 2026-12-14", p)
		}
		_, err := f.svc.Publicize(ctx, f.rs, asOf, f.id, appeal.Window{Days: 5}, appeal.Actor{Login: "ops"})
		refused(t, "publicized twice", err, "已公示")

		// A later ingest stores a newer result: the period still shows the frozen one.
		later := zhengzhi.Assess(f.rs, assess.ScoredUnits(f.reg, zhengzhi.LevelCity), zhengzhi.Values{}, asOf)
		if _, err := f.w.SaveAssessment(ctx, later, f.reg.Hash, zhengzhi.Values{}, []int64{99}); err != nil {
			t.Fatal(err)
		}
		res, err := assess.Run(ctx, f.w, f.reg, f.rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if res.ID != f.id || res.Assessment.Review == nil || res.Assessment.Review.State != zhengzhi.PeriodPublic {
			t.Fatalf("a period in 公示 gave stored result %d (review %+v), want the frozen %d", res.ID, res.Assessment.Review, f.id)
		}

		// 临江市 (60, 合格): its overdue hazard was rectified in time; with
		// coverage 95/100 too it would reach 优秀.
		lift, err := f.file(ctx, "lj", "990200", "A4", value(0, 0), appeal.Upload{Name: "整改验收单.pdf", Content: pdf})
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pdf)
		if len(lift.Evidence) != 1 || lift.Evidence[0].SHA256 != hex.EncodeToString(sum[:]) || lift.Evidence[0].Type != "application/pdf" {
			t.Fatalf("evidence %+v", lift.Evidence)
		}
		file, appealID, err := f.w.EvidenceContent(ctx, lift.Evidence[0].ID)
		if err != nil || appealID != lift.ID || string(file.Content) != string(pdf) {
			t.Fatalf("evidence content: %v, appeal %d, %d bytes", err, appealID, len(file.Content))
		}
		// A city files for its county too; refused for a unit not of the
		// rule set's level.
		_, err = f.file(ctx, "dc", "990102", "A1", nil)
		refused(t, "a county under a city rule set", err, "不是本考核")
		second, err := f.file(ctx, "dc", "990100", "A1", value(95, 100))
		if err != nil {
			t.Fatal(err)
		}
		third, err := f.file(ctx, "lj", "990200", "A1", value(95, 100))
		if err != nil {
			t.Fatal(err)
		}

		// Every refusal of a filing, each with its Chinese reason.
		_, err = f.file(ctx, "dc", "990200", "A1", nil)
		refused(t, "another city's unit", err, "只能为本单位申诉")
		_, err = f.file(ctx, "xs", "990100", "A1", nil)
		refused(t, "a county for its city", err, "只能为本单位申诉")
		_, err = f.file(ctx, "office", "990100", "A1", nil)
		refused(t, "the province filing", err, "只能为本单位申诉")
		_, err = f.file(ctx, "dc", "990100", "Z9", nil)
		refused(t, "an unknown item", err, "没有考核项Z9")
		_, err = f.file(ctx, "dc", "990100", "A1", value(101, 100))
		refused(t, "a numerator above its denominator", err, "分子101大于分母100")
		_, err = f.file(ctx, "dc", "990100", "A4", value(-1, 0))
		refused(t, "a negative count", err, "不能为负")
		_, err = f.file(ctx, "nobody", "990100", "A1", nil)
		refused(t, "an unknown account", err, "不存在")
		_, err = f.file(ctx, "dc", "990100", "A1", nil, appeal.Upload{Name: "扫描件.pdf", Content: png})
		refused(t, "a PNG named .pdf", err, "扩展名与内容")
		_, err = f.file(ctx, "dc", "990100", "A1", nil, appeal.Upload{Name: "x.exe", Content: []byte("MZ\x90\x00 not a document")})
		refused(t, "a program", err, "不是PDF")
		_, err = f.file(ctx, "dc", "990100", "A1", nil, appeal.Upload{Name: "big.pdf", Content: append(append([]byte{}, pdf...), make([]byte, appeal.MaxEvidenceSize)...)})
		refused(t, "a file above the limit", err, "超过")

		// Rulings: only the province office rules, each once.
		rule := func(by string, id int64, r appeal.Ruling) (zhengzhi.Appeal, error) {
			return f.svc.Rule(ctx, id, r, appeal.Actor{Login: by, Client: "127.0.0.1"})
		}
		_, err = rule("dc", second.ID, appeal.Ruling{Accept: true, Reason: "自己说了算"})
		refused(t, "a city ruling", err, "没有省局专项办角色")
		_, err = rule("chief", second.ID, appeal.Ruling{Accept: true, Reason: "领导"})
		refused(t, "a leader ruling", err, "没有省局专项办角色")
		_, err = rule("office", 9999, appeal.Ruling{Reason: "无"})
		refused(t, "an appeal that is none", err, "没有编号为9999")
		_, err = rule("office", second.ID, appeal.Ruling{Accept: true, Score: scorePtr(4500), Reason: "酌定"})
		refused(t, "a score where the rule set does not allow it", err, "不允许直接认定得分")
		_, err = rule("office", second.ID, appeal.Ruling{Accept: false})
		refused(t, "a ruling without reason", err, "须写明理由")

		// Finalizing before the deadline, or with appeals pending, is refused.
		_, err = f.svc.Finalize(ctx, f.rs.ID, asOf, appeal.Actor{Login: "ops"})
		refused(t, "finalize within the window", err, "截止前不能定稿")

		f.at(time.Date(2026, 12, 15, 3, 0, 0, 0, time.UTC))
		_, err = f.file(ctx, "dc", "990100", "A1", nil)
		refused(t, "filing after the deadline", err, "已于2026-12-14截止")
		_, err = f.svc.Finalize(ctx, f.rs.ID, asOf, appeal.Actor{Login: "ops"})
		if !errors.Is(err, appeal.ErrPending) {
			t.Fatalf("finalize with appeals pending: %v, want ErrPending", err)
		}

		if _, err := rule("office", lift.ID, appeal.Ruling{Accept: true, Reason: "整改验收单表明该隐患已按期整改"}); err != nil {
			t.Fatal(err)
		}
		if _, err := rule("office", third.ID, appeal.Ruling{Accept: true, Value: value(95, 100), Reason: "补录排查记录5条属实"}); err != nil {
			t.Fatal(err)
		}
		_, err = rule("office", lift.ID, appeal.Ruling{Reason: "再议"})
		refused(t, "a second ruling", err, "裁定是终局的")
		ruled, err := rule("office", second.ID, appeal.Ruling{Reason: "未提供证明材料"})
		if err != nil || ruled.State != zhengzhi.AppealRejected || ruled.Ruling.By != "office" {
			t.Fatalf("rejection: %+v, %v", ruled, err)
		}

		if p, err := f.svc.Finalize(ctx, f.rs.ID, asOf, appeal.Actor{Login: "ops"}); err != nil || p.State != zhengzhi.PeriodFinal {
			t.Fatalf("finalize: %+v, %v", p, err)
		}
		_, err = rule("office", second.ID, appeal.Ruling{Reason: "x"})
		refused(t, "a ruling on a final period", err, "")

		res, err = assess.Run(ctx, f.w, f.reg, f.rs, asOf)
		if err != nil {
			t.Fatal(err)
		}
		// The final result is also the period's newest stored result.
		newest, ok, err := f.w.StoredAssessment(ctx, f.rs.ID, f.rs.Hash, asOf)
		if err != nil || !ok || newest.ID == f.id || newest.Assessment.Units[1].Total != 9500 {
			t.Fatalf("newest stored result after finalize: %v %v", newest, err)
		}
		for _, c := range res.Assessment.Units {
			switch c.Unit.Code {
			case "990200":
				if c.Total != 9500 || c.Grade != "优秀" || c.Rank != 1 {
					t.Errorf("final 临江市: %s %s rank %d, want 95.00 优秀 rank 1", c.Total, c.Grade, c.Rank)
				}
			case "990100":
				if c.Total != 8000 || c.Rank != 2 {
					t.Errorf("final 东川市 (rejected): %s rank %d, want 80.00 rank 2", c.Total, c.Rank)
				}
			}
		}
		if a, prov, ok := res.Assessment.Review.ChangedBy("990200", "A4"); !ok || a.ID != lift.ID || prov != 4000 {
			t.Errorf("A4 of 临江市 changed by %d from %s (%v), want appeal %d from 40.00", a.ID, prov, ok, lift.ID)
		}

		// Every filing, upload, ruling, refusal and state change is in the audit log.
		count := map[string]int{}
		log, err := f.w.AuditLog(ctx, warehouse.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			outcome := "ok"
			if strings.HasPrefix(e.Outcome, "拒绝：") {
				outcome = "refused"
			}
			count[e.Action+" "+outcome]++
		}
		for key, want := range map[string]int{
			appeal.ActPublicize + " ok": 1, appeal.ActPublicize + " refused": 1,
			appeal.ActFile + " ok": 3, appeal.ActEvidence + " ok": 1, appeal.ActFile + " refused": 12,
			appeal.ActRule + " ok": 3, appeal.ActRule + " refused": 7,
			appeal.ActReview + " ok": 1, appeal.ActFinalize + " ok": 1, appeal.ActFinalize + " refused": 2,
		} {
			if count[key] != want {
				t.Errorf("audit rows %s: %d, want %d (all: %v)", key, count[key], want, count)
			}
		}
		keys, err := account.OpenAuditKeys(f.files.KeyFile)
		if err != nil {
			t.Fatal(err)
		}
		anchors, err := account.ReadAnchors(f.files.AnchorFile)
		if err != nil {
			t.Fatal(err)
		}
		if check, err := account.VerifyAudit(ctx, f.w, keys, anchors); err != nil || !check.OK {
			t.Errorf("audit chain: %+v, %v", check, err)
		}

		listed, err := f.svc.List(ctx, warehouse.AppealFilter{RuleSet: f.rs.ID, AsOf: asOf, Units: []string{"990200"}})
		if err != nil || len(listed) != 2 || len(listed[0].Evidence) != 1 || listed[1].Ruling.Value == nil {
			t.Fatalf("listed appeals of 临江市: %+v, %v", listed, err)
		}
	})
}

func scorePtr(s zhengzhi.Score) *zhengzhi.Score { return &s }

// TestCityFilesForItsCountiesOnEveryEngine: under a county rule set a city
// files for its own counties only, a county for itself.
func TestCityFilesForItsCountiesOnEveryEngine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		f := newFixture(t, dsn)
		county, err := zhengzhi.ParseRuleSet("appeal-county.yaml", []byte(strings.NewReplacer(
			"appeal-city-2026", "appeal-county-2026", "level: city", "level: county").Replace(ruleSet)))
		if err != nil {
			t.Fatal(err)
		}
		f.svc.RuleSets = append(f.svc.RuleSets, county)
		units := assess.ScoredUnits(f.reg, zhengzhi.LevelCounty)
		a := zhengzhi.Assess(county, units, zhengzhi.Values{}, asOf)
		id, err := f.w.SaveAssessment(ctx, a, f.reg.Hash, zhengzhi.Values{}, []int64{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publicize(ctx, county, asOf, id, appeal.Window{Until: zhengzhi.NewDate(2026, 12, 9)}, appeal.Actor{Login: "ops"}); err != nil {
			t.Fatal(err)
		}
		file := func(by, unit string) error {
			_, err := f.svc.File(ctx, appeal.Filing{RuleSet: county.ID, AsOf: asOf, Unit: unit, Item: "A4", Claim: "已整改"},
				appeal.Actor{Login: by})
			return err
		}
		if err := file("dc", "990102"); err != nil {
			t.Fatalf("东川市 for its county 杏山区: %v", err)
		}
		if err := file("xs", "990102"); err != nil {
			t.Fatalf("杏山区 for itself: %v", err)
		}
		refused(t, "东川市 for 临江市's county", file("dc", "990202"), "只能为本单位申诉")
		refused(t, "杏山区 for another county", file("xs", "990202"), "只能为本单位申诉")
		refused(t, "a city for itself under a county rule set", file("dc", "990100"), "不是本考核")
	})
}
