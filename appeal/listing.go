package appeal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"zhengzhi"
)

// ParseValue reads a proposed or ruled value: NUM/DEN for a ratio, N for a
// count, 1/0 (or yes/no, 是/否) for a yes/no.
func ParseValue(s string) (zhengzhi.Value, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "yes", "是":
		return zhengzhi.Value{Numerator: 1}, nil
	case "no", "否":
		return zhengzhi.Value{Numerator: 0}, nil
	}
	num, den, ratio := strings.Cut(s, "/")
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil {
		return zhengzhi.Value{}, fmt.Errorf("值%q应为 分子/分母 或一个整数", s)
	}
	v := zhengzhi.Value{Numerator: n}
	if ratio {
		if v.Denominator, err = strconv.ParseInt(strings.TrimSpace(den), 10, 64); err != nil {
			return zhengzhi.Value{}, fmt.Errorf("值%q应为 分子/分母 或一个整数", s)
		}
		if v.Denominator == 0 {
			return zhengzhi.Value{}, errors.New("分母不能为0")
		}
	}
	return v, nil
}

// ValueText is a value as ParseValue reads it: NUM/DEN or N.
func ValueText(v *zhengzhi.Value) string {
	if v.Denominator != 0 {
		return strconv.FormatInt(v.Numerator, 10) + "/" + strconv.FormatInt(v.Denominator, 10)
	}
	return strconv.FormatInt(v.Numerator, 10)
}

// Listing is the appeals as other tools read them: the JSON of `zhengzhi
// appeal list --format json`. Its shape is a stable interface.
type Listing struct {
	Appeals []ListedAppeal `json:"appeals"`
}

// ListedAppeal is one appeal in a Listing; Value is NUM/DEN or N, null when
// none was proposed.
type ListedAppeal struct {
	ID       int64            `json:"id"`
	RuleSet  string           `json:"ruleset"`
	AsOf     string           `json:"as_of"`
	Unit     string           `json:"unit"`
	Item     string           `json:"item"`
	Claim    string           `json:"claim"`
	Value    *string          `json:"value"`
	Evidence []ListedEvidence `json:"evidence"`
	FiledBy  string           `json:"filed_by"`
	FiledAt  string           `json:"filed_at"`
	State    string           `json:"state"`
	Ruling   *ListedRuling    `json:"ruling"`
}

// ListedEvidence is one evidence file of a listed appeal.
type ListedEvidence struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// ListedRuling is the ruling on a listed appeal.
type ListedRuling struct {
	Value  *string         `json:"value"`
	Score  *zhengzhi.Score `json:"score"`
	Reason string          `json:"reason"`
	By     string          `json:"by"`
	At     string          `json:"at"`
}

// NewListing is the listing of these appeals, in their order.
func NewListing(appeals []zhengzhi.Appeal) Listing {
	out := Listing{Appeals: make([]ListedAppeal, 0, len(appeals))}
	for _, a := range appeals {
		l := ListedAppeal{ID: a.ID, RuleSet: a.RuleSet, AsOf: a.AsOf.String(), Unit: a.Unit, Item: a.Item, Claim: a.Claim,
			Value: valueText(a.Value), Evidence: make([]ListedEvidence, 0, len(a.Evidence)), FiledBy: a.FiledBy,
			FiledAt: a.FiledAt.UTC().Format(time.RFC3339), State: string(a.State)}
		for _, e := range a.Evidence {
			l.Evidence = append(l.Evidence, ListedEvidence{Name: e.Name, SHA256: e.SHA256})
		}
		if r := a.Ruling; r != nil {
			l.Ruling = &ListedRuling{Value: valueText(r.Value), Score: r.Score, Reason: r.Reason, By: r.By,
				At: r.At.UTC().Format(time.RFC3339)}
		}
		out.Appeals = append(out.Appeals, l)
	}
	return out
}

func valueText(v *zhengzhi.Value) *string {
	if v == nil {
		return nil
	}
	s := ValueText(v)
	return &s
}

// Write prints the listing as indented JSON.
func (l Listing) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(l)
}
