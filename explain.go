package zhengzhi

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// The explanations below are printed verbatim in scorecards and workbooks
// (扣分说明): the indicator's value with numerator and denominator, the rule
// in words, and the points gained or lost. Every one can be re-derived by
// hand from the numbers it prints: a ratio is printed to two decimals of a
// percent, or to as many more as it takes for the rule applied to the
// printed value to give the item's score (shownRatio); points are printed
// without trailing zeros ("扣5分").

// measureOf is a count indicator's measure word ("个" when none is known).
func measureOf(in Indicator) string {
	if in.Measure != "" {
		return in.Measure
	}
	return "个"
}

// valueText is the indicator's value in words: "隐患整改率94.62%（123/130）",
// "逾期未整改重大隐患2处", "已召开安全隐患分析大会". pct is a ratio's
// percentage as printed (shownRatio).
func valueText(in Indicator, v Value, pct string) string {
	switch in.Kind {
	case Ratio:
		return fmt.Sprintf("%s%s%%（%d/%d）", in.Title, pct, v.Numerator, v.Denominator)
	case Flag:
		return flagText(in, v.Numerator >= 1)
	}
	if in.Counted != "" {
		return fmt.Sprintf("%s%d%s", in.Counted, v.Numerator, in.Measure)
	}
	return fmt.Sprintf("%s%d", in.Title, v.Numerator)
}

func flagText(in Indicator, yes bool) string {
	switch {
	case in.Yes != "" && yes:
		return in.Yes
	case in.No != "" && !yes:
		return in.No
	case yes:
		return in.Title + "：是"
	}
	return in.Title + "：否"
}

// explainEmpty explains an empty ratio: "本期无应整改隐患（0/0），按规则计满分".
func explainEmpty(it Item, in Indicator, v Value) string {
	noun := in.Of
	if noun == "" {
		noun = in.Title + "的统计对象"
	}
	outcome := "按规则计满分"
	if it.Rule.WhenEmpty == WhenEmptyZero {
		outcome = "按规则计0分"
	}
	return fmt.Sprintf("本期无%s（%d/%d），%s", noun, v.Numerator, v.Denominator, outcome)
}

// explainItem explains a non-empty item score.
func explainItem(it Item, in Indicator, v Value, is ItemScore) string {
	r := it.Rule
	points := it.Points.Rat()
	if r.Type == RuleDeduct {
		return explainDeduct(r, in, v, is)
	}
	// The printed value must give the item's score under the rule.
	pct, _ := shownRatio(in, v, func(p *big.Rat) bool { return roundScore(ruleScore(r, points, p)) == is.Score })
	val := valueText(in, v, pct)
	switch r.Type {
	case RuleLinear:
		return fmt.Sprintf("%s，按%s得0分、%s得满分线性计分，得%s分",
			val, threshold(in, r.ZeroAt), threshold(in, r.FullAt), is.Score.Text())
	case RuleCountDeduct:
		if v.Numerator == 0 {
			return val + "，不扣分"
		}
		return fmt.Sprintf("%s，每%s扣%s分，扣%s分%s", val, measureOf(in), r.PerCount, is.Lost().Text(), exhausted(is))
	case RuleBoolean:
		if is.Score == is.Points {
			return fmt.Sprintf("%s，得%s分", val, is.Score.Text())
		}
		return fmt.Sprintf("%s，扣%s分", val, is.Lost().Text())
	case RuleTiers:
		steps := make([]string, 0, len(r.Tiers)+1)
		for _, t := range r.Tiers {
			steps = append(steps, fmt.Sprintf("%s及以上得%s分", threshold(in, t.Min), t.Score))
		}
		steps = append(steps, "其余得0分")
		return fmt.Sprintf("%s，分档计分（%s），得%s分", val, strings.Join(steps, "，"), is.Score.Text())
	}
	return fmt.Sprintf("%s，得%s分", val, is.Score.Text())
}

// explainDeduct explains a deduct rule: how far below the target, at what
// rate, and the points lost — the shortfall as printed times the rate,
// rounded to hundredths, is the points lost. Where that rounding and the
// item score's own disagree (a loss of exactly x.xx5 points), the loss is
// printed unrounded and the score is what remains, rounded.
func explainDeduct(r Rule, in Indicator, v Value, is ItemScore) string {
	points := is.Points
	agrees := func(l *big.Rat) bool {
		if rounded := roundScore(l); rounded >= points {
			return is.Score == 0
		} else {
			return points-rounded == is.Score
		}
	}
	pct, p := shownRatio(in, v, func(p *big.Rat) bool { return agrees(deductLoss(r, p)) })
	val := valueText(in, v, pct)
	short := new(big.Rat).Sub(r.Target.Rat(), p)
	if short.Sign() <= 0 {
		return fmt.Sprintf("%s，达到%s，不扣分，得%s分", val, threshold(in, r.Target), is.Score.Text())
	}
	l := deductLoss(r, p) // the loss a reader works out from the printed value
	lostText := is.Lost().Text()
	if !agrees(l) {
		// A loss of exactly x.xx5: the score rounds, not the loss.
		lostText = trimZeros(l.FloatString(6))
	}
	if in.Kind == Ratio {
		return fmt.Sprintf("%s，低于%s共%s个百分点，每低%s个百分点扣%s分，扣%s分%s",
			val, threshold(in, r.Target), percentDigits(short), Decimal(r.Per*100), r.Deduct, lostText, exhausted(is))
	}
	m := measureOf(in)
	return fmt.Sprintf("%s，比目标%s少%s%s，每少%s%s扣%s分，扣%s分%s",
		val, threshold(in, r.Target), trimZeros(short.FloatString(6)), m, r.Per, m, r.Deduct, lostText, exhausted(is))
}

// shownRatio is how an explanation prints a ratio's value: as a percentage
// rounded half-up to two decimals, or to as many more (up to eight) as it
// takes for fits — the rule applied to the printed value gives the item's
// score — to hold, trailing zeros dropped. It returns the percentage's
// digits ("94.62", "82") and the value a reader computes with: the printed
// percentage as a share, or the printed fraction when no percentage fits.
// Counts and flags are printed as they are.
func shownRatio(in Indicator, v Value, fits func(p *big.Rat) bool) (string, *big.Rat) {
	if in.Kind != Ratio || v.Denominator == 0 {
		return "", valueRat(in, v)
	}
	for decimals := 2; decimals <= 8; decimals++ {
		if digits, p := percentAt(v, decimals); fits(p) {
			return trimZeros(digits), p
		}
	}
	// The score sits exactly on a rounding edge that no rounded percentage
	// reaches (3 points × 5/24 is 0.625): the fraction printed beside the
	// percentage gives it.
	digits, _ := percentAt(v, 2)
	return trimZeros(digits), valueRat(in, v)
}

// percentAt is the ratio as a percentage rounded half-up to a number of
// decimals, in digits and as the share those digits print.
func percentAt(v Value, decimals int) (string, *big.Rat) {
	scale := int64(1)
	for range decimals + 2 {
		scale *= 10
	}
	// floor((2·n·scale + d) / 2d): n/d × scale rounded half-up, in integers
	// while they cannot overflow.
	if v.Numerator < math.MaxInt64/4/scale && v.Denominator < math.MaxInt64/4 {
		n := (2*v.Numerator*scale + v.Denominator) / (2 * v.Denominator)
		return fixedBig(big.NewInt(n), decimals), big.NewRat(n, scale)
	}
	num := new(big.Int).Mul(big.NewInt(2*v.Numerator), big.NewInt(scale))
	num.Add(num, big.NewInt(v.Denominator))
	num.Quo(num, big.NewInt(2*v.Denominator))
	return fixedBig(num, decimals), new(big.Rat).SetFrac(num, big.NewInt(scale))
}

// percentDigits prints a share as a percentage, exactly: it is the
// difference of two printed numbers (the shortfall beside its value).
func percentDigits(share *big.Rat) string {
	return trimZeros(new(big.Rat).Mul(share, big.NewRat(100, 1)).FloatString(8))
}

// trimZeros drops a decimal number's trailing zeros ("5.000000" is "5").
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
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
// 每起扣5分，最多扣10分，扣5分".
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
		return fmt.Sprintf("%s，%s%s分", flagText(in, true), verb, abs.Text())
	}
	m := measureOf(in)
	if n == 0 {
		return fmt.Sprintf("%s0%s，不%s分", a.Title, m, verb)
	}
	return fmt.Sprintf("%s%d%s，每%s%s%s分，最多%s%s分，%s%s分", a.Title, n, m, m, verb, per, verb, a.Max, verb, abs.Text())
}

// VetoVerdict is what a veto does, in the words every report uses:
// "实行一票否决，等次直接确定为不合格，排名列末位".
func VetoVerdict(grade string, last bool) string {
	s := "实行一票否决，等次直接确定为" + grade
	if last {
		s += "，排名列末位"
	}
	return s
}

// explainVeto explains a veto that hit: "发生重大产品质量安全事件1起，实行一票
// 否决，等次直接确定为不合格，排名列末位，总分最高计59分".
func explainVeto(v Veto, n int64) string {
	in := indicatorOf(v.Indicator)
	what := fmt.Sprintf("%s%d%s", v.Title, n, measureOf(in))
	if in.Kind == Flag {
		what = flagText(in, true)
	}
	if v.Above > 0 {
		what += fmt.Sprintf("（超过%d%s）", v.Above, measureOf(in))
	}
	return fmt.Sprintf("%s，%s，总分最高计%s分", what, VetoVerdict(v.Grade, v.RanksLast()), v.Cap)
}

// explainGate explains a gate that lowered the grade: "关键指标“隐患整改率”
// 得6分，低于该项分值的60%，等次最高为合格" — the items by their titles, never
// their internal ids.
func explainGate(g Gate, failed []ItemScore) string {
	parts := make([]string, len(failed))
	for i, is := range failed {
		parts[i] = fmt.Sprintf("“%s”得%s分", is.Title, is.Score.Text())
	}
	return fmt.Sprintf("关键指标%s，低于该项分值的%s%%，等次最高为%s",
		strings.Join(parts, "、"), Decimal(g.MinShare*100), g.GradeAtMost)
}

// fixedBig prints n / 10^decimals with exactly that many decimals.
func fixedBig(n *big.Int, decimals int) string {
	s := n.String()
	if len(s) <= decimals {
		s = strings.Repeat("0", decimals-len(s)+1) + s
	}
	if decimals > 0 {
		s = s[:len(s)-decimals] + "." + s[len(s)-decimals:]
	}
	return s
}
