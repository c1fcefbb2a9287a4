package reports

import (
	"fmt"
	"sort"
	"strings"
	"text/template"

	"zhengzhi"
)

// Summary is the year-end assessment summary for leadership (年度考核结果汇总):
// the ranking of every assessment, the grade distribution, vetoes and
// penalties with reasons, the units to be called in, and a few highlights.
type Summary struct {
	Meta        Meta                `json:"-"`
	Title       string              `json:"title"`
	Year        int                 `json:"year"`
	AsOf        string              `json:"as_of"`
	Opening     string              `json:"opening"`
	Assessments []SummaryAssessment `json:"assessments"`
	Penalties   []SummaryPenalty    `json:"penalties"`
	CalledIn    []CalledIn          `json:"called_in"`
	Highlights  []string            `json:"highlights"`
}

// SummaryAssessment is one assessment's ranking and grade distribution.
type SummaryAssessment struct {
	RuleSetID string       `json:"ruleset_id"`
	Title     string       `json:"title"`
	Rows      []SummaryRow `json:"rows"`
	Grades    []GradeCount `json:"grades"`
}

// SummaryRow is one unit's line of a ranking table, by rank.
type SummaryRow struct {
	Rank   int            `json:"rank"`
	Code   string         `json:"code"`
	Name   string         `json:"name"`
	Total  zhengzhi.Score `json:"total"`
	Grade  string         `json:"grade"`
	Vetoed bool           `json:"vetoed"`
	// Change is the move since the previous stored period: "+3.20（↑2）", or "—" without one.
	Change string `json:"change"`
}

// GradeCount is how many units got a grade, and which.
type GradeCount struct {
	Grade string   `json:"grade"`
	Count int      `json:"count"`
	Units []string `json:"units"`
}

// SummaryPenalty is a veto or a penalty a unit received, with its reason.
type SummaryPenalty struct {
	Unit       string         `json:"unit"`
	Assessment string         `json:"assessment"`
	Kind       string         `json:"kind"` // 一票否决 | 扣分
	Title      string         `json:"title"`
	Score      zhengzhi.Score `json:"score"` // the points deducted (negative), or the cap for a veto
	Reason     string         `json:"reason"`
}

// CalledIn is a unit to be called in for a talk (约谈) and why.
type CalledIn struct {
	Unit   string `json:"unit"`
	Reason string `json:"reason"`
}

// SummaryFacts are what the opening paragraph's template reads.
type SummaryFacts struct {
	Year        int
	Date        string // "12月31日"
	Units       int
	Assessments []AssessmentFacts
}

// AssessmentFacts are one assessment's headline numbers.
type AssessmentFacts struct {
	Title                 string
	TopGrade, LowestGrade string
	TopCount, LowestCount int
	Vetoed                int
	First                 string // the unit ranked first (several joined by 、)
}

// BuildSummary builds the summary from the year's assessments of one level
// (cities) and, where stored, the previous period's assessments of the same
// rule sets, matched by rule set id. narrative is the opening's text/template
// (templates/narrative/summary.tmpl).
func BuildSummary(meta Meta, narrative string, current, previous []*zhengzhi.Assessment) (Summary, error) {
	s := Summary{Meta: meta, Year: meta.AsOf.Year(), AsOf: meta.AsOf.String()}
	// The line break is where a reader pauses; the renderer keeps it in the title.
	s.Title = fmt.Sprintf("%d年度重点产品风险隐患\n专项整治考核结果汇总", s.Year)
	prev := map[string]*zhengzhi.Assessment{}
	for _, a := range previous {
		if a.RuleSet != nil {
			prev[a.RuleSet.ID] = a
		}
	}
	facts := SummaryFacts{Year: s.Year, Date: fmt.Sprintf("%d月%d日", meta.AsOf.Month(), meta.AsOf.Day())}
	called := map[string][]string{}
	var calledOrder []string
	for _, a := range current {
		sa, af := summarize(a, prev[ruleSetID(a)])
		s.Assessments = append(s.Assessments, sa)
		facts.Assessments = append(facts.Assessments, af)
		facts.Units = max(facts.Units, len(a.Units))
		s.Penalties = append(s.Penalties, penalties(a)...)
		for _, c := range callIn(a, sa) {
			if _, ok := called[c.Unit]; !ok {
				calledOrder = append(calledOrder, c.Unit)
			}
			called[c.Unit] = append(called[c.Unit], c.Reason)
		}
		s.Highlights = append(s.Highlights, highlights(a, prev[ruleSetID(a)])...)
	}
	for _, u := range calledOrder {
		s.CalledIn = append(s.CalledIn, CalledIn{Unit: u, Reason: strings.Join(called[u], "；")})
	}
	tmpl, err := template.New("summary").Option("missingkey=error").Parse(narrative)
	if err != nil {
		return s, fmt.Errorf("年度汇总叙述模板: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, facts); err != nil {
		return s, fmt.Errorf("年度汇总叙述模板: %w", err)
	}
	s.Opening = strings.Join(strings.Fields(b.String()), "")
	return s, nil
}

func ruleSetID(a *zhengzhi.Assessment) string {
	if a.RuleSet == nil {
		return ""
	}
	return a.RuleSet.ID
}

func ruleSetTitle(a *zhengzhi.Assessment) string {
	if a.RuleSet == nil {
		return ""
	}
	return a.RuleSet.Title
}

// grades lists the assessment's grade names best first: the rule set's,
// then any other a veto forced.
func grades(a *zhengzhi.Assessment) []string {
	var out []string
	seen := map[string]bool{}
	if a.RuleSet != nil {
		for _, g := range a.RuleSet.GradeNames() {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	for _, u := range a.Units {
		if !seen[u.Grade] {
			seen[u.Grade] = true
			out = append(out, u.Grade)
		}
	}
	return out
}

// byRank is the assessment's scorecards by rank, then registry order.
func byRank(a *zhengzhi.Assessment) []zhengzhi.Scorecard {
	cards := append([]zhengzhi.Scorecard(nil), a.Units...)
	sort.SliceStable(cards, func(i, j int) bool { return cards[i].Rank < cards[j].Rank })
	return cards
}

func summarize(a, prev *zhengzhi.Assessment) (SummaryAssessment, AssessmentFacts) {
	sa := SummaryAssessment{RuleSetID: ruleSetID(a), Title: ruleSetTitle(a)}
	before := map[string]zhengzhi.Scorecard{}
	if prev != nil {
		for _, u := range prev.Units {
			before[u.Unit.Code] = u
		}
	}
	af := AssessmentFacts{Title: sa.Title}
	var first []string
	for _, u := range byRank(a) {
		change := "—"
		if p, ok := before[u.Unit.Code]; ok {
			change = signedScore(u.Total-p.Total) + moveArrow(p.Rank, u.Rank)
		}
		sa.Rows = append(sa.Rows, SummaryRow{Rank: u.Rank, Code: u.Unit.Code, Name: u.Unit.Name, Total: u.Total,
			Grade: u.Grade, Vetoed: u.Vetoed, Change: change})
		if u.Rank == 1 {
			first = append(first, u.Unit.Name)
		}
		if u.Vetoed {
			af.Vetoed++
		}
	}
	names := grades(a)
	for _, g := range names {
		gc := GradeCount{Grade: g}
		for _, r := range sa.Rows {
			if r.Grade == g {
				gc.Count++
				gc.Units = append(gc.Units, r.Name)
			}
		}
		sa.Grades = append(sa.Grades, gc)
	}
	if len(sa.Grades) > 0 {
		top, low := sa.Grades[0], sa.Grades[len(sa.Grades)-1]
		af.TopGrade, af.TopCount, af.LowestGrade, af.LowestCount = top.Grade, top.Count, low.Grade, low.Count
	}
	af.First = strings.Join(first, "、")
	return sa, af
}

// signedScore prints a difference of scores with its sign: "+3.20", "-1.05", "0.00".
func signedScore(d zhengzhi.Score) string {
	if d > 0 {
		return "+" + d.String()
	}
	return d.String()
}

func moveArrow(before, now int) string {
	switch {
	case now < before:
		return fmt.Sprintf("（↑%d）", before-now)
	case now > before:
		return fmt.Sprintf("（↓%d）", now-before)
	}
	return ""
}

// penalties lists every veto and every negative adjustment, in rank order.
func penalties(a *zhengzhi.Assessment) []SummaryPenalty {
	var out []SummaryPenalty
	for _, u := range byRank(a) {
		for _, v := range u.Vetoes {
			out = append(out, SummaryPenalty{Unit: u.Unit.Name, Assessment: ruleSetTitle(a), Kind: "一票否决",
				Title: v.Title, Score: v.Cap, Reason: v.Explanation})
		}
		for _, adj := range u.Adjustments {
			if adj.Score < 0 {
				out = append(out, SummaryPenalty{Unit: u.Unit.Name, Assessment: ruleSetTitle(a), Kind: "扣分",
					Title: adj.Title, Score: adj.Score, Reason: adj.Explanation})
			}
		}
	}
	return out
}

// callIn names the units to be called in (约谈): those graded lowest; when
// no unit is, the bottom three ranks.
func callIn(a *zhengzhi.Assessment, sa SummaryAssessment) []CalledIn {
	var out []CalledIn
	if len(sa.Grades) > 1 {
		low := sa.Grades[len(sa.Grades)-1]
		for _, r := range sa.Rows {
			if r.Grade == low.Grade {
				out = append(out, CalledIn{Unit: r.Name, Reason: fmt.Sprintf("%s等级为%s", sa.Title, r.Grade)})
			}
		}
	}
	if len(out) > 0 || len(sa.Rows) == 0 {
		return out
	}
	cut := sa.Rows[max(0, len(sa.Rows)-3)].Rank
	for _, r := range sa.Rows {
		if r.Rank >= cut {
			out = append(out, CalledIn{Unit: r.Name, Reason: fmt.Sprintf("%s排名末三位（第%d名/共%d个）", sa.Title, r.Rank, len(sa.Rows))})
		}
	}
	return out
}

// highlights are the best and worst items by average attainment and the
// biggest movers since the previous period.
func highlights(a, prev *zhengzhi.Assessment) []string {
	var out []string
	type avg struct {
		title string
		v     float64
	}
	var items []avg
	if len(a.Units) > 0 {
		for i, it := range a.Units[0].Items {
			sum := 0.0
			for _, u := range a.Units {
				if i < len(u.Items) {
					sum += attainment(u.Items[i])
				}
			}
			items = append(items, avg{it.Title, sum / float64(len(a.Units))})
		}
	}
	if len(items) > 1 {
		sort.SliceStable(items, func(i, j int) bool { return items[i].v > items[j].v })
		best, worst := items[0], items[len(items)-1]
		out = append(out, fmt.Sprintf("%s中，全省平均得分率最高的是“%s”（%.1f%%），最低的是“%s”（%.1f%%）。",
			ruleSetTitle(a), best.title, round1(best.v), worst.title, round1(worst.v)))
	}
	if prev == nil {
		return append(out, fmt.Sprintf("%s尚无上期结果可比。", ruleSetTitle(a)))
	}
	before := map[string]zhengzhi.Scorecard{}
	for _, u := range prev.Units {
		before[u.Unit.Code] = u
	}
	var up, down *zhengzhi.Scorecard
	var upD, downD zhengzhi.Score
	for i := range a.Units {
		u := &a.Units[i]
		p, ok := before[u.Unit.Code]
		if !ok {
			continue
		}
		d := u.Total - p.Total
		if d > upD {
			up, upD = u, d
		}
		if d < downD {
			down, downD = u, d
		}
	}
	var parts []string
	if up != nil {
		parts = append(parts, fmt.Sprintf("%s得分上升最多（%s分，第%d名→第%d名）", up.Unit.Name, signedScore(upD), before[up.Unit.Code].Rank, up.Rank))
	}
	if down != nil {
		parts = append(parts, fmt.Sprintf("%s下降最多（%s分，第%d名→第%d名）", down.Unit.Name, signedScore(downD), before[down.Unit.Code].Rank, down.Rank))
	}
	if len(parts) == 0 {
		return append(out, fmt.Sprintf("%s与上期相比各单位得分均无变化。", ruleSetTitle(a)))
	}
	return append(out, fmt.Sprintf("%s与上期相比，%s。", ruleSetTitle(a), strings.Join(parts, "，")))
}
