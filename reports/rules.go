package reports

import (
	"fmt"
	"math/big"
	"strings"

	"zhengzhi"
	"zhengzhi/contract"
)

// ScoringRules is the 评分细则 the province circulates at the start of the
// year: every item of a rule set with its points, its indicator and where
// the data comes from, the rule in words with an example scored by the
// scoring itself, then the adjustments, vetoes, grades and reporting
// deadlines. It is built from the rule set, so the text can never drift
// from the scoring.
type ScoringRules struct {
	Meta      Meta   `json:"-"`
	RuleSetID string `json:"ruleset_id"`
	// Title is the rule set's title and 评分细则: "2026年度……考核（市局）评分细则".
	Title string `json:"title"`
	// Scope is whom and what period the rule set assesses.
	Scope       string      `json:"scope"`
	Total       string      `json:"total"`
	Items       []RulesItem `json:"items"`
	Adjustments []string    `json:"adjustments"`
	Vetoes      []string    `json:"vetoes"`
	Gates       []string    `json:"gates"`
	Grades      []string    `json:"grades"`
	Deadlines   []string    `json:"deadlines"`
	// Changes is the annex of what changed against last year's rule set
	// (the one the rule set succeeds); nil when it succeeds none.
	Changes *RulesChanges `json:"changes,omitempty"`
}

// RulesItem is one scored item as the 评分细则 states it.
type RulesItem struct {
	No        int    `json:"no"`
	Title     string `json:"title"`
	Points    string `json:"points"`
	Indicator string `json:"indicator"`
	// Source is the contract data the indicator is counted from.
	Source string `json:"source"`
	// Rule is how the item is scored, in words.
	Rule string `json:"rule"`
	// Example is the rule applied to one value by the scoring: "例：……".
	Example string `json:"example"`
}

// indicatorSources are the contract tables and columns each indicator of
// the library is counted from (the assessment spec's indicator library);
// the 评分细则 names them with the contract's own titles (sourceText).
var indicatorSources = map[string][][]string{
	"screening_coverage":            {{"enterprises", "producing"}, {"screenings", "screened_on"}},
	"hazards_found":                 {{"hazards", "found_on"}},
	"hazard_rectification_rate":     {{"hazards", "found_on", "rectified_on"}},
	"hazard_closure_rate":           {{"hazards", "found_on", "verified_on"}},
	"overdue_hazards":               {{"hazards", "found_on", "deadline", "rectified_on"}},
	"overdue_major_hazards":         {{"hazards", "found_on", "severity", "deadline", "rectified_on"}},
	"refusal_enforcement_rate":      {{"hazards", "found_on", "status", "enforcement"}},
	"sampling_batches":              {{"samplings", "sampled_on"}},
	"sampling_completion":           {{"samplings", "sampled_on"}},
	"failed_sample_trace_rate":      {{"samplings", "sampled_on", "result", "channel", "traced"}},
	"failed_sample_handling_rate":   {{"samplings", "sampled_on", "result", "handled_on"}},
	"nonconforming_followup_rate":   {{"nonconforming", "followup_done_on"}},
	"repeat_offender_followup_rate": {{"nonconforming", "followup_done_on"}},
	"overdue_followups":             {{"nonconforming", "ordered_on", "rechecked_on"}},
	"dormant_tracking_rate":         {{"enterprises", "producing"}, {"dormant_checks", "checked_on"}},
	"risk_signal_assessment_rate":   {{"risk_signals", "received_on", "assessed_on"}},
	"risk_signal_timely_rate":       {{"risk_signals", "received_on", "assessed_on"}},
	"risk_point_zeroing_rate":       {{"risk_points", "identified_on", "zeroed_on"}},
	"analysis_meeting_held":         {{"activities", "action", "completed_on", "experts"}},
	"monitoring_projects":           {{"activities", "completed_on", "monitoring_projects"}},
	"emergency_plan_in_place":       {{"activities", "completed_on", "emergency_plan"}},
	"self_inspection_coverage":      {{"activities", "action", "completed_on"}},
	"supervision_coverage":          {{"supervision_visits", "inspector_unit", "inspected_unit", "visited_on"}},
	"province_random_check":         {{"supervision_visits", "inspected_unit", "visited_on", "random_pick"}},
	"submission_timeliness":         {{"submissions", "kind", "period", "submitted_on"}},
	"experience_adopted":            {{"submissions", "kind", "submitted_on", "adopted"}},
	"larger_incidents":              {{"incidents", "occurred_on", "level", "direct_responsibility"}},
	"major_incidents":               {{"incidents", "occurred_on", "level", "direct_responsibility"}},
}

// sourceText names an indicator's data in the contract's titles:
// "隐患台账（hazards）的发现日期（found_on）、整改日期（rectified_on）".
func sourceText(indicator string) string {
	var parts []string
	for _, src := range indicatorSources[indicator] {
		t, ok := contract.Lookup(src[0])
		if !ok {
			continue
		}
		var cols []string
		for _, name := range src[1:] {
			if i := t.Index(name); i >= 0 {
				cols = append(cols, t.Columns[i].Title+"（"+name+"）")
			}
		}
		parts = append(parts, t.Title+"（"+t.Name+"）的"+strings.Join(cols, "、"))
	}
	return strings.Join(parts, "；")
}

// exampleUnit is the unit the worked examples are scored for.
var exampleUnit = zhengzhi.Unit{Code: "000000", Name: "某单位"}

// BuildScoringRules builds the 评分细则 of a rule set.
func BuildScoringRules(meta Meta, rs *zhengzhi.RuleSet) ScoringRules {
	out := ScoringRules{Meta: meta, RuleSetID: rs.ID, Title: rs.Title + "评分细则"}
	whom := "各设区市市场监管局"
	if rs.Level == zhengzhi.LevelCounty {
		whom = "各县（市、区）市场监管局"
	}
	out.Scope = fmt.Sprintf("本细则适用于%s的%s，考核期为%s至%s。", whom, rs.ShortTitle(),
		ArabicDate(rs.Window.Start), ArabicDate(rs.Window.End))
	total := new(big.Rat)
	values := zhengzhi.Values{exampleUnit.Code: {}}
	for _, it := range rs.Items {
		values[exampleUnit.Code][it.Indicator] = exampleValue(it)
		total.Add(total, it.Points.Rat())
	}
	scored := zhengzhi.Assess(rs, []zhengzhi.Unit{exampleUnit}, values, rs.Window.End)
	for i, it := range rs.Items {
		in, _ := zhengzhi.LookupIndicator(it.Indicator)
		item := RulesItem{No: i + 1, Title: it.Title, Points: it.Points.String(), Indicator: in.Title,
			Source: sourceText(it.Indicator), Rule: ruleWords(it, in)}
		if len(scored.Units) == 1 && i < len(scored.Units[0].Items) {
			is := scored.Units[0].Items[i]
			// The scoring's own explanation of the value, ending with the score.
			ex := strings.TrimSuffix(is.Explanation, "。")
			if score := "得" + is.Score.Text() + "分"; !strings.HasSuffix(ex, score) {
				ex += "，" + score
			}
			item.Example = "例：" + ex + "。"
		}
		out.Items = append(out.Items, item)
	}
	out.Total = new(big.Rat).Set(total).FloatString(0)
	for _, a := range rs.Adjustments {
		out.Adjustments = append(out.Adjustments, adjustmentWords(a)+"（数据来源："+sourceText(a.Indicator)+"）。")
	}
	for _, v := range rs.Vetoes {
		out.Vetoes = append(out.Vetoes, vetoWords(v)+"（数据来源："+sourceText(v.Indicator)+"）。")
	}
	out.Gates = gateWords(rs)
	out.Grades = gradeWords(rs)
	for _, r := range rs.Reporting {
		what := "阶段进展情况"
		if r.Kind == "summary" {
			what = "年度工作总结"
		}
		out.Deadlines = append(out.Deadlines, fmt.Sprintf("%s（%s）于%s前报送", what, periodText(r.Period), ArabicDate(r.Due)))
	}
	if rs.Previous != nil {
		out.Changes = buildRulesChanges(rs, rs.Previous, out.Items)
	}
	return out
}

// adjustmentWords says an adjustment without its data source:
// "典型经验被省局采用：按……计，每起（项）加1分，最多加3分".
func adjustmentWords(a zhengzhi.Adjustment) string {
	in, _ := zhengzhi.LookupIndicator(a.Indicator)
	per := a.Per.Rat()
	word := "加"
	if per.Sign() < 0 {
		word, per = "扣", new(big.Rat).Neg(per)
	}
	return fmt.Sprintf("%s：按%s计，每起（项）%s%s分，最多%s%s分", a.Title, in.Title, word, decimalText(per), word, a.Max.String())
}

// vetoWords says a veto without its data source.
func vetoWords(v zhengzhi.Veto) string {
	in, _ := zhengzhi.LookupIndicator(v.Indicator)
	return fmt.Sprintf("%s：%s超过%d的，总分最高计%s分，%s", v.Title, in.Title, v.Above, v.Cap.String(),
		zhengzhi.VetoVerdict(v.Grade, v.RanksLast()))
}

// gateWords says each gate (等次限制) in a sentence.
func gateWords(rs *zhengzhi.RuleSet) []string {
	var out []string
	for _, g := range rs.Gates {
		var titles []string
		for _, id := range g.Items {
			for _, it := range rs.Items {
				if it.ID == id {
					titles = append(titles, "“"+it.Title+"”")
				}
			}
		}
		out = append(out, fmt.Sprintf("%s得分率低于%s的，等次最高为%s。", strings.Join(titles, "、"),
			percentText(g.MinShare.Rat()), g.GradeAtMost))
	}
	return out
}

// gradeWords says the grade bands, or the grades by rank, one clause each.
func gradeWords(rs *zhengzhi.RuleSet) []string {
	var out []string
	for i, g := range rs.Grades {
		if i == len(rs.Grades)-1 && g.Min.Rat().Sign() == 0 {
			out = append(out, fmt.Sprintf("其余为%s", g.Name))
			continue
		}
		out = append(out, fmt.Sprintf("%s分以上为%s", g.Min.String(), g.Name))
	}
	for _, g := range rs.GradesByRank {
		if g.Top > 0 {
			out = append(out, fmt.Sprintf("排名前%d位为%s", g.Top, g.Name))
		} else {
			out = append(out, fmt.Sprintf("其余为%s", g.Name))
		}
	}
	return out
}

// exampleValue is a value that shows the rule at work: between a linear
// rule's ends, three steps under a deduct rule's target, at a tiers rule's
// second tier, two for a count, yes for a flag.
func exampleValue(it zhengzhi.Item) zhengzhi.Value {
	in, _ := zhengzhi.LookupIndicator(it.Indicator)
	r := it.Rule
	ratio := func(x *big.Rat) zhengzhi.Value {
		num := new(big.Rat).Mul(x, big.NewRat(100, 1))
		n, _ := num.Float64()
		return zhengzhi.Value{Numerator: int64(n + 0.5), Denominator: 100}
	}
	switch {
	case in.Kind == zhengzhi.Flag:
		return zhengzhi.Value{Numerator: 1, Denominator: 1}
	case r.Type == zhengzhi.RuleCountDeduct || in.Kind == zhengzhi.Count:
		return zhengzhi.Value{Numerator: 2, Denominator: 1}
	case r.Type == zhengzhi.RuleLinear:
		mid := new(big.Rat).Add(r.ZeroAt.Rat(), r.FullAt.Rat())
		mid.Mul(mid, big.NewRat(1, 2))
		// Round up to the next tenth so the example is a plain percentage.
		return ratio(mid)
	case r.Type == zhengzhi.RuleDeduct:
		v := new(big.Rat).Sub(r.Target.Rat(), new(big.Rat).Mul(r.Per.Rat(), big.NewRat(3, 1)))
		return ratio(v)
	case r.Type == zhengzhi.RuleTiers && len(r.Tiers) > 1:
		return ratio(r.Tiers[1].Min.Rat())
	}
	return zhengzhi.Value{Numerator: 1, Denominator: 1}
}

// ruleWords says an item's rule in words.
func ruleWords(it zhengzhi.Item, in zhengzhi.Indicator) string {
	r := it.Rule
	p := it.Points.String()
	var text string
	switch r.Type {
	case zhengzhi.RuleLinear:
		if r.ZeroAt.Rat().Sign() == 0 {
			text = fmt.Sprintf("按%s计分：%s达到%s得满分%s分，低于%s的按比例计分。", in.Title, in.Title, percentText(r.FullAt.Rat()), p, percentText(r.FullAt.Rat()))
		} else {
			text = fmt.Sprintf("按%s计分：%s及以下不得分，达到%s得满分%s分，其间按比例计分。", in.Title, percentText(r.ZeroAt.Rat()), percentText(r.FullAt.Rat()), p)
		}
	case zhengzhi.RuleDeduct:
		text = fmt.Sprintf("满分%s分，%s每低于%s%s扣%s分，扣完为止。", p, in.Title, percentText(r.Target.Rat()), stepText(r.Per.Rat()), r.Deduct.String())
	case zhengzhi.RuleCountDeduct:
		text = fmt.Sprintf("满分%s分，%s每有1处（起）扣%s分，扣完为止。", p, in.Title, r.PerCount.String())
	case zhengzhi.RuleBoolean:
		text = fmt.Sprintf("%s的得%s分，否则不得分。", in.Title, p)
	case zhengzhi.RuleTiers:
		var parts []string
		for _, t := range r.Tiers {
			parts = append(parts, fmt.Sprintf("达到%s得%s分", percentText(t.Min.Rat()), t.Score.String()))
		}
		text = fmt.Sprintf("按%s分档计分：%s，其余不得分。", in.Title, strings.Join(parts, "，"))
	default:
		text = fmt.Sprintf("满分%s分。", p)
	}
	if in.Kind == zhengzhi.Ratio {
		if r.WhenEmpty == zhengzhi.WhenEmptyZero {
			text += "本期无应办事项的，不得分。"
		} else {
			text += "本期无应办事项的，按满分计。"
		}
	}
	return text
}

// percentText prints a share as a percentage: 0.5 → "50%".
func percentText(x *big.Rat) string {
	return decimalText(new(big.Rat).Mul(x, big.NewRat(100, 1))) + "%"
}

// stepText says a deduct rule's step: 0.01 → "一个百分点", else "N个百分点".
func stepText(x *big.Rat) string {
	pts := new(big.Rat).Mul(x, big.NewRat(100, 1))
	if pts.Cmp(big.NewRat(1, 1)) == 0 {
		return "一个百分点"
	}
	return decimalText(pts) + "个百分点"
}

// decimalText prints a number with at most two decimals, trailing zeros cut.
func decimalText(x *big.Rat) string {
	s := x.FloatString(2)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// periodText says a reporting period: "2026-08" → "2026年8月", "2026" → "2026年度".
func periodText(p string) string {
	var y, m int
	if n, _ := fmt.Sscanf(p, "%d-%d", &y, &m); n == 2 {
		return fmt.Sprintf("%d年%d月", y, m)
	}
	return p + "年度"
}
