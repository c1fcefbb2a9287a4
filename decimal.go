package zhengzhi

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decimal is a number written in a rule set (points, thresholds, shares), kept
// exactly in millionths so that 0.01 is 0.01 and not a binary approximation.
type Decimal int64

// decimalScale is the number of millionths in one.
const decimalScale = 1_000_000

// ParseDecimal reads a decimal number with at most six decimals ("0.5", "-5", "1.0").
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 6 {
		return 0, fmt.Errorf("%q is not a decimal number with at most 6 decimals", s)
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	f := int64(0)
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a decimal number", s)
		}
	}
	d := Decimal(w*decimalScale + f)
	if neg {
		d = -d
	}
	return d, nil
}

// UnmarshalYAML reads the scalar's text exactly, without going through float64.
func (d *Decimal) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a number", n.Line)
	}
	v, err := ParseDecimal(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// Rat is the decimal as an exact rational.
func (d Decimal) Rat() *big.Rat { return big.NewRat(int64(d), decimalScale) }

// Float is the decimal as a float64, for display only.
func (d Decimal) Float() float64 { return float64(d) / decimalScale }

// String prints the decimal without trailing zeros ("0.5", "10").
func (d Decimal) String() string {
	return strconv.FormatFloat(d.Float(), 'f', -1, 64)
}
