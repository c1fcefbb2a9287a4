package demotest

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"zhengzhi"
)

// The checks below re-derive an explanation's arithmetic from its own text,
// as a reader with a calculator would: the percentage from its numerator
// and denominator, the shortfall from the target and the percentage, the
// points from the rule's numbers. They read the words the domain prints
// (explain.go) and nothing else but the item's points and score (the 分值
// and 得分 columns beside the explanation).

var (
	ratioValue  = regexp.MustCompile(`(\d+(?:\.\d+)?)%（(\d+)/(\d+)）`)
	linearRule  = regexp.MustCompile(`按(\d+(?:\.\d+)?)(%|[^\d得]+)得0分、(\d+(?:\.\d+)?)(?:%|[^\d得]+)得满分线性计分，得(\d+(?:\.\d+)?)分$`)
	countValue  = regexp.MustCompile(`^\D*?(\d+)(?:处|批次|家|个|项|起)，`)
	deductRatio = regexp.MustCompile(`低于(\d+(?:\.\d+)?)%共(\d+(?:\.\d+)?)个百分点，每低(\d+(?:\.\d+)?)个百分点扣(\d+(?:\.\d+)?)分，扣(\d+(?:\.\d+)?)分(（扣完为止）)?$`)
	deductCount = regexp.MustCompile(`比目标(\d+(?:\.\d+)?)\D+?少(\d+(?:\.\d+)?)\D+?，每少(\d+(?:\.\d+)?)\D+?扣(\d+(?:\.\d+)?)分，扣(\d+(?:\.\d+)?)分(（扣完为止）)?$`)
	reached     = regexp.MustCompile(`达到(\d+(?:\.\d+)?)(%?)\D*?，不扣分，得(\d+(?:\.\d+)?)分$`)
	perCount    = regexp.MustCompile(`^\D*?(\d+)\D+?，每\D+?扣(\d+(?:\.\d+)?)分，扣(\d+(?:\.\d+)?)分(（扣完为止）)?$`)
	tierRule    = regexp.MustCompile(`分档计分（(.*)），得(\d+(?:\.\d+)?)分$`)
	tierStep    = regexp.MustCompile(`^(\d+(?:\.\d+)?)%及以上得(\d+(?:\.\d+)?)分$`)
	gotPoints   = regexp.MustCompile(`，(得|扣)(\d+(?:\.\d+)?)分$`)
	emptyRatio  = regexp.MustCompile(`^本期无.+（0/0），按规则计(满分|0分)$`)
	adjustment  = regexp.MustCompile(`(\d+)\D+?，每\D+?(加|扣)(\d+(?:\.\d+)?)分，最多(?:加|扣)(\d+(?:\.\d+)?)分，(?:加|扣)(\d+(?:\.\d+)?)分$`)
)

// CheckExplanation re-derives an item's explanation: its printed value, and
// the score or the points lost that the rule's numbers give from it, must
// agree with the item's points and score. It returns what does not add up.
func CheckExplanation(points, score zhengzhi.Score, text string) error {
	P, S := rat(points.String()), rat(score.String())
	if m := emptyRatio.FindStringSubmatch(text); m != nil {
		want := P
		if m[1] == "0分" {
			want = new(big.Rat)
		}
		return same("empty ratio's score", S, want)
	}
	var v *big.Rat // the value as printed: a share for a ratio, else a count
	pct := false
	if m := ratioValue.FindStringSubmatch(text); m != nil {
		printed, num, den := rat(m[1]), rat(m[2]), rat(m[3])
		decimals := 0
		if _, frac, ok := strings.Cut(m[1], "."); ok {
			decimals = len(frac)
		}
		share := new(big.Rat).Quo(num, den)
		if want := halfUp(new(big.Rat).Mul(share, big.NewRat(100, 1)), decimals); printed.Cmp(want) != 0 {
			return fmt.Errorf("%s/%s is %s%%, not %s%%", m[2], m[3], want.FloatString(decimals), m[1])
		}
		v, pct = new(big.Rat).Quo(printed, big.NewRat(100, 1)), true
		// A score on a rounding edge that no rounded percentage reaches
		// (3 points × 5/24 is 0.625) is worked out from the printed fraction.
		if err := rule(P, S, text, v, pct); err != nil {
			if rule(P, S, text, share, pct) == nil {
				return nil
			}
			return err
		}
		return nil
	} else if m := countValue.FindStringSubmatch(text); m != nil {
		v = rat(m[1])
	}
	return rule(P, S, text, v, pct)
}

// rule re-derives the rule's arithmetic from the value v as printed (a
// share when pct, else a count) and the numbers of the rule's words.
func rule(P, S *big.Rat, text string, v *big.Rat, pct bool) error {
	lost := new(big.Rat).Sub(P, S)
	// asValue reads a threshold as the value is read: a percentage as a share.
	asValue := func(s string) *big.Rat {
		if pct {
			return new(big.Rat).Quo(rat(s), big.NewRat(100, 1))
		}
		return rat(s)
	}
	switch {
	case linearRule.MatchString(text):
		m := linearRule.FindStringSubmatch(text)
		a, b := asValue(m[1]), asValue(m[3])
		f := new(big.Rat).Quo(new(big.Rat).Sub(v, a), new(big.Rat).Sub(b, a))
		f = clamp(f)
		if err := same("printed score", rat(m[4]), S); err != nil {
			return err
		}
		return same("linear score", S, halfUp(new(big.Rat).Mul(P, f), 2))
	case deductRatio.MatchString(text):
		m := deductRatio.FindStringSubmatch(text)
		target, gap := rat(m[1]), rat(m[2])
		if err := same("shortfall", gap, new(big.Rat).Sub(target, new(big.Rat).Mul(v, big.NewRat(100, 1)))); err != nil {
			return err
		}
		return deducted(P, S, gap, rat(m[3]), rat(m[4]), m[5], m[6] != "")
	case deductCount.MatchString(text):
		m := deductCount.FindStringSubmatch(text)
		if err := same("shortfall", rat(m[2]), new(big.Rat).Sub(rat(m[1]), v)); err != nil {
			return err
		}
		return deducted(P, S, rat(m[2]), rat(m[3]), rat(m[4]), m[5], m[6] != "")
	case reached.MatchString(text):
		m := reached.FindStringSubmatch(text)
		if v.Cmp(asValue(m[1])) < 0 {
			return fmt.Errorf("the value %s does not reach the target %s", v.FloatString(4), m[1])
		}
		if err := same("printed score", rat(m[3]), S); err != nil {
			return err
		}
		return same("score at the target", S, P)
	case tierRule.MatchString(text):
		m := tierRule.FindStringSubmatch(text)
		want := new(big.Rat)
		for _, step := range strings.Split(m[1], "，") {
			t := tierStep.FindStringSubmatch(step)
			if t == nil {
				continue // 其余得0分
			}
			if v.Cmp(asValue(t[1])) >= 0 {
				want = rat(t[2])
				break
			}
		}
		if err := same("printed score", rat(m[2]), S); err != nil {
			return err
		}
		return same("tier score", S, want)
	case perCount.MatchString(text):
		m := perCount.FindStringSubmatch(text)
		raw := new(big.Rat).Mul(rat(m[1]), rat(m[2]))
		if err := same("printed loss", rat(m[3]), lost); err != nil {
			return err
		}
		if m[4] != "" {
			if raw.Cmp(P) < 0 || S.Sign() != 0 {
				return fmt.Errorf("%s × %s = %s does not use up %s points", m[1], m[2], raw.FloatString(2), P.FloatString(2))
			}
			return nil
		}
		return same("points lost per count", lost, raw)
	case strings.HasSuffix(text, "不扣分"):
		if v == nil || v.Sign() != 0 {
			return fmt.Errorf("no deduction, but the count is not 0")
		}
		return same("score without deduction", S, P)
	case gotPoints.MatchString(text):
		// A flag: all or nothing.
		m := gotPoints.FindStringSubmatch(text)
		if m[1] == "得" {
			if err := same("printed score", rat(m[2]), S); err != nil {
				return err
			}
			return same("a flag's score", S, P)
		}
		if err := same("printed loss", rat(m[2]), lost); err != nil {
			return err
		}
		return same("a flag's loss", lost, P)
	}
	return fmt.Errorf("no rule's words found")
}

// deducted checks a deduct rule's loss: the shortfall over per times the
// deduction, rounded to hundredths — unless the explanation prints the loss
// unrounded (exactly x.xx5), when the score is what remains, rounded.
func deducted(P, S, gap, per, deduct *big.Rat, printed string, exhausted bool) error {
	raw := new(big.Rat).Quo(new(big.Rat).Mul(deduct, gap), per)
	L := rat(printed)
	lost := new(big.Rat).Sub(P, S)
	if exhausted {
		if halfUp(raw, 2).Cmp(P) < 0 || S.Sign() != 0 || L.Cmp(P) != 0 {
			return fmt.Errorf("%s × %s / %s = %s does not use up %s points", gap.FloatString(4), deduct.FloatString(2), per.FloatString(2), raw.FloatString(4), P.FloatString(2))
		}
		return nil
	}
	if _, frac, _ := strings.Cut(printed, "."); len(frac) > 2 {
		if err := same("unrounded loss", L, raw); err != nil {
			return err
		}
		return same("score after an unrounded loss", S, halfUp(new(big.Rat).Sub(P, L), 2))
	}
	if err := same("printed loss", L, lost); err != nil {
		return err
	}
	return same("loss from the shortfall", L, halfUp(raw, 2))
}

// CheckAdjustment re-derives a bonus or penalty's explanation: per × count,
// limited to the maximum, is the printed points and the adjustment's score.
func CheckAdjustment(score zhengzhi.Score, text string) error {
	abs := rat(score.String())
	abs.Abs(abs)
	if strings.Contains(text, "，不加分") || strings.Contains(text, "，不扣分") {
		return same("an adjustment that does not apply", abs, new(big.Rat))
	}
	m := adjustment.FindStringSubmatch(text)
	if m == nil {
		if g := gotPoints.FindStringSubmatch(text); g != nil {
			return same("a flag's adjustment", abs, rat(g[2]))
		}
		return fmt.Errorf("no adjustment's words found")
	}
	want := new(big.Rat).Mul(rat(m[1]), rat(m[3]))
	if want.Cmp(rat(m[4])) > 0 {
		want = rat(m[4])
	}
	if err := same("printed adjustment", rat(m[5]), abs); err != nil {
		return err
	}
	return same("per × count within the maximum", abs, want)
}

func same(what string, got, want *big.Rat) error {
	if got.Cmp(want) != 0 {
		return fmt.Errorf("%s: %s, re-derived %s", what, got.FloatString(4), want.FloatString(4))
	}
	return nil
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("not a number: " + s)
	}
	return r
}

// halfUp rounds x (not negative) half-up to a number of decimals.
func halfUp(x *big.Rat, decimals int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	n := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	n.Add(n, big.NewRat(1, 2))
	q := new(big.Int).Quo(n.Num(), n.Denom())
	return new(big.Rat).SetFrac(q, scale)
}

func clamp(f *big.Rat) *big.Rat {
	switch {
	case f.Sign() < 0:
		return new(big.Rat)
	case f.Cmp(big.NewRat(1, 1)) > 0:
		return big.NewRat(1, 1)
	}
	return f
}
