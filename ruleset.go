package zhengzhi

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// RuleSet is one year's assessment of one level, read from a data file in
// templates/rules (never code: the province changes weights every year, and a
// year's file must keep producing that year's scores).
type RuleSet struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// Short is the title reports use after saying the full one once
	// ("市局目标责任制考核"); empty, the title is said every time.
	Short        string            `yaml:"short"`
	Level        Level             `yaml:"level"`
	Window       Window            `yaml:"window"`
	Targets      map[string]Target `yaml:"targets"`
	Reporting    []Reporting       `yaml:"reporting"`
	Items        []Item            `yaml:"items"`
	Adjustments  []Adjustment      `yaml:"adjustments"`
	Vetoes       []Veto            `yaml:"vetoes"`
	Gates        []Gate            `yaml:"gates"`
	Grades       []GradeBand       `yaml:"grades"`
	GradesByRank []RankGrade       `yaml:"grades_by_rank"`
	// AppealScore lets the province, ruling on an appeal, set an item's score
	// itself (with its reason) rather than a corrected value; off, a ruling
	// may only correct the value the rule then scores.
	AppealScore bool `yaml:"appeal_score"`
	// Succeeds names the file of the rule set this one takes over from —
	// last year's assessment of the same kind and level — as a path from
	// this file's folder ("../2025/target-responsibility-city.yaml"). The
	// 评分细则 annexes what changed against it; it is never scored. "" when
	// there is none.
	Succeeds string `yaml:"succeeds"`
	// Previous is the rule set Succeeds names, once the loader has read it
	// and Follow has checked it; nil without one.
	Previous *RuleSet `yaml:"-"`
	// Hash is the sha256 of the file's bytes, recorded with every stored result.
	Hash string `yaml:"-"`
	// Path is the file the rule set was read from.
	Path string `yaml:"-"`
	// succeedsLine is the line of succeeds, for Follow's problems.
	succeedsLine int
}

// Window is the period a rule set looks at; a run as of D counts [Start, min(D, End)].
type Window struct {
	Start Date `yaml:"start"`
	End   Date `yaml:"end"`
}

// UnmarshalYAML reads {start: YYYY-MM-DD, end: YYYY-MM-DD}, reporting a bad
// date or key with its line instead of the time package's bare message.
func (w *Window) UnmarshalYAML(n *yaml.Node) error {
	return decodeFields(n, "Window", map[string]func(*yaml.Node) error{
		"start": dateField(&w.Start),
		"end":   dateField(&w.End),
	})
}

// UnmarshalYAML reads {kind, period, due: YYYY-MM-DD}; a period may be
// written unquoted (2026, 2026-09).
func (r *Reporting) UnmarshalYAML(n *yaml.Node) error {
	return decodeFields(n, "Reporting", map[string]func(*yaml.Node) error{
		"kind":   textField(&r.Kind),
		"period": textField(&r.Period),
		"due":    dateField(&r.Due),
	})
}

// decodeFields decodes a small mapping field by field. Its errors are a
// *yaml.TypeError, which the decoder collects instead of stopping, so a rule
// set's other problems are still reported.
func decodeFields(n *yaml.Node, typeName string, fields map[string]func(*yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s must be a mapping", n.Line, typeName)}}
	}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		decode, ok := fields[key.Value]
		if !ok {
			errs = append(errs, fmt.Sprintf("line %d: field %s not found in type %s", key.Line, key.Value, typeName))
			continue
		}
		if err := decode(value); err != nil {
			errs = append(errs, fmt.Sprintf("line %d: %s: %v", value.Line, key.Value, err))
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

func dateField(t *Date) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		d, err := ParseDate(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			return fmt.Errorf("%q is not a date (YYYY-MM-DD)", n.Value)
		}
		*t = d
		return nil
	}
}

func textField(s *string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("expected text")
		}
		*s = n.Value
		return nil
	}
}

// Target is a per-unit target (e.g. sampling batches), with a default.
type Target struct {
	Default int64            `yaml:"default"`
	ByUnit  map[string]int64 `yaml:",inline"`
}

// For is the target of one unit.
func (t Target) For(unit string) int64 {
	if v, ok := t.ByUnit[unit]; ok {
		return v
	}
	return t.Default
}

// Reporting is a required submission to the province (信息报送) with its due date.
type Reporting struct {
	Kind   string `yaml:"kind"`
	Period string `yaml:"period"`
	Due    Date   `yaml:"due"`
}

// Item is one scored item of a rule set.
type Item struct {
	ID        string  `yaml:"id"`
	Title     string  `yaml:"title"`
	Points    Decimal `yaml:"points"`
	Indicator string  `yaml:"indicator"`
	Rule      Rule    `yaml:"rule"`
	// Improvable is `improvable: false` when no work can change the item any
	// more (reports already due); nil, the default, means improvable.
	Improvable *bool `yaml:"improvable"`
}

// CanImprove says whether the rule set lets work change the item (the
// default); see Improvable.
func (it Item) CanImprove() bool { return it.Improvable == nil || *it.Improvable }

// Rule turns an indicator value into an item score; see the assessment spec.
type Rule struct {
	Type      string  `yaml:"type"` // one of the Rule… constants
	ZeroAt    Decimal `yaml:"zero_at"`
	FullAt    Decimal `yaml:"full_at"`
	Target    Decimal `yaml:"target"`
	Per       Decimal `yaml:"per"`
	Deduct    Decimal `yaml:"deduct"`
	PerCount  Decimal `yaml:"per_count"`
	Tiers     []Tier  `yaml:"tiers"`
	WhenEmpty string  `yaml:"when_empty"` // full (default) | zero
}

// The item rule types of the assessment spec.
const (
	RuleLinear      = "linear"       // P × clamp((v − zero_at) / (full_at − zero_at), 0, 1)
	RuleDeduct      = "deduct"       // max(0, P − deduct × max(0, target − v) / per)
	RuleCountDeduct = "count_deduct" // max(0, P − per_count × v)
	RuleBoolean     = "boolean"      // P if v ≥ 1, else 0
	RuleTiers       = "tiers"        // the score of the first tier with v ≥ min
)

// The when_empty choices of a ratio rule.
const (
	WhenEmptyFull = "full" // nothing to do, nothing lost (the default)
	WhenEmptyZero = "zero"
)

// Tier is one step of a tiers rule: score s when the value is at least min.
type Tier struct {
	Min   Decimal `yaml:"min"`
	Score Decimal `yaml:"score"`
}

// Adjustment is a bonus (+) or penalty (−) of per × value, limited to ±max.
type Adjustment struct {
	ID        string  `yaml:"id"`
	Title     string  `yaml:"title"`
	Indicator string  `yaml:"indicator"`
	Per       Decimal `yaml:"per"`
	Max       Decimal `yaml:"max"`
}

// Veto caps the total and forces a grade when its indicator is above a value (一票否决).
type Veto struct {
	ID        string  `yaml:"id"`
	Title     string  `yaml:"title"`
	Indicator string  `yaml:"indicator"`
	Above     int64   `yaml:"above"`
	Cap       Decimal `yaml:"cap"`
	Grade     string  `yaml:"grade"`
	// Rank is VetoRankLast when a unit the veto hits ranks after every unit
	// it does not hit (列末位); "" (the default) ranks it by total like the rest.
	Rank string `yaml:"rank"`
}

// VetoRankLast is the veto rank that puts the units it hits last (列末位).
const VetoRankLast = "last"

// RanksLast reports whether the units the veto hits rank after all others.
func (v Veto) RanksLast() bool { return v.Rank == VetoRankLast }

// Gate lowers the grade when a key item scores below a share of its points.
type Gate struct {
	Items       []string `yaml:"items"`
	MinShare    Decimal  `yaml:"min_share"`
	GradeAtMost string   `yaml:"grade_at_most"`
}

// GradeBand is a score band: totals of at least Min get Name (以上包括本数).
type GradeBand struct {
	Min  Decimal `yaml:"min"`
	Name string  `yaml:"name"`
}

// RankGrade grades by rank: the first Top ranks get Name; a band without Top takes the rest.
type RankGrade struct {
	Top  int    `yaml:"top"`
	Name string `yaml:"name"`
}

// ErrOutsideWindow refuses an as-of date before a rule set's window starts.
var ErrOutsideWindow = errors.New("as-of date before the assessment window")

// WindowEnd is the D of the assessment spec: the as-of date clamped to the
// window's end, so a run after the year closes still scores that year. A
// date before the window starts has nothing to score: it is refused.
func (rs *RuleSet) WindowEnd(asOf Date) (Date, error) {
	switch {
	case asOf < rs.Window.Start:
		return 0, fmt.Errorf("%w: 统计截止日期 %s 早于考核期（%s 至 %s）开始，无可考核的数据",
			ErrOutsideWindow, asOf, rs.Window.Start, rs.Window.End)
	case asOf > rs.Window.End:
		return rs.Window.End, nil
	}
	return asOf, nil
}

// UsedIndicators lists the distinct indicator names the rule set uses (items,
// adjustments, vetoes) in order of first use, so the indicator engine computes
// only what the rule set scores.
func (rs *RuleSet) UsedIndicators() []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, it := range rs.Items {
		add(it.Indicator)
	}
	for _, a := range rs.Adjustments {
		add(a.Indicator)
	}
	for _, v := range rs.Vetoes {
		add(v.Indicator)
	}
	return out
}

// PreviousPath is the file Succeeds names, from the folder of Path ("" when
// the rule set succeeds none), with forward slashes; the loader reads it.
func (rs *RuleSet) PreviousPath() string {
	if rs.Succeeds == "" {
		return ""
	}
	return path.Join(path.Dir(filepath.ToSlash(rs.Path)), rs.Succeeds)
}

// Follow links the rule set to the one it succeeds, read from PreviousPath:
// last year's assessment of the same level — its window a year before this
// one's — and not this rule set itself. A mismatch is a *RuleSetError at
// the line of succeeds.
func (rs *RuleSet) Follow(prev *RuleSet) error {
	var problem string
	switch {
	case prev.ID == rs.ID:
		problem = fmt.Sprintf("succeeds %s: that is this rule set's own id %s", rs.Succeeds, rs.ID)
	case prev.Level != rs.Level:
		problem = fmt.Sprintf("succeeds %s: %s assesses the %s level, this rule set the %s level", rs.Succeeds, prev.ID, prev.Level, rs.Level)
	case prev.Window.End.Year() != rs.Window.End.Year()-1:
		problem = fmt.Sprintf("succeeds %s: %s is of %d, not of the year before this rule set's %d", rs.Succeeds, prev.ID,
			prev.Window.End.Year(), rs.Window.End.Year())
	}
	if problem != "" {
		return &RuleSetError{Path: rs.Path, Problems: []RuleSetProblem{{Line: rs.succeedsLine, Message: problem}}}
	}
	rs.Previous = prev
	return nil
}

// ShortTitle is the rule set's short title, or its title when it has none.
func (rs *RuleSet) ShortTitle() string {
	if rs.Short != "" {
		return rs.Short
	}
	return rs.Title
}

// GradeNames lists the rule set's grades best first, from its score bands or
// its rank grades; gates and vetoes compare grades by this order.
func (rs *RuleSet) GradeNames() []string {
	var out []string
	for _, g := range rs.Grades {
		out = append(out, g.Name)
	}
	for _, g := range rs.GradesByRank {
		out = append(out, g.Name)
	}
	return out
}
