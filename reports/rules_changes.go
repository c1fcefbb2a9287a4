package reports

import (
	"fmt"
	"slices"
	"strings"

	"zhengzhi"
)

// RulesChangesTitle is the title of the 评分细则's annex of changes.
const RulesChangesTitle = "与上年度评分细则相比的变化"

// RulesChanges is the 评分细则's annex: what changed against last year's
// rule set — items added, removed, reweighted, renamed or scored by another
// rule, and changed adjustments, vetoes, grade limits and grades — worked
// out from the two rule sets, so the annex says exactly what the scoring
// does differently.
type RulesChanges struct {
	// Previous is last year's 评分细则 as cited: "《2025年度……评分细则》".
	Previous string `json:"previous"`
	// Intro is the sentence before the table, or the whole annex when
	// nothing changed.
	Intro string        `json:"intro"`
	Rows  []RulesChange `json:"rows"`
}

// RulesChange is one row of the annex: what changed about one item (or
// adjustment, veto, the grade limits or the grades).
type RulesChange struct {
	No int `json:"no"`
	// Subject is the item's title (last year's, for a removed item), the
	// adjustment's or veto's, or 等次限制, 等次评定.
	Subject string `json:"subject"`
	// Change says what kind of change: 新增, 删除, 分值调整, 评分方法调整,
	// 名称调整 (several joined by 、), 新增加分项目, 一票否决调整, …
	Change string `json:"change"`
	// Detail says it: "分值由10分调整为15分。"
	Detail string `json:"detail"`
}

// buildRulesChanges compares a rule set with the one it succeeds. Items are
// the same item when they count the same indicator (their ids and titles
// may change from year to year); two items on one indicator pair in order.
// Adjustments and vetoes pair by indicator likewise. items are the rule
// set's items as the 评分细则 numbers them.
func buildRulesChanges(rs, prev *zhengzhi.RuleSet, items []RulesItem) *RulesChanges {
	out := &RulesChanges{Previous: "《" + prev.Title + "评分细则》"}
	add := func(subject, change, detail string) {
		out.Rows = append(out.Rows, RulesChange{No: len(out.Rows) + 1, Subject: subject, Change: change, Detail: detail})
	}
	pairs := pairByIndicator(rs.Items, prev.Items, func(it zhengzhi.Item) string { return it.Indicator })
	for i, it := range rs.Items {
		j, ok := pairs[i]
		if !ok {
			add(it.Title, "新增", fmt.Sprintf("本年度新增，分值%s分，评分方法见评分标准（%s）。", it.Points.String(), ChineseNumber(items[i].No)))
			continue
		}
		was := prev.Items[j]
		var changes, details []string
		if was.Title != it.Title {
			changes = append(changes, "名称调整")
			details = append(details, "名称由“"+was.Title+"”调整为“"+it.Title+"”")
		}
		if was.Points != it.Points {
			changes = append(changes, "分值调整")
			details = append(details, "分值由"+was.Points.String()+"分调整为"+it.Points.String()+"分")
		}
		if !sameRule(was.Rule, it.Rule) {
			in, _ := zhengzhi.LookupIndicator(it.Indicator)
			inWas, _ := zhengzhi.LookupIndicator(was.Indicator)
			before, after := differingSentences(ruleWords(was, inWas), ruleWords(it, in))
			changes = append(changes, "评分方法调整")
			details = append(details, "评分方法由“"+before+"”调整为“"+after+"”")
		}
		if len(changes) > 0 {
			add(it.Title, strings.Join(changes, "、"), strings.Join(details, "；")+"。")
		}
	}
	kept := map[int]bool{}
	for _, j := range pairs {
		kept[j] = true
	}
	for j, was := range prev.Items {
		if !kept[j] {
			add(was.Title, "删除", "本年度不再考核（上年度分值"+was.Points.String()+"分）。")
		}
	}

	adjustments := pairByIndicator(rs.Adjustments, prev.Adjustments, func(a zhengzhi.Adjustment) string { return a.Indicator })
	kind := func(a zhengzhi.Adjustment) string {
		if a.Per < 0 {
			return "扣分"
		}
		return "加分"
	}
	kept = map[int]bool{}
	for i, a := range rs.Adjustments {
		j, ok := adjustments[i]
		if !ok {
			add(a.Title, "新增"+kind(a)+"项目", "本年度新增："+adjustmentWords(a)+"。")
			continue
		}
		kept[j] = true
		if before, after := adjustmentWords(prev.Adjustments[j]), adjustmentWords(a); before != after {
			before, after = differingSentences(before, after)
			add(a.Title, kind(a)+"调整", "由“"+before+"”调整为“"+after+"”。")
		}
	}
	for j, a := range prev.Adjustments {
		if !kept[j] {
			add(a.Title, "取消"+kind(a)+"项目", "本年度取消（上年度："+adjustmentWords(a)+"）。")
		}
	}

	vetoes := pairByIndicator(rs.Vetoes, prev.Vetoes, func(v zhengzhi.Veto) string { return v.Indicator })
	kept = map[int]bool{}
	for i, v := range rs.Vetoes {
		j, ok := vetoes[i]
		if !ok {
			add(v.Title, "新增一票否决", "本年度新增："+vetoWords(v)+"。")
			continue
		}
		kept[j] = true
		if before, after := vetoWords(prev.Vetoes[j]), vetoWords(v); before != after {
			add(v.Title, "一票否决调整", "由“"+before+"”调整为“"+after+"”。")
		}
	}
	for j, v := range prev.Vetoes {
		if !kept[j] {
			add(v.Title, "取消一票否决", "本年度取消（上年度："+vetoWords(v)+"）。")
		}
	}

	if before, after := strings.Join(gateWords(prev), ""), strings.Join(gateWords(rs), ""); before != after {
		add("等次限制", "等次限制调整", "由“"+orNone(strings.TrimSuffix(before, "。"))+"”调整为“"+orNone(strings.TrimSuffix(after, "。"))+"”。")
	}
	if before, after := strings.Join(gradeWords(prev), "，"), strings.Join(gradeWords(rs), "，"); before != after {
		add("等次评定", "等次调整", "由“"+before+"”调整为“"+after+"”。")
	}

	if len(out.Rows) == 0 {
		out.Intro = "本细则与" + out.Previous + "相比，考核项目、分值、评分方法和等次评定均无变化。"
	} else {
		out.Intro = "本细则与" + out.Previous + "相比，有以下变化（未列出的项目与上年度相同）："
	}
	return out
}

// pairByIndicator pairs this year's entries with last year's counting the
// same indicator, in order where an indicator has several: the index of
// this year's entry → last year's.
func pairByIndicator[T any](now, was []T, indicator func(T) string) map[int]int {
	free := map[string][]int{}
	for j, w := range was {
		free[indicator(w)] = append(free[indicator(w)], j)
	}
	pairs := map[int]int{}
	for i, n := range now {
		if js := free[indicator(n)]; len(js) > 0 {
			pairs[i] = js[0]
			free[indicator(n)] = js[1:]
		}
	}
	return pairs
}

// sameRule reports whether two item rules score alike (an omitted
// when_empty is full).
func sameRule(a, b zhengzhi.Rule) bool {
	empty := func(r zhengzhi.Rule) string {
		if r.WhenEmpty == "" {
			return zhengzhi.WhenEmptyFull
		}
		return r.WhenEmpty
	}
	return a.Type == b.Type && a.ZeroAt == b.ZeroAt && a.FullAt == b.FullAt && a.Target == b.Target && a.Per == b.Per &&
		a.Deduct == b.Deduct && a.PerCount == b.PerCount && slices.Equal(a.Tiers, b.Tiers) && empty(a) == empty(b)
}

// differingSentences drops the sentences two texts share ("本期无应办事项的，
// 按满分计。") and the full stop at the end, leaving what changed.
func differingSentences(before, after string) (string, string) {
	split := func(s string) []string {
		var out []string
		for _, p := range strings.SplitAfter(s, "。") {
			if p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	b, a := split(before), split(after)
	keep := func(xs, other []string) string {
		var out []string
		for _, x := range xs {
			if !slices.Contains(other, x) {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			out = xs
		}
		return strings.TrimSuffix(strings.Join(out, ""), "。")
	}
	return keep(b, a), keep(a, b)
}

// orNone is the text, or 无 when there is none.
func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}

// ChineseNumber writes 1–99 as 一…九十九, as headings number: （七）, 十二、.
func ChineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n >= 1 && n <= 9:
		return digits[n]
	case n >= 10 && n <= 19:
		return "十" + digits[n-10]
	case n >= 20 && n <= 99:
		return digits[n/10] + "十" + digits[n%10]
	}
	return fmt.Sprint(n)
}
