package reports

import (
	"fmt"
	"sort"
	"strings"
	"text/template"

	"zhengzhi"
)

// Progress is the province's periodic progress report (阶段进展情况报告): a
// narrative opening, the six actions city by city, rates by city and their
// trend, and the list of what must be chased.
type Progress struct {
	Meta      Meta              `json:"-"`
	Title     string            `json:"title"`
	AsOf      string            `json:"as_of"`
	Narrative string            `json:"narrative"`
	Facts     ProgressFacts     `json:"facts"`
	Cities    []CityRates       `json:"cities"`
	Actions   []ActionTable     `json:"actions"`
	Trend     []TrendPoint      `json:"trend"`
	Overdue   []OverdueHazard   `json:"overdue"`
	Pending   []PendingFollowup `json:"pending"`
	// OverdueTotal and PendingTotal count the whole chase lists; Overdue and
	// Pending hold at most ChaseListLimit rows of each, the longest overdue
	// first. The ledgers hold them all.
	OverdueTotal int `json:"overdue_total"`
	PendingTotal int `json:"pending_total"`
	// Bureaus are the bureaus whose data is stale or was refused.
	Bureaus []Pull `json:"bureaus"`
}

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
}

// CityRates is one city's rectification and zeroing, with their bases.
type CityRates struct {
	Code          string         `json:"code"`
	Name          string         `json:"name"`
	Rectification zhengzhi.Value `json:"rectification"`
	Zeroing       zhengzhi.Value `json:"zeroing"`
}

// TrendPoint is an earlier period's rates by city code, read from a stored
// assessment's indicator values.
type TrendPoint struct {
	AsOf          string                    `json:"as_of"` // YYYY-MM-DD
	Rectification map[string]zhengzhi.Value `json:"rectification"`
	Zeroing       map[string]zhengzhi.Value `json:"zeroing"`
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
	// Narrative is the text/template of the opening paragraph (templates/narrative/progress.tmpl).
	Narrative string
}

// BuildProgress builds the progress report for the province.
func BuildProgress(meta Meta, in ProgressInput) (Progress, error) {
	p := Progress{Meta: meta, Title: meta.Province.Name + "重点工业产品质量安全隐患专项整治阶段进展情况报告",
		AsOf: meta.AsOf.String(), Overdue: in.Overdue[:min(len(in.Overdue), ChaseListLimit)],
		Pending: in.Pending[:min(len(in.Pending), ChaseListLimit)], OverdueTotal: len(in.Overdue), PendingTotal: len(in.Pending)}
	f := &p.Facts
	f.Date = fmt.Sprintf("%d月%d日", meta.AsOf.Month(), meta.AsOf.Day())
	var scr, rect, zero, fol zhengzhi.Value
	now := TrendPoint{AsOf: p.AsOf, Rectification: map[string]zhengzhi.Value{}, Zeroing: map[string]zhengzhi.Value{}}
	for _, c := range in.Registry.Units(zhengzhi.LevelCity) {
		v := in.Values[c.Code]
		cr := CityRates{Code: c.Code, Name: c.Name, Rectification: v["hazard_rectification_rate"], Zeroing: v["risk_point_zeroing_rate"]}
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
	if in.SixOnes != nil {
		p.Actions = ActionTables(in.SixOnes)
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

// Sum adds up a map of values (the province's rate from its cities').
func Sum(vs map[string]zhengzhi.Value) zhengzhi.Value {
	var t zhengzhi.Value
	for _, v := range vs {
		t = addValues(t, v)
	}
	return t
}
