package reports

import (
	"fmt"
	"sort"
	"strings"
	"text/template"

	"zhengzhi"
)

// Summary is the year-end assessment summary leadership signs: a 通报 of
// the issuing authority to its addressees (GB/T 9704) with the results of
// every assessment, cities and counties — grades, vetoes and penalties with
// their reasons, the units to be called in, a few highlights — and the
// ranking tables as its annexes (附件).
type Summary struct {
	Meta Meta `json:"-"`
	// Issuer is the authority issuing the 通报, its short name and its
	// addressees, from the registry's province entry.
	Issuer zhengzhi.Issuer `json:"issuer"`
	// Title is the document's title: "关于2026年度……考核结果的通报".
	Title string `json:"title"`
	Year  int    `json:"year"`
	AsOf  string `json:"as_of"`
	// Mark is the issuer's mark in the head (发文机关标志): "东川省市场监督管理局文件".
	Mark string `json:"mark"`
	// DocNumber is the document's number (发文字号), "东市监〔2026〕12号";
	// "" leaves an empty "〔　〕" slot a staffer fills in (never a made-up number).
	DocNumber string `json:"doc_number"`
	// Date is the signing date (成文日期) in Arabic numerals: "2026年12月20日".
	Date string `json:"date"`
	// PrintedOn is the date of the 版记's 印发日期: the signing date.
	PrintedOn string `json:"printed_on"`
	// Opening is the first paragraph, from the narrative template.
	Opening string `json:"opening"`
	// Results are the results by level (（一）设区市, （二）县（市、区）), each
	// assessment said in full the first time and by its short title after.
	Results []SummarySection `json:"results"`
	// Penalties are the vetoes and penalties, a paragraph per assessment.
	Penalties []string `json:"penalties"`
	// CalledIn are the units to be called in (约谈), cities first.
	CalledIn []CalledIn `json:"called_in"`
	// Highlights are a paragraph per assessment: its best and worst items
	// and its biggest movers.
	Highlights []string `json:"highlights"`
	// Method is the assessment method as cited, with 书名号 and its 文号.
	Method string `json:"method"`
	// Requirements are the closing section's paragraphs (工作要求), from the
	// province's narrative template.
	Requirements []string `json:"requirements"`
	// Assessments are the ranking tables, the annexes in this order.
	Assessments []SummaryAssessment `json:"assessments"`
	// State is "公示稿" while any assessment's period is in 公示 or 复核,
	// "最终结果" once every period past open is final, "" while all are
	// open; Reviews are the appeals of every period (复核情况).
	State   string      `json:"state,omitempty"`
	Reviews []ReviewRow `json:"reviews,omitempty"`
}

// SummarySection is one level's part of the results: its heading and a
// paragraph per assessment.
type SummarySection struct {
	Heading    string   `json:"heading"`
	Paragraphs []string `json:"paragraphs"`
}

// SummaryAssessment is one assessment's ranking and grade distribution: an
// annex of the 通报.
type SummaryAssessment struct {
	RuleSetID string         `json:"ruleset_id"`
	Title     string         `json:"title"`
	Short     string         `json:"short"`
	Level     zhengzhi.Level `json:"level"`
	Rows      []SummaryRow   `json:"rows"`
	Grades    []GradeCount   `json:"grades"`
	// Veto is what a veto does in this assessment, in the words every report
	// uses ("实行一票否决，等次直接确定为不合格，排名列末位"); "" without vetoes.
	Veto string `json:"veto,omitempty"`
}

// AnnexTitle is the assessment's annex title: "……考核（市局）结果排名".
func (a SummaryAssessment) AnnexTitle() string { return a.Title + "结果排名" }

// SummaryRow is one unit's line of a ranking table, by rank.
type SummaryRow struct {
	Rank int    `json:"rank"`
	Code string `json:"code"`
	Name string `json:"name"`
	// City is a county's city (所属设区市); "" for a city.
	City   string         `json:"city,omitempty"`
	Total  zhengzhi.Score `json:"total"`
	Grade  string         `json:"grade"`
	Vetoed bool           `json:"vetoed"`
	// Change is the move since the previous stored period: "+3.2（↑2）", or "—" without one.
	Change string `json:"change"`
}

// GradeCount is how many units got a grade, and which.
type GradeCount struct {
	Grade string   `json:"grade"`
	Count int      `json:"count"`
	Units []string `json:"units"`
}

// CalledIn is a unit to be called in for a talk (约谈) and why.
type CalledIn struct {
	Unit    string         `json:"unit"`
	Code    string         `json:"code"`
	Level   zhengzhi.Level `json:"level"`
	Reasons []string       `json:"reasons"`
}

// SummaryFacts are what the opening paragraph's template reads.
type SummaryFacts struct {
	Year int
	Date string // "11月24日"
	// Method is the assessment method cited: "《2026年度……考核办法》（东市监〔2026〕3号）".
	Method   string
	Cities   int
	Counties int
	// Assessments are the assessments in annex order.
	Assessments []AssessmentFacts
}

// AssessmentFacts are one assessment's headline numbers.
type AssessmentFacts struct {
	Title, Short          string
	Level                 zhengzhi.Level
	TopGrade, LowestGrade string
	TopCount, LowestCount int
	Vetoed                int
	First                 string // the unit ranked first (several joined by 、)
}

// SummaryInput is what the year-end summary is built from.
type SummaryInput struct {
	// Registry names the issuer (its province entry) and each county's city.
	Registry *zhengzhi.Registry
	// Current are the year's assessments, both levels; Previous the latest
	// earlier stored period of each, matched by rule set id.
	Current, Previous []*zhengzhi.Assessment
	// Narrative is the opening's text/template (templates/narrative/summary.tmpl).
	Narrative string
	// Requirements is the closing section's text/template
	// (templates/narrative/summary-requirements.tmpl): paragraphs split by blank lines.
	Requirements string
	// Document is how this issue of the 通报 is numbered, dated and cited.
	Document DocumentSettings
}

// DocumentSettings are what an official document takes from the render and
// the config rather than the data: its number, its signing date, the method
// it cites and whom it is copied to.
type DocumentSettings struct {
	// DocNumber is the 发文字号; "" leaves an empty slot.
	DocNumber string
	// SignedOn is the 成文日期. Zero takes the day the render's data was
	// last pulled (Meta.GeneratedAt), so the same inputs give the same
	// document and the date is never earlier than the 附注's 数据提取.
	SignedOn zhengzhi.Date
	// Method is the assessment method's name, cited in 书名号; "" takes
	// "<year>年度重点产品风险隐患专项整治考核办法".
	Method string
	// MethodNumber is the method's own 文号, cited after it when given.
	MethodNumber string
	// Campaign is the campaign's name ("重点产品风险隐患专项整治"); "" takes that.
	Campaign string
	// InterviewTime and InterviewPlace fill the 约谈通知's blanks; "" leaves
	// a line a staffer fills in.
	InterviewTime, InterviewPlace string
}

// DefaultCampaign is the campaign's name when the config names none.
const DefaultCampaign = "重点产品风险隐患专项整治"

// ArabicDate is a date as an official document prints it (GB/T 9704
// 7.3.5: Arabic numerals, no leading zeros): "2026年12月20日".
func ArabicDate(d zhengzhi.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}

// CallInBottom is how many of the last ranks of each ranking are called in,
// besides every vetoed unit.
const CallInBottom = 3

// assessed counts the units of a level the 通报 speaks of: those its
// assessments of that level scored — the number its rankings are out of —
// or, without one, the registry's units less the abolished ones.
func assessed(reg *zhengzhi.Registry, current []*zhengzhi.Assessment, level zhengzhi.Level) int {
	for _, a := range current {
		if a.RuleSet != nil && a.RuleSet.Level == level {
			return len(a.Units)
		}
	}
	n := 0
	for _, u := range reg.Units(level) {
		if !u.Abolished {
			n++
		}
	}
	return n
}

// BuildSummary builds the 通报. City-level assessments come first, then
// county-level ones, each level in the order given.
func BuildSummary(meta Meta, in SummaryInput) (Summary, error) {
	signed := in.Document.SignedOn
	if signed.IsZero() {
		signed = zhengzhi.DateOf(meta.GeneratedAt)
	}
	if signed.IsZero() {
		signed = meta.AsOf
	}
	s := Summary{Meta: meta, Issuer: in.Registry.Issuer, Year: meta.AsOf.Year(), AsOf: meta.AsOf.String(),
		Date: ArabicDate(signed), PrintedOn: ArabicDate(signed), DocNumber: in.Document.DocNumber}
	s.Mark = s.Issuer.Authority + "文件"
	if missing := s.Issuer.Missing(); missing != "" {
		return s, fmt.Errorf("年度考核结果通报: 单位名录的 province 缺少 %s（发文机关全称、规范化简称、主送机关），例如 "+
			"province: {code, name, authority: 东川省市场监督管理局, short: 东川省市场监管局, addressees: 各设区市市场监督管理局}", missing)
	}
	campaign := in.Document.Campaign
	if campaign == "" {
		campaign = DefaultCampaign
	}
	s.Title = fmt.Sprintf("关于%d年度%s考核结果的通报", s.Year, campaign)
	method := in.Document.Method
	if method == "" {
		method = fmt.Sprintf("%d年度%s考核办法", s.Year, campaign)
	}
	method = "《" + strings.Trim(method, "《》") + "》"
	if in.Document.MethodNumber != "" {
		method += "（" + in.Document.MethodNumber + "）"
	}
	prev := map[string]*zhengzhi.Assessment{}
	for _, a := range in.Previous {
		if a.RuleSet != nil {
			prev[a.RuleSet.ID] = a
		}
	}
	s.Method = method
	facts := SummaryFacts{Year: s.Year, Method: method, Date: fmt.Sprintf("%d月%d日", meta.AsOf.Month(), meta.AsOf.Day()),
		Cities: assessed(in.Registry, in.Current, zhengzhi.LevelCity), Counties: assessed(in.Registry, in.Current, zhengzhi.LevelCounty)}
	called := map[string]*CalledIn{}
	var calledOrder []string
	for _, level := range []zhengzhi.Level{zhengzhi.LevelCity, zhengzhi.LevelCounty} {
		section := SummarySection{Heading: LevelHeading(level)}
		var penalties []string
		for _, a := range in.Current {
			if a.RuleSet == nil || a.RuleSet.Level != level {
				continue
			}
			sa, af := summarize(in.Registry, a, prev[a.RuleSet.ID])
			s.Assessments = append(s.Assessments, sa)
			facts.Assessments = append(facts.Assessments, af)
			section.Paragraphs = append(section.Paragraphs, resultParagraph(sa, len(s.Assessments)))
			if p := penaltyParagraph(a); p != "" {
				penalties = append(penalties, p)
			}
			for _, c := range callIn(sa) {
				if _, ok := called[c.Unit]; !ok {
					called[c.Unit] = &CalledIn{Unit: c.Unit, Code: c.Code, Level: level}
					calledOrder = append(calledOrder, c.Unit)
				}
				called[c.Unit].Reasons = append(called[c.Unit].Reasons, c.Reasons...)
			}
			s.Highlights = append(s.Highlights, highlight(a, prev[a.RuleSet.ID]))
		}
		if len(section.Paragraphs) > 0 {
			s.Results = append(s.Results, section)
		}
		s.Penalties = append(s.Penalties, penalties...)
	}
	for _, u := range calledOrder {
		s.CalledIn = append(s.CalledIn, *called[u])
	}
	s.State, s.Reviews = summaryReview(in.Current)
	tmpl, err := template.New("summary").Option("missingkey=error").Parse(in.Narrative)
	if err != nil {
		return s, fmt.Errorf("年度考核结果通报叙述模板: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, facts); err != nil {
		return s, fmt.Errorf("年度考核结果通报叙述模板: %w", err)
	}
	s.Opening = strings.Join(strings.Fields(b.String()), "")
	if s.Requirements, err = requirements(in.Requirements, facts); err != nil {
		return s, err
	}
	return s, nil
}

// requirements runs the closing section's template: each paragraph (split
// by a blank line) with its line breaks and spaces taken out.
func requirements(text string, facts SummaryFacts) ([]string, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	tmpl, err := template.New("requirements").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("年度考核结果通报工作要求模板: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, facts); err != nil {
		return nil, fmt.Errorf("年度考核结果通报工作要求模板: %w", err)
	}
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(b.String(), "\r", ""), "\n\n") {
		if p := strings.Join(strings.Fields(para), ""); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

// LevelHeading is a level's heading in the 通报: 设区市, 县（市、区）.
func LevelHeading(level zhengzhi.Level) string {
	if level == zhengzhi.LevelCounty {
		return "县（市、区）"
	}
	return "设区市"
}

// listedUnits is how many units of a grade a results paragraph names; a
// larger group is only counted (the annex lists every unit).
const listedUnits = 12

// resultParagraph says an assessment's results: its full title the first
// and only time, with the short title it goes by after, the grade
// distribution, the vetoed units and the annex with the ranking.
func resultParagraph(sa SummaryAssessment, annex int) string {
	var parts []string
	for _, g := range sa.Grades {
		switch {
		case g.Count == 0:
			parts = append(parts, g.Grade+"0个")
		case g.Count <= listedUnits:
			parts = append(parts, fmt.Sprintf("%s%d个（%s）", g.Grade, g.Count, strings.Join(g.Units, "、")))
		default:
			parts = append(parts, fmt.Sprintf("%s%d个", g.Grade, g.Count))
		}
	}
	name := sa.Title
	if sa.Short != sa.Title {
		name += "（以下简称“" + sa.Short + "”）"
	}
	text := fmt.Sprintf("%s共考核%d个单位，%s", name, len(sa.Rows), strings.Join(parts, "，"))
	var vetoed []string
	for _, r := range sa.Rows {
		if r.Vetoed {
			vetoed = append(vetoed, r.Name)
		}
	}
	if len(vetoed) > 0 {
		text += fmt.Sprintf("；%s被一票否决", strings.Join(vetoed, "、"))
	}
	return text + fmt.Sprintf("。排名见附件%d。", annex)
}

// penaltyParagraph says an assessment's vetoes and penalties, in rank
// order: "市局目标责任制考核：临江市发生重大产品质量安全事件1起，实行一票否决，
// ……；丰源市发生较大产品质量安全事件1起，扣5分。" — "" when there are none.
func penaltyParagraph(a *zhengzhi.Assessment) string {
	var parts []string
	for _, u := range byRank(a) {
		for _, v := range u.Vetoes {
			parts = append(parts, u.Unit.Name+v.Explanation)
		}
		for _, adj := range u.Adjustments {
			if adj.Score < 0 {
				// Leadership needs the fact and the points, not the rule again:
				// the explanation's first clause ("发生较大产品质量安全事件1起").
				fact, _, _ := strings.Cut(adj.Explanation, "，")
				parts = append(parts, fmt.Sprintf("%s%s，扣%s分", u.Unit.Name, fact, (-adj.Score).Text()))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return a.RuleSet.ShortTitle() + "：" + strings.Join(parts, "；") + "。"
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

func summarize(reg *zhengzhi.Registry, a, prev *zhengzhi.Assessment) (SummaryAssessment, AssessmentFacts) {
	rs := a.RuleSet
	sa := SummaryAssessment{RuleSetID: rs.ID, Title: rs.Title, Short: rs.ShortTitle(), Level: rs.Level}
	before := map[string]zhengzhi.Scorecard{}
	if prev != nil {
		for _, u := range prev.Units {
			before[u.Unit.Code] = u
		}
	}
	af := AssessmentFacts{Title: sa.Title, Short: sa.Short, Level: sa.Level}
	var first []string
	for _, u := range byRank(a) {
		change := "—"
		if p, ok := before[u.Unit.Code]; ok {
			change = signedScore(u.Total-p.Total) + moveArrow(p.Rank, u.Rank)
		}
		row := SummaryRow{Rank: u.Rank, Code: u.Unit.Code, Name: u.Unit.Name, Total: u.Total,
			Grade: u.Grade, Vetoed: u.Vetoed, Change: change}
		if u.Unit.Level == zhengzhi.LevelCounty {
			row.City = reg.Name(u.Unit.Parent)
		}
		sa.Rows = append(sa.Rows, row)
		if u.Rank == 1 {
			first = append(first, u.Unit.Name)
		}
		if u.Vetoed {
			af.Vetoed++
		}
	}
	if af.Vetoed > 0 && len(rs.Vetoes) > 0 {
		sa.Veto = zhengzhi.VetoVerdict(rs.Vetoes[0].Grade, rs.Vetoes[0].RanksLast())
	}
	for _, g := range grades(a) {
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

// signedScore prints a difference of scores with its sign, two decimals as
// every score: "+3.20", "-1.05", "0.00".
func signedScore(d zhengzhi.Score) string {
	if d > 0 {
		return "+" + d.String()
	}
	return d.String()
}

// rankMove says a move in the ranking in words: "由第2名升至第1名",
// "由第3名降至第5名", "名次保持第4名".
func rankMove(before, now int) string {
	switch {
	case now < before:
		return fmt.Sprintf("由第%d名升至第%d名", before, now)
	case now > before:
		return fmt.Sprintf("由第%d名降至第%d名", before, now)
	}
	return fmt.Sprintf("名次保持第%d名", now)
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

// callIn names the units of one ranking to be called in (约谈): every
// vetoed unit and the bottom three ranks (a tie at the cut is called in
// whole), each with its reason.
func callIn(sa SummaryAssessment) []CalledIn {
	var out []CalledIn
	if len(sa.Rows) == 0 {
		return nil
	}
	cut := sa.Rows[max(0, len(sa.Rows)-CallInBottom)].Rank
	for _, r := range sa.Rows {
		switch {
		case r.Vetoed:
			out = append(out, CalledIn{Unit: r.Name, Code: r.Code, Level: sa.Level, Reasons: []string{sa.Short + "被一票否决"}})
		case r.Rank >= cut:
			out = append(out, CalledIn{Unit: r.Name, Code: r.Code, Level: sa.Level,
				Reasons: []string{fmt.Sprintf("%s排名第%d位（共%d个）", sa.Short, r.Rank, len(sa.Rows))}})
		}
	}
	return out
}

// highlight is one paragraph of an assessment's highlights: the best and
// worst items by average attainment and the biggest movers since the
// previous period.
func highlight(a, prev *zhengzhi.Assessment) string {
	var parts []string
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
		parts = append(parts, fmt.Sprintf("全省平均得分率最高的是“%s”（%.1f%%），最低的是“%s”（%.1f%%）",
			best.title, round1(best.v), worst.title, round1(worst.v)))
	}
	parts = append(parts, movers(a, prev))
	return a.RuleSet.ShortTitle() + "中，" + strings.Join(parts, "；") + "。"
}

// movers says who rose and who fell most since the previous period.
func movers(a, prev *zhengzhi.Assessment) string {
	if prev == nil {
		return "尚无上期结果可比"
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
		parts = append(parts, fmt.Sprintf("%s得分上升最多，%s，增加%s分", up.Unit.Name, rankMove(before[up.Unit.Code].Rank, up.Rank), upD.String()))
	}
	if down != nil {
		parts = append(parts, fmt.Sprintf("%s得分下降最多，%s，减少%s分", down.Unit.Name, rankMove(before[down.Unit.Code].Rank, down.Rank), (-downD).String()))
	}
	if len(parts) == 0 {
		return "与上期相比各单位得分均无变化"
	}
	return "与上期相比，" + strings.Join(parts, "；")
}
