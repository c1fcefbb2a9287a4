package zhengzhi

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// The explanations below are printed verbatim in scorecards and workbooks
// (扣分说明): the indicator's value with numerator and denominator, the rule
// in words, and the points gained or lost. Percentages carry one decimal.

// countWords names what a count indicator counts and its measure word, so
// that a count reads "逾期未整改重大隐患2处".
var countWords = map[string][2]string{
	"hazards_found":         {"排查发现隐患", "处"},
	"overdue_hazards":       {"逾期未整改隐患", "处"},
	"overdue_major_hazards": {"逾期未整改重大隐患", "处"},
	"sampling_batches":      {"专项监督抽查", "批次"},
	"overdue_followups":     {"逾期未复查不合格企业", "家"},
	"monitoring_projects":   {"开展风险监控项目", "个"},
	"experience_adopted":    {"典型经验被省局采用", "项"},
	"larger_incidents":      {"发生较大产品质量安全事件", "起"},
	"major_incidents":       {"发生重大产品质量安全事件", "起"},
}

// flagWords says a flag indicator's yes and no.
var flagWords = map[string][2]string{
	"analysis_meeting_held":   {"已召开安全隐患分析大会", "未召开安全隐患分析大会"},
	"emergency_plan_in_place": {"应急预案已完善", "应急预案未完善"},
	"province_random_check":   {"省局已随机抽查", "省局未随机抽查"},
}

// emptyWords names a ratio's denominator, for "本期无应整改隐患（0/0）".
var emptyWords = map[string]string{
	"screening_coverage":            "在产企业",
	"hazard_rectification_rate":     "应整改隐患",
	"hazard_closure_rate":           "应复查销号隐患",
	"refusal_enforcement_rate":      "拒不整改隐患",
	"sampling_completion":           "抽查任务",
	"failed_sample_trace_rate":      "电商及实体商超不合格样品",
	"failed_sample_handling_rate":   "不合格样品",
	"nonconforming_followup_rate":   "不合格企业",
	"repeat_offender_followup_rate": "多年多次不合格企业",
	"dormant_tracking_rate":         "长期不生产企业",
	"risk_signal_assessment_rate":   "风险信息",
	"risk_signal_timely_rate":       "风险信息",
	"risk_point_zeroing_rate":       "风险隐患点",
	"self_inspection_coverage":      "应自查自纠的县（市、区）",
	"supervision_coverage":          "应督查的县（市、区）",
	"submission_timeliness":         "应报送信息",
}

// measureOf is a count indicator's measure word ("个" when none is known).
func measureOf(in Indicator) string {
	if w, ok := countWords[in.Name]; ok {
		return w[1]
	}
	return "个"
}

// valueText is the indicator's value in words: "隐患整改率94.6%（123/130）",
// "逾期未整改重大隐患2处", "已召开安全隐患分析大会".
func valueText(in Indicator, v Value) string {
	switch in.Kind {
	case Ratio:
		return fmt.Sprintf("%s%s（%d/%d）", in.Title, ratioPercent(v), v.Numerator, v.Denominator)
	case Flag:
		return flagText(in, v.Numerator >= 1)
	}
	if w, ok := countWords[in.Name]; ok {
		return fmt.Sprintf("%s%d%s", w[0], v.Numerator, w[1])
	}
	return fmt.Sprintf("%s%d", in.Title, v.Numerator)
}

func flagText(in Indicator, yes bool) string {
	w, ok := flagWords[in.Name]
	switch {
	case ok && yes:
		return w[0]
	case ok:
		return w[1]
	case yes:
		return in.Title + "：是"
	}
	return in.Title + "：否"
}

// explainEmpty explains an empty ratio: "本期无应整改隐患（0/0），按规则计满分".
func explainEmpty(it Item, in Indicator, v Value) string {
	noun, ok := emptyWords[in.Name]
	if !ok {
		noun = in.Title + "的统计对象"
	}
	outcome := "按规则计满分"
	if it.Rule.WhenEmpty == WhenEmptyZero {
		outcome = "按规则计0分"
	}
	return fmt.Sprintf("本期无%s（%d/%d），%s", noun, v.Numerator, v.Denominator, outcome)
}

// explainItem explains a non-empty item score; x is the value as a number.
func explainItem(it Item, in Indicator, v Value, x *big.Rat, is ItemScore) string {
	r := it.Rule
	val := valueText(in, v)
	switch r.Type {
	case RuleLinear:
		return fmt.Sprintf("%s，按%s得0分、%s得满分线性计分，得%s分",
			val, threshold(in, r.ZeroAt), threshold(in, r.FullAt), is.Score)
	case RuleDeduct:
		return val + "，" + explainDeduct(r, in, x, is)
	case RuleCountDeduct:
		if v.Numerator == 0 {
			return val + "，不扣分"
		}
		return fmt.Sprintf("%s，每%s扣%s分，扣%s分%s", val, measureOf(in), r.PerCount, is.Lost(), exhausted(is))
	case RuleBoolean:
		if is.Score == is.Points {
			return fmt.Sprintf("%s，得%s分", val, is.Score)
		}
		return fmt.Sprintf("%s，扣%s分", val, is.Lost())
	case RuleTiers:
		steps := make([]string, 0, len(r.Tiers)+1)
		for _, t := range r.Tiers {
			steps = append(steps, fmt.Sprintf("%s及以上得%s分", threshold(in, t.Min), t.Score))
		}
		steps = append(steps, "其余得0分")
		return fmt.Sprintf("%s，分档计分（%s），得%s分", val, strings.Join(steps, "，"), is.Score)
	}
	return fmt.Sprintf("%s，得%s分", val, is.Score)
}

// explainDeduct explains a deduct rule: how far below the target, at what
// rate, and the points lost.
func explainDeduct(r Rule, in Indicator, x *big.Rat, is ItemScore) string {
	short := new(big.Rat).Sub(r.Target.Rat(), x)
	if short.Sign() <= 0 {
		return fmt.Sprintf("达到%s，不扣分，得%s分", threshold(in, r.Target), is.Score)
	}
	if in.Kind == Ratio {
		return fmt.Sprintf("低于%s共%s个百分点，每低%s个百分点扣%s分，扣%s分%s",
			threshold(in, r.Target), fixed(roundRat(short, 1000), 1), Decimal(r.Per*100), r.Deduct, is.Lost(), exhausted(is))
	}
	m := measureOf(in)
	return fmt.Sprintf("比目标%s少%s%s，每少%s%s扣%s分，扣%s分%s",
		threshold(in, r.Target), fixed(roundRat(short, 100), 2), m, r.Per, m, r.Deduct, is.Lost(), exhausted(is))
}

// exhausted marks an item whose deductions used up all its points (扣完为止).
func exhausted(is ItemScore) string {
	if is.Score == 0 && is.Points > 0 {
		return "（扣完为止）"
	}
	return ""
}

// threshold prints a rule threshold: a share of a ratio as a percentage
// ("50%"), a count with its measure word ("3个").
func threshold(in Indicator, d Decimal) string {
	if in.Kind == Ratio {
		return Decimal(d*100).String() + "%"
	}
	return d.String() + measureOf(in)
}

// explainAdjustment explains a bonus or penalty: "发生较大产品质量安全事件1起，
// 每起扣5分，最多扣10分，扣5.00分".
func explainAdjustment(a Adjustment, in Indicator, n int64, s Score) string {
	verb := "加"
	per := a.Per
	if per < 0 {
		verb, per = "扣", -per
	}
	abs := s
	if abs < 0 {
		abs = -abs
	}
	if in.Kind == Flag {
		if n < 1 {
			return fmt.Sprintf("%s，不%s分", flagText(in, false), verb)
		}
		return fmt.Sprintf("%s，%s%s分", flagText(in, true), verb, abs)
	}
	m := measureOf(in)
	if n == 0 {
		return fmt.Sprintf("%s0%s，不%s分", a.Title, m, verb)
	}
	return fmt.Sprintf("%s%d%s，每%s%s%s分，最多%s%s分，%s%s分", a.Title, n, m, m, verb, per, verb, a.Max, verb, abs)
}

// explainVeto explains a veto that hit: "发生重大产品质量安全事件1起，一票否决：
// 总分最高59分，等次为不合格".
func explainVeto(v Veto, n int64) string {
	in := indicatorOf(v.Indicator)
	what := fmt.Sprintf("%s%d%s", v.Title, n, measureOf(in))
	if in.Kind == Flag {
		what = flagText(in, true)
	}
	if v.Above > 0 {
		what += fmt.Sprintf("（超过%d%s）", v.Above, measureOf(in))
	}
	return fmt.Sprintf("%s，一票否决：总分最高%s分，等次为%s", what, v.Cap, v.Grade)
}

// explainGate explains a gate that lowered the grade: "关键指标A2隐患整改率得
// 6.00分，低于该项分值的60%，等次最高为合格".
func explainGate(g Gate, failed []ItemScore) string {
	parts := make([]string, len(failed))
	for i, is := range failed {
		parts[i] = fmt.Sprintf("%s%s得%s分", is.ID, is.Title, is.Score)
	}
	return fmt.Sprintf("关键指标%s，低于该项分值的%s%%，等次最高为%s",
		strings.Join(parts, "、"), Decimal(g.MinShare*100), g.GradeAtMost)
}

// ratioPercent is a ratio as a percentage with one decimal, rounded half-up
// exactly ("94.6%" for 123/130).
func ratioPercent(v Value) string {
	// floor(1000·n/d + 1/2) in integers: counts are never negative, and a
	// big.Rat here would double the cost of scoring.
	return fixed((2000*v.Numerator+v.Denominator)/(2*v.Denominator), 1) + "%"
}

// fixed prints n / 10^decimals with exactly that many decimals.
func fixed(n int64, decimals int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	if len(s) <= decimals {
		s = strings.Repeat("0", decimals-len(s)+1) + s
	}
	if decimals > 0 {
		s = s[:len(s)-decimals] + "." + s[len(s)-decimals:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
