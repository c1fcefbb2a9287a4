package reports_test

import (
	"slices"
	"strings"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

// loadRuleSets reads every 2026 rule set of the templates, each linked to
// the 2025 one it succeeds.
func loadRuleSets(t *testing.T) []*zhengzhi.RuleSet {
	t.Helper()
	var out []*zhengzhi.RuleSet
	for _, name := range demotest.RuleSetNames {
		out = append(out, demotest.RuleSet(t, name))
	}
	return out
}

// TestScoringRulesNameEveryItem: the 评分细则 of each 2026 rule set names
// every item with its points, its rule in words and an example the scoring
// worked out, every adjustment and veto (with 列末位 where set), the grades
// and every reporting deadline.
func TestScoringRulesNameEveryItem(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	for _, rs := range loadRuleSets(t) {
		sr := reports.BuildScoringRules(meta, rs)
		if !strings.HasPrefix(sr.Title, "2026年度") || !strings.HasSuffix(sr.Title, "评分细则") || !strings.Contains(sr.Title, "考核") {
			t.Errorf("%s: title %q", rs.ID, sr.Title)
		}
		if len(sr.Items) != len(rs.Items) {
			t.Fatalf("%s: %d items, want %d", rs.ID, len(sr.Items), len(rs.Items))
		}
		for i, it := range rs.Items {
			got := sr.Items[i]
			if got.Title != it.Title || got.Points != it.Points.String() || got.Rule == "" || got.Source == "" ||
				!strings.HasPrefix(got.Example, "例：") || !strings.Contains(got.Rule, it.Points.String()) && it.Rule.Type != zhengzhi.RuleTiers {
				t.Errorf("%s item %s: %+v", rs.ID, it.ID, got)
			}
			if strings.Contains(got.Rule+got.Example, it.ID) {
				t.Errorf("%s item %s: the text carries the internal id: %+v", rs.ID, it.ID, got)
			}
		}
		if len(sr.Adjustments) != len(rs.Adjustments) || len(sr.Vetoes) != len(rs.Vetoes) || len(sr.Deadlines) != len(rs.Reporting) {
			t.Errorf("%s: %d adjustments, %d vetoes, %d deadlines", rs.ID, len(sr.Adjustments), len(sr.Vetoes), len(sr.Deadlines))
		}
		for i, v := range rs.Vetoes {
			if v.RanksLast() != strings.Contains(sr.Vetoes[i], "列末位") {
				t.Errorf("%s veto %s: %q", rs.ID, v.ID, sr.Vetoes[i])
			}
		}
		if testing.Verbose() {
			t.Logf("%+v", sr)
		}
		if len(sr.Grades) == 0 {
			t.Errorf("%s: no grades", rs.ID)
		}
	}
}

// TestScoringRulesChanges: the annex of each 2026 评分细则 names every item
// added, removed, reweighted and scored by another rule against the 2025
// rule set it succeeds, and every changed adjustment, with the numbers of
// both years — and nothing else.
func TestScoringRulesChanges(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	target := []reports.RulesChange{
		{Subject: "隐患排查覆盖率", Change: "分值调整", Detail: "分值由15分调整为10分。"},
		{Subject: "隐患整改率", Change: "分值调整", Detail: "分值由10分调整为15分。"},
		{Subject: "不合格产品追溯率", Change: "新增", Detail: "本年度新增，分值5分，评分方法见评分标准（七）。"},
		{Subject: "不合格企业后处理率", Change: "评分方法调整", Detail: "评分方法由“满分10分，不合格企业后处理率每低于100%一个百分点扣0.5分，扣完为止”" +
			"调整为“满分10分，不合格企业后处理率每低于100%一个百分点扣1分，扣完为止”。"},
		{Subject: "不合格样品核查处置率", Change: "删除", Detail: "本年度不再考核（上年度分值5分）。"},
		{Subject: "典型经验被省局采用", Change: "加分调整", Detail: "由“典型经验被省局采用：按典型经验被采用数计，每起（项）加1分，最多加2分”" +
			"调整为“典型经验被省局采用：按典型经验被采用数计，每起（项）加1分，最多加3分”。"},
	}
	safe := []reports.RulesChange{
		{Subject: "隐患清零率", Change: "分值调整", Detail: "分值由35分调整为30分。"},
		{Subject: "风险信息研判及时率", Change: "评分方法调整", Detail: "评分方法由“按风险信息研判及时率计分：50%及以下不得分，达到100%得满分15分，其间按比例计分”" +
			"调整为“按风险信息研判及时率计分：60%及以下不得分，达到100%得满分15分，其间按比例计分”。"},
		{Subject: "多年多次不合格企业后处理率", Change: "新增", Detail: "本年度新增，分值20分，评分方法见评分标准（五）。"},
		{Subject: "逾期未整改隐患", Change: "删除", Detail: "本年度不再考核（上年度分值15分）。"},
	}
	for _, rs := range loadRuleSets(t) {
		want := target
		if strings.HasPrefix(rs.ID, "safe-") {
			want = safe
		}
		sr := reports.BuildScoringRules(meta, rs)
		if sr.Changes == nil {
			t.Fatalf("%s: no annex of changes though it succeeds %s", rs.ID, rs.Succeeds)
		}
		if !strings.HasPrefix(sr.Changes.Previous, "《2025年度") || !strings.Contains(sr.Changes.Intro, sr.Changes.Previous) {
			t.Errorf("%s: cites %q in %q", rs.ID, sr.Changes.Previous, sr.Changes.Intro)
		}
		if len(sr.Changes.Rows) != len(want) {
			t.Errorf("%s: %d changes, want %d: %+v", rs.ID, len(sr.Changes.Rows), len(want), sr.Changes.Rows)
		}
		for i, w := range want {
			w.No = i + 1
			if i >= len(sr.Changes.Rows) || sr.Changes.Rows[i] != w {
				t.Errorf("%s change %d:\n got %+v\nwant %+v", rs.ID, i+1, sr.Changes.Rows[min(i, len(sr.Changes.Rows)-1)], w)
			}
		}
	}
}

// TestScoringRulesChangesOtherwise: no annex without a predecessor; an
// annex saying nothing changed against an identical one; a renamed item,
// a changed veto, grade limits and grade bands each named.
func TestScoringRulesChangesOtherwise(t *testing.T) {
	meta := reportstest.Meta(demotest.Registry(t))
	rs := demotest.RuleSet(t, "target-responsibility-city.yaml")
	alone := *rs
	alone.Previous = nil
	if sr := reports.BuildScoringRules(meta, &alone); sr.Changes != nil {
		t.Errorf("an annex of changes without last year's rule set: %+v", sr.Changes)
	}
	same := *rs
	same.Previous = rs
	sr := reports.BuildScoringRules(meta, &same)
	if sr.Changes == nil || len(sr.Changes.Rows) != 0 || !strings.HasSuffix(sr.Changes.Intro, "均无变化。") {
		t.Errorf("against itself: %+v", sr.Changes)
	}
	was := *rs
	was.Items = slices.Clone(rs.Items)
	was.Items[2].Title = "隐患复查率"
	was.Vetoes = slices.Clone(rs.Vetoes)
	was.Vetoes[0].Cap = decimal(t, "60")
	was.Grades = slices.Clone(rs.Grades)
	was.Grades[0].Min = decimal(t, "85")
	was.Gates = []zhengzhi.Gate{{Items: []string{"A2"}, MinShare: decimal(t, "0.6"), GradeAtMost: "合格"}}
	changed := *rs
	changed.Previous = &was
	got := map[string]string{}
	for _, r := range reports.BuildScoringRules(meta, &changed).Changes.Rows {
		got[r.Subject] = r.Change + "：" + r.Detail
	}
	for subject, want := range map[string]string{
		"隐患复查销号率":      "名称调整：名称由“隐患复查率”调整为“隐患复查销号率”。",
		"发生重大产品质量安全事件": "一票否决调整：由“发生重大产品质量安全事件：重大产品质量安全事件数超过0的，总分最高计60分，",
		"等次限制":         "等次限制调整：由““隐患整改率”得分率低于60%的，等次最高为合格”调整为“无”。",
		"等次评定":         "等次调整：由“85分以上为优秀，75分以上为良好",
	} {
		if !strings.HasPrefix(got[subject], want) {
			t.Errorf("%s: %q, want %q…", subject, got[subject], want)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d changes, want 4: %v", len(got), got)
	}
}

// decimal reads a rule set's number.
func decimal(t *testing.T, s string) zhengzhi.Decimal {
	t.Helper()
	d, err := zhengzhi.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
