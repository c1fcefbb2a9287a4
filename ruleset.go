package zhengzhi

import "time"

// RuleSet is one year's assessment of one level, read from a data file in
// templates/rules (never code: the province changes weights every year, and a
// year's file must keep producing that year's scores).
type RuleSet struct {
	ID           string            `yaml:"id"`
	Title        string            `yaml:"title"`
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
	// Hash is the sha256 of the file's bytes, recorded with every stored result.
	Hash string `yaml:"-"`
	// Path is the file the rule set was read from.
	Path string `yaml:"-"`
}

// Window is the period a rule set looks at; a run as of D counts [Start, min(D, End)].
type Window struct {
	Start time.Time `yaml:"start"`
	End   time.Time `yaml:"end"`
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
	Kind   string    `yaml:"kind"`
	Period string    `yaml:"period"`
	Due    time.Time `yaml:"due"`
}

// Item is one scored item of a rule set.
type Item struct {
	ID        string  `yaml:"id"`
	Title     string  `yaml:"title"`
	Points    Decimal `yaml:"points"`
	Indicator string  `yaml:"indicator"`
	Rule      Rule    `yaml:"rule"`
}

// Rule turns an indicator value into an item score; see the assessment spec.
type Rule struct {
	Type      string  `yaml:"type"` // linear | deduct | count_deduct | boolean | tiers
	ZeroAt    Decimal `yaml:"zero_at"`
	FullAt    Decimal `yaml:"full_at"`
	Target    Decimal `yaml:"target"`
	Per       Decimal `yaml:"per"`
	Deduct    Decimal `yaml:"deduct"`
	PerCount  Decimal `yaml:"per_count"`
	Tiers     []Tier  `yaml:"tiers"`
	WhenEmpty string  `yaml:"when_empty"` // full (default) | zero
}

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
}

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
