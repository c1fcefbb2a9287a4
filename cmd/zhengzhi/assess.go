package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/assess"
)

func runAssess(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "assess", "Score every unit of the rule set's level as of a date, store the result and print it.")
	rules := fs.String("rules", "", "the rule set file (required), e.g. templates/rules/2026/target-responsibility-city.yaml")
	asOf := asOfFlag(fs, "the as-of date")
	format := formatFlag(fs, "table", "json", "csv")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *rules == "" {
		return usageError{errors.New("--rules is required: the rule set file to score against")}
	}
	rs, err := assess.LoadRuleSet(*rules)
	if err != nil {
		return usageError{err}
	}
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := assess.Run(ctx, s.w, s.reg, rs, asOf.or(s.today()))
	if err != nil {
		return err
	}
	e.log.Info("assessment stored", "ruleset", rs.ID, "as_of", res.Assessment.AsOf,
		"id", res.ID, "units", len(res.Assessment.Units), "pulls", len(res.Pulls))
	return assessFormats[format.value](e.stdout, res.Assessment, res.Values)
}

// assessFormats are the printed forms of an assessment, given the values it
// was scored from.
var assessFormats = map[string]func(io.Writer, *zhengzhi.Assessment, zhengzhi.Values) error{
	"table": writeRankingTable,
	"json":  writeAssessmentJSON,
	"csv":   writeAssessmentCSV,
}

// assessmentJSON is the printed JSON: units in registry order, scores and
// values as JSON numbers.
type assessmentJSON struct {
	RuleSet string          `json:"ruleset"`
	Title   string          `json:"title"`
	Level   zhengzhi.Level  `json:"level"`
	AsOf    string          `json:"as_of"`
	Units   []unitScoreJSON `json:"units"`
}

type unitScoreJSON struct {
	Code        string             `json:"code"`
	Name        string             `json:"name"`
	Total       zhengzhi.Score     `json:"total"`
	Grade       string             `json:"grade"`
	Rank        int                `json:"rank"`
	Vetoed      bool               `json:"vetoed"`
	Vetoes      []zhengzhi.VetoHit `json:"vetoes"`
	Gated       bool               `json:"gated"`
	Items       []itemScoreJSON    `json:"items"`
	Adjustments []adjustmentJSON   `json:"adjustments"`
	// NextGrade is the path to the next grade, null when there is none;
	// NextGradeBlocked then says why (vetoed, top, unreachable) and, for an
	// unreachable grade, NextGradeShort how far everything full stays below
	// it. NextGradeText says it all in words.
	NextGrade        *nextGradeJSON   `json:"next_grade"`
	NextGradeBlocked zhengzhi.Blocked `json:"next_grade_blocked,omitempty"`
	NextGradeShort   *zhengzhi.Score  `json:"next_grade_short,omitempty"`
	NextGradeText    string           `json:"next_grade_text"`
	// Margin is how safely the unit holds its grade; null at the lowest
	// grade and under a veto.
	Margin *marginJSON `json:"margin"`
}

// nextGradeJSON is a path: the grade aimed at, the total it takes (for
// grades_by_rank, the total that reaches rank top with the other units as
// they stand), the gap to it, the actions by item, and the unit's total,
// rank and grade after them.
type nextGradeJSON struct {
	Grade      string         `json:"grade"`
	Top        int            `json:"top,omitempty"`
	Min        zhengzhi.Score `json:"min"`
	Gap        zhengzhi.Score `json:"gap"`
	Actions    int64          `json:"actions"`
	Steps      []stepJSON     `json:"steps"`
	TotalAfter zhengzhi.Score `json:"total_after"`
	RankAfter  int            `json:"rank_after"`
	GradeAfter string         `json:"grade_after"`
}

type stepJSON struct {
	Item  string         `json:"item"`
	Count int64          `json:"count"`
	Gain  zhengzhi.Score `json:"gain"`
	Text  string         `json:"text"`
}

// marginJSON is the points above the grade's floor (for grades_by_rank, the
// lowest total that keeps rank top) and the item where the fewest setbacks
// would cost the grade, what they would cost and the grade they would leave;
// the item's keys are left out when setbacks on no one item can cost it.
type marginJSON struct {
	Grade    string         `json:"grade"`
	Top      int            `json:"top,omitempty"`
	Floor    zhengzhi.Score `json:"floor"`
	Points   zhengzhi.Score `json:"points"`
	Item     string         `json:"item,omitempty"`
	Setbacks int64          `json:"setbacks,omitempty"`
	Lost     zhengzhi.Score `json:"lost,omitempty"`
	FallsTo  string         `json:"falls_to,omitempty"`
	Text     string         `json:"text"`
}

// nextGradeFields fills a unit's path and margin.
func (u *unitScoreJSON) nextGradeFields(n zhengzhi.NextGrade) {
	u.NextGradeText, u.NextGradeBlocked = n.Text(), n.Blocked
	if n.Blocked == zhengzhi.BlockedUnreachable && n.MinKnown {
		u.NextGradeShort = &n.Short
	}
	if n.Blocked == "" {
		ng := &nextGradeJSON{Grade: n.Grade, Top: n.Top, Min: n.Min, Gap: n.Gap, Actions: n.Actions,
			Steps: make([]stepJSON, 0, len(n.Steps)), TotalAfter: n.Total, RankAfter: n.Rank, GradeAfter: n.Reached}
		for _, st := range n.Steps {
			ng.Steps = append(ng.Steps, stepJSON{Item: st.Item, Count: st.Count, Gain: st.Gain, Text: st.Text})
		}
		u.NextGrade = ng
	}
	if m := n.Margin; m != nil {
		u.Margin = &marginJSON{Grade: m.Grade, Top: m.Top, Floor: m.Floor, Points: m.Points, Item: m.Item,
			Setbacks: m.Setbacks, Lost: m.Lost, FallsTo: m.Falls, Text: m.Text()}
	}
}

type itemScoreJSON struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Points      zhengzhi.Score `json:"points"`
	Score       zhengzhi.Score `json:"score"`
	Value       *float64       `json:"value"`
	Numerator   int64          `json:"numerator"`
	Denominator int64          `json:"denominator"`
	Empty       bool           `json:"empty"`
	Explanation string         `json:"explanation"`
}

type adjustmentJSON struct {
	ID    string         `json:"id"`
	Value int64          `json:"value"`
	Score zhengzhi.Score `json:"score"`
}

// itemValue is an item's value as a number: a ratio's share (nil when
// empty), a count's or a flag's number.
func itemValue(it zhengzhi.ItemScore) *float64 {
	v := float64(it.Value.Numerator)
	if it.Kind == zhengzhi.Ratio {
		if it.Value.Denominator == 0 {
			return nil
		}
		v /= float64(it.Value.Denominator)
	}
	return &v
}

func writeAssessmentJSON(w io.Writer, a *zhengzhi.Assessment, values zhengzhi.Values) error {
	out := assessmentJSON{RuleSet: a.RuleSet.ID, Title: a.RuleSet.Title, Level: a.RuleSet.Level,
		AsOf: a.AsOf.String(), Units: make([]unitScoreJSON, 0, len(a.Units))}
	paths := zhengzhi.NextGrades(a, values)
	for i, c := range a.Units {
		u := unitScoreJSON{Code: c.Unit.Code, Name: c.Unit.Name, Total: c.Total, Grade: c.Grade, Rank: c.Rank,
			Vetoed: c.Vetoed, Vetoes: c.Vetoes, Gated: c.Gated,
			Items: make([]itemScoreJSON, 0, len(c.Items)), Adjustments: make([]adjustmentJSON, 0, len(c.Adjustments))}
		if u.Vetoes == nil {
			u.Vetoes = []zhengzhi.VetoHit{}
		}
		for _, it := range c.Items {
			u.Items = append(u.Items, itemScoreJSON{ID: it.ID, Title: it.Title, Points: it.Points, Score: it.Score,
				Value: itemValue(it), Numerator: it.Value.Numerator, Denominator: it.Value.Denominator,
				Empty: it.Empty, Explanation: it.Explanation})
		}
		for _, adj := range c.Adjustments {
			u.Adjustments = append(u.Adjustments, adjustmentJSON{ID: adj.ID, Value: adj.Value, Score: adj.Score})
		}
		u.nextGradeFields(paths[i])
		out.Units = append(out.Units, u)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeAssessmentCSV(w io.Writer, a *zhengzhi.Assessment, _ zhengzhi.Values) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"ruleset", "as_of", "code", "name", "total", "grade", "rank", "vetoed",
		"item", "title", "points", "score", "numerator", "denominator", "value", "empty", "explanation"})
	asOf := a.AsOf.String()
	for _, c := range a.Units {
		for _, it := range c.Items {
			value := ""
			if v := itemValue(it); v != nil {
				value = strconv.FormatFloat(*v, 'f', -1, 64)
			}
			cw.Write([]string{a.RuleSet.ID, asOf, c.Unit.Code, c.Unit.Name, c.Total.String(), c.Grade,
				strconv.Itoa(c.Rank), strconv.FormatBool(c.Vetoed), it.ID, it.Title, it.Points.String(), it.Score.String(),
				strconv.FormatInt(it.Value.Numerator, 10), strconv.FormatInt(it.Value.Denominator, 10), value,
				strconv.FormatBool(it.Empty), it.Explanation})
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRankingTable prints the ranking (名次 单位 总分 等级 否决) in rank order,
// ties in registry order, with columns aligned for Chinese on a terminal.
func writeRankingTable(w io.Writer, a *zhengzhi.Assessment, _ zhengzhi.Values) error {
	cards := slices.Clone(a.Units)
	slices.SortStableFunc(cards, func(x, y zhengzhi.Scorecard) int { return x.Rank - y.Rank })
	t := newTable("名次", "单位", "总分", "等级", "否决").alignRight(0, 2)
	for _, c := range cards {
		var vetoes []string
		for _, v := range c.Vetoes {
			vetoes = append(vetoes, v.ID+" "+v.Title)
		}
		t.add(strconv.Itoa(c.Rank), c.Unit.Name, c.Total.String(), c.Grade, strings.Join(vetoes, "；"))
	}
	if _, err := fmt.Fprintf(w, "%s（截至%s）\n", a.RuleSet.Title, a.AsOf); err != nil {
		return err
	}
	return t.write(w)
}
