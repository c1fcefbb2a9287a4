package zhengzhi

import (
	"fmt"
	"strings"
)

// usccCharset is the alphabet of the unified social credit code (统一社会信用代码,
// GB 32100-2015); a character's position is its value 0–30. I, O, Z, S and V are
// left out so that they cannot be mistaken for digits.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of the first 17 positions in the check sum.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheckDigit computes the 18th character of a unified social credit code
// from its first 17: charset[(31 − Σ value×weight mod 31) mod 31].
func USCCCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("统一社会信用代码前17位应为17个字符，实际为%d个：%q", len(first17), first17)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccCharset, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("统一社会信用代码第%d位%q不是允许的字符（0-9及除I、O、Z、S、V外的大写字母）", i+1, first17[i])
		}
		sum += v * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31], nil
}

// ValidUSCC checks a unified social credit code. ok means it has 18 characters
// of the allowed alphabet, so it can be loaded; checkOK means its check digit
// is also right. A code with ok && !checkOK is a legacy code that loads with a
// warning, as the contract says.
func ValidUSCC(s string) (ok bool, checkOK bool) {
	if len(s) != 18 {
		return false, false
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccCharset, s[i]) < 0 {
			return false, false
		}
	}
	check, err := USCCCheckDigit(s[:17])
	if err != nil {
		return false, false
	}
	return true, check == s[17]
}
