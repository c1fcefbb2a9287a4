package reports

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"

	"zhengzhi"
)

// Progress is the province's periodic progress report (阶段进展情况报告): a
// narrative opening, the six actions city by city, rates by city and their
// trend, and the list of what must be chased.
type Progress struct {
	Meta      Meta          `json:"-"`
	Title     string        `json:"title"`
	AsOf      string        `json:"as_of"`
	Narrative string        `json:"narrative"`
	Facts     ProgressFacts `json:"facts"`
	// Cities are the rates by city; Province is their sum (全省). Their
	// changes are against Previous, the latest earlier stored period
	// (YYYY-MM-DD), "" when there is none.
	Cities   []CityRates `json:"cities"`
	Province CityRates   `json:"province"`
	Previous string      `json:"previous,omitempty"`
	// PreviousDate is Previous as a date, zero when there is none.
	PreviousDate zhengzhi.Date     `json:"-"`
	Actions      []ActionTable     `json:"actions"`
	Trend        []TrendPoint      `json:"trend"`
	Overdue      []OverdueHazard   `json:"overdue"`
	Pending      []PendingFollowup `json:"pending"`
	// OverdueTotal and PendingTotal count the whole chase lists; Overdue and
	// Pending hold at most ChaseListLimit rows of each, the longest overdue
	// first. The ledgers hold them all.
	OverdueTotal int `json:"overdue_total"`
	PendingTotal int `json:"pending_total"`
	// Lifts are the cities one or two actions would lift a grade, fewest
	// actions first.
	Lifts []GradeLift `json:"lifts"`
	// Bureaus are the bureaus whose data is stale or was refused.
	Bureaus []Pull `json:"bureaus"`
}

// GradeLift is a unit that a few actions lift to the next grade of an
// assessment: the grade it has, the one it would reach, and the work.
type GradeLift struct {
	Unit       string         `json:"unit"`
	Assessment string         `json:"assessment"` // the rule set's short title
	Grade      string         `json:"grade"`
	Next       string         `json:"next"`
	Total      zhengzhi.Score `json:"total"`
	Actions    int64          `json:"actions"`
	// Work is the actions in words: "再排查1家企业（+10分）".
	Work string `json:"work"`
}

// LiftActions is the most actions a unit may need to be listed among the
// units the progress report's chase section says a little work lifts.
const LiftActions = 2

// ProgressFacts are the province-wide numbers the narrative template reads,
// summed over the cities' indicator values.
type ProgressFacts struct {
	Date                string // "11月30日"
	Cities              int
	Enterprises         int64 // active producing enterprises
	Screened            int64
	ScreeningRate       string
	HazardsFound        int64
	Rectified           int64
	RectificationRate   string
	OverdueMajor        int64
	RiskPoints          int64
	Zeroed              int64
	ZeroingRate         string
	SamplingBatches     int64
	Nonconforming       int64
	FollowupDone        int64
	FollowupRate        string
	BestCity, WorstCity string // by rectification rate
	OverdueListed       int    // rows of the chase list
	PendingListed       int
	StaleBureaus        int
	// ChaseSection is the heading of the report's part that lists them
	// ("四、需督办事项"), which the opening points to.
	ChaseSection string
}

// CityRates is one city's rectification and zeroing, with their bases, and
// how each rate moved since the previous period in percentage points
// ("+3.2", "-0.4", "0"; "—" without a previous period or rate).
type CityRates struct {
	Code                string         `json:"code"`
	Name                string         `json:"name"`
	Rectification       zhengzhi.Value `json:"rectification"`
	Zeroing             zhengzhi.Value `json:"zeroing"`
	RectificationChange string         `json:"rectification_change"`
	ZeroingChange       string         `json:"zeroing_change"`
}

// pointsChange is how a rate moved between two periods, in percentage
// points of the rates as printed, with the one decimal the rates have so a
// column lines up: "+3.2", "-0.4", "+5.0", "0.0", or "—" when either is empty.
func pointsChange(now, before zhengzhi.Value, ok bool) string {
	if !ok || now.Denominator == 0 || before.Denominator == 0 {
		return "—"
	}
	d := tenths(now) - tenths(before)
	s := fmt.Sprintf("%d.%d", abs(d)/10, abs(d)%10)
	switch {
	case d > 0:
		return "+" + s
	case d < 0:
		return "-" + s
	}
	return s
}

// tenths is a ratio in tenths of a percent, rounded half-up as Percent prints it.
func tenths(v zhengzhi.Value) int64 { return (v.Numerator*2000 + v.Denominator) / (2 * v.Denominator) }

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// TrendPoint is an earlier period's rates by city code, read from a stored
// assessment's indicator values.
type TrendPoint struct {
	AsOf string `json:"as_of"` // YYYY-MM-DD
	// Label is the date as the trend chart's axis says it: "9月30日", or
	// "2025年12月31日" when the trend's periods are not all of one year.
	// BuildProgress sets it on the report's points.
	Label         string                    `json:"label,omitempty"`
	Rectification map[string]zhengzhi.Value `json:"rectification"`
	Zeroing       map[string]zhengzhi.Value `json:"zeroing"`
	// RectificationRate and ZeroingRate are the province's rates in percent
	// (its cities' ratios summed, see Rate), for the trend chart; BuildProgress
	// sets them on the report's points.
	RectificationRate float64 `json:"-"`
	ZeroingRate       float64 `json:"-"`
}

// ActionTable is one of the six actions as a table: a row per city and a totals row.
type ActionTable struct {
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Total   []string   `json:"total"`
}

// ProgressIndicators are the city-level indicators the progress report reads
// from ProgressInput.Values.
var ProgressIndicators = []string{"hazard_rectification_rate", "risk_point_zeroing_rate", "screening_coverage",
	"nonconforming_followup_rate", "overdue_major_hazards", "sampling_batches"}

// ChaseListLimit is how many rows of each chase list the progress report
// prints: a province's report is read, not searched; the ledgers list all.
const ChaseListLimit = 100

// ProgressInput is what the progress report is built from.
type ProgressInput struct {
	Registry *zhengzhi.Registry
	// Values are the city-level indicator values as of the report's date
	// (at least ProgressIndicators).
	Values zhengzhi.Values
	// SixOnes is the province-scope 'six ones' model; nil leaves the action tables out.
	SixOnes *SixOnes
	// Trend are earlier periods, oldest first; the report adds its own date last.
	Trend []TrendPoint
	// Overdue and Pending are the chase lists, the most urgent first.
	Overdue []OverdueHazard
	Pending []PendingFollowup
	// Assessed are the city-level assessments with the values they were
	// scored from (their rule sets full), for the units a little work lifts.
	Assessed []Assessed
	// Narrative is the text/template of the opening paragraph (templates/narrative/progress.tmpl).
	Narrative string
	// Campaign is the campaign's name, as the 通报 has it; "" takes DefaultCampaign.
	Campaign string
}

// Assessed is an assessment and the indicator values it was scored from.
type Assessed struct {
	Assessment *zhengzhi.Assessment
	Values     zhengzhi.Values
}

// BuildProgress builds the progress report for the province.
func BuildProgress(meta Meta, in ProgressInput) (Progress, error) {
	campaign := in.Campaign
	if campaign == "" {
		campaign = DefaultCampaign
	}
	p := Progress{Meta: meta, Title: meta.Province.Name + campaign + "阶段进展情况报告",
		AsOf: meta.AsOf.String(), Overdue: in.Overdue[:min(len(in.Overdue), ChaseListLimit)],
		Pending: in.Pending[:min(len(in.Pending), ChaseListLimit)], OverdueTotal: len(in.Overdue), PendingTotal: len(in.Pending)}
	f := &p.Facts
	f.Date = fmt.Sprintf("%d月%d日", meta.AsOf.Month(), meta.AsOf.Day())
	var scr, rect, zero, fol zhengzhi.Value
	now := TrendPoint{AsOf: p.AsOf, Rectification: map[string]zhengzhi.Value{}, Zeroing: map[string]zhengzhi.Value{}}
	var before TrendPoint
	if n := len(in.Trend); n > 0 {
		before, p.Previous = in.Trend[n-1], in.Trend[n-1].AsOf
		prev, err := zhengzhi.ParseDate(p.Previous)
		if err != nil {
			return p, fmt.Errorf("进展报告上期日期: %w", err)
		}
		p.PreviousDate = prev
	}
	for _, c := range in.Registry.Units(zhengzhi.LevelCity) {
		v := in.Values[c.Code]
		cr := CityRates{Code: c.Code, Name: c.Name, Rectification: v["hazard_rectification_rate"], Zeroing: v["risk_point_zeroing_rate"]}
		r, rok := before.Rectification[c.Code]
		z, zok := before.Zeroing[c.Code]
		cr.RectificationChange, cr.ZeroingChange = pointsChange(cr.Rectification, r, rok), pointsChange(cr.Zeroing, z, zok)
		p.Cities = append(p.Cities, cr)
		now.Rectification[c.Code], now.Zeroing[c.Code] = cr.Rectification, cr.Zeroing
		scr = addValues(scr, v["screening_coverage"])
		rect = addValues(rect, cr.Rectification)
		zero = addValues(zero, cr.Zeroing)
		fol = addValues(fol, v["nonconforming_followup_rate"])
		f.OverdueMajor += v["overdue_major_hazards"].Numerator
		f.SamplingBatches += v["sampling_batches"].Numerator
	}
	f.Cities = len(p.Cities)
	p.Province = CityRates{Code: in.Registry.Province.Code, Name: "全省", Rectification: rect, Zeroing: zero,
		RectificationChange: pointsChange(rect, sumValues(before.Rectification), p.Previous != ""),
		ZeroingChange:       pointsChange(zero, sumValues(before.Zeroing), p.Previous != "")}
	p.Lifts = lifts(in.Assessed)
	f.Enterprises, f.Screened, f.ScreeningRate = scr.Denominator, scr.Numerator, Percent(scr)
	f.HazardsFound, f.Rectified, f.RectificationRate = rect.Denominator, rect.Numerator, Percent(rect)
	f.RiskPoints, f.Zeroed, f.ZeroingRate = zero.Denominator, zero.Numerator, Percent(zero)
	f.Nonconforming, f.FollowupDone, f.FollowupRate = fol.Denominator, fol.Numerator, Percent(fol)
	if best, worst, ok := extremes(p.Cities); ok {
		f.BestCity, f.WorstCity = best.Name, worst.Name
	}
	f.OverdueListed, f.PendingListed = len(in.Overdue), len(in.Pending)
	for _, pull := range meta.Pulls {
		if pull.Stale() {
			p.Bureaus = append(p.Bureaus, pull)
		}
	}
	f.StaleBureaus = len(p.Bureaus)
	p.Trend = append(append([]TrendPoint(nil), in.Trend...), now)
	if err := labelTrend(p.Trend); err != nil {
		return p, err
	}
	for i, t := range p.Trend {
		p.Trend[i].RectificationRate, p.Trend[i].ZeroingRate = Rate(sumValues(t.Rectification)), Rate(sumValues(t.Zeroing))
	}
	f.ChaseSection = "三、需督办事项"
	if in.SixOnes != nil {
		p.Actions = ActionTables(in.SixOnes)
		f.ChaseSection = "四、需督办事项"
	}
	tmpl, err := template.New("progress").Option("missingkey=error").Parse(in.Narrative)
	if err != nil {
		return p, fmt.Errorf("进展报告叙述模板: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, f); err != nil {
		return p, fmt.Errorf("进展报告叙述模板: %w", err)
	}
	p.Narrative = strings.Join(strings.Fields(b.String()), "")
	return p, nil
}

// labelTrend names each trend point's date in Chinese for the chart's axis:
// month and day when the periods are all of one year (a campaign's year),
// the year too when they are not.
func labelTrend(points []TrendPoint) error {
	dates := make([]zhengzhi.Date, len(points))
	oneYear := true
	for i, t := range points {
		d, err := zhengzhi.ParseDate(t.AsOf)
		if err != nil {
			return fmt.Errorf("进展报告走势日期: %w", err)
		}
		dates[i] = d
		oneYear = oneYear && d.Year() == dates[0].Year()
	}
	for i, d := range dates {
		points[i].Label = d.Chinese()
		if oneYear {
			points[i].Label = d.Format("1月2日")
		}
	}
	return nil
}

// lifts lists the units of the assessments that at most LiftActions
// actions lift to the next grade, fewest actions first, then in the
// assessments' order and the registry's.
func lifts(assessed []Assessed) []GradeLift {
	var out []GradeLift
	for _, x := range assessed {
		a := x.Assessment
		if a.RuleSet == nil || len(a.RuleSet.Items) == 0 {
			continue // a stored result whose rule set file changed since: no path
		}
		for i, ng := range zhengzhi.NextGrades(a, x.Values) {
			if ng.Blocked != "" || ng.Actions == 0 || ng.Actions > LiftActions {
				continue
			}
			sc := a.Units[i]
			work := make([]string, len(ng.Steps))
			for k, st := range ng.Steps {
				work[k] = fmt.Sprintf("%s（+%s分）", st.Text, st.Gain.Text())
			}
			out = append(out, GradeLift{Unit: sc.Unit.Name, Assessment: a.RuleSet.ShortTitle(), Grade: sc.Grade, Next: ng.Reached,
				Total: sc.Total, Actions: ng.Actions, Work: strings.Join(work, "，")})
		}
	}
	slices.SortStableFunc(out, func(a, b GradeLift) int { return cmp.Compare(a.Actions, b.Actions) })
	return out
}

func addValues(a, b zhengzhi.Value) zhengzhi.Value {
	return zhengzhi.Value{Numerator: a.Numerator + b.Numerator, Denominator: a.Denominator + b.Denominator}
}

// extremes finds the cities with the highest and lowest rectification rate
// (empty ratios left out; ties go to registry order).
func extremes(cities []CityRates) (best, worst CityRates, ok bool) {
	var rated []CityRates
	for _, c := range cities {
		if c.Rectification.Denominator > 0 {
			rated = append(rated, c)
		}
	}
	if len(rated) == 0 {
		return best, worst, false
	}
	less := func(a, b zhengzhi.Value) bool { return a.Numerator*b.Denominator < b.Numerator*a.Denominator }
	sort.SliceStable(rated, func(i, j int) bool { return less(rated[j].Rectification, rated[i].Rectification) })
	return rated[0], rated[len(rated)-1], true
}

// Rate is a ratio in percent for charts; an empty ratio is 0.
func Rate(v zhengzhi.Value) float64 {
	if v.Denominator == 0 {
		return 0
	}
	return float64(v.Numerator) * 100 / float64(v.Denominator)
}

// sumValues adds up a map of values (the province's rate from its cities').
func sumValues(vs map[string]zhengzhi.Value) zhengzhi.Value {
	var t zhengzhi.Value
	for _, v := range vs {
		t = addValues(t, v)
	}
	return t
}
