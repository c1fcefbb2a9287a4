package reportstest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
)

// Narrative reads a narrative template of templates/narrative by name ("progress.tmpl").
func Narrative(t testing.TB, name string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(demotest.Root(), "templates", "narrative", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// SixOnes makes a province-scope 'six ones' model: a row per city and the
// province's own row, with counts derived from the unit codes.
func SixOnes(reg *zhengzhi.Registry) *reports.SixOnes {
	s := &reports.SixOnes{Meta: Meta(reg), Scope: reg.Province, WindowStart: zhengzhi.NewDate(2026, 8, 1)}
	for i, c := range append(reg.Units(zhengzhi.LevelCity), reg.Province) {
		k := int64(i + 1)
		r := reports.SixOnesRow{Unit: c, Own: c.Level == zhengzhi.LevelProvince}
		r.Screening.Enterprises, r.Screening.Screened = 100+k*13, 90+k*12
		r.Screening.HazardsFound, r.Screening.Major, r.Screening.Rectified = 40+k*3, k%4, 35+k*3
		r.Screening.Overdue, r.Screening.OverdueMajor = k%3, k%2
		r.Sampling.Batches, r.Sampling.Failed, r.Sampling.TraceBase, r.Sampling.Traced = 30+k, k%5, k%4, k%4/2
		r.Sampling.Handled, r.Sampling.Exposed = k%5, k%3
		r.Meeting.Held, r.Meeting.HeldOn = k%5 != 0, zhengzhi.NewDate(2026, 9, int(k))
		r.Meeting.Meetings, r.Meeting.Experts, r.Meeting.MonitoringProjects = 1+k%3, 3+k, k%4
		r.Zeroing.Points, r.Zeroing.Major, r.Zeroing.Zeroed, r.Zeroing.Briefed = 20+k, k%3, 15+k, 10+k
		r.SelfInspection.Counties, r.SelfInspection.Done = 8+k%3, 7+k%3
		r.Supervision.Visits, r.Supervision.ByCity, r.Supervision.ByProvince = 5+k, 4+k, 1
		r.Supervision.CountiesVisited, r.Supervision.Counties, r.Supervision.ProblemsFound = 6+k%3, 8+k%3, k*2
		s.Rows = append(s.Rows, r)
	}
	return s
}

// ProgressInput is a complete progress input: city values for seed
// "2026-11", two earlier periods, a few overdue hazards and overdue
// follow-ups in red-alert counties (ordered in September, their correction
// due in October), the six ones, the two city-level assessments and the
// shipped narrative template.
func ProgressInput(t testing.TB, reg *zhengzhi.Registry) reports.ProgressInput {
	cities := reg.Units(zhengzhi.LevelCity)
	in := reports.ProgressInput{Registry: reg, Values: Values(cities, "2026-11"), SixOnes: SixOnes(reg),
		Narrative: Narrative(t, "progress.tmpl")}
	for _, period := range []string{"2026-09-30", "2026-10-31"} {
		v := Values(cities, period)
		tp := reports.TrendPoint{AsOf: period, Rectification: map[string]zhengzhi.Value{}, Zeroing: map[string]zhengzhi.Value{}}
		for _, c := range cities {
			tp.Rectification[c.Code] = v[c.Code]["hazard_rectification_rate"]
			tp.Zeroing[c.Code] = v[c.Code]["risk_point_zeroing_rate"]
		}
		in.Trend = append(in.Trend, tp)
	}
	for _, rs := range []string{"target-responsibility-city.yaml", "safe-city.yaml"} {
		a, values := Assessment(t, reg, rs, "2026-11")
		in.Assessed = append(in.Assessed, reports.Assessed{Assessment: a, Values: values})
	}
	zones := map[string]zhengzhi.Zone{}
	var followups []zhengzhi.FollowupRecord
	for i, c := range cities[:5] {
		county := reg.Counties(c.Code)[0]
		in.Overdue = append(in.Overdue, reports.OverdueHazard{Bureau: c.Code, ID: fmt.Sprintf("H%d", i), Enterprise: county.Name + "电缆有限公司",
			County: county.Code, CountyName: county.Name, CityName: c.Name, Description: "防爆电气设备接地不规范，未按期完成整改",
			Status: "整改中", FoundOn: "2026-09-01", Deadline: "2026-10-15", DaysOverdue: 46 - i})
		zones[county.Code] = zhengzhi.ZoneRed
		followups = append(followups, zhengzhi.FollowupRecord{Bureau: c.Code, ID: fmt.Sprintf("N%d", i), County: county.Code,
			Enterprise: county.Name + "化工包装容器厂", FailCount: 2, LastFailedOn: zhengzhi.NewDate(2026, 3, 1),
			OrderedOn: zhengzhi.NewDate(2026, 9, 1+2*i), Status: "rectifying", CorrectionOverdue: true, RecheckOverdue: true})
	}
	in.Pending = reports.PendingFollowups(reg, zones, AsOf, followups)
	return in
}

// SummaryInput scores the four 2026 rule sets, cities and counties, for the
// current period (seed "2026-12") and the previous one (seed "2026-11"),
// with the shipped narrative template.
func SummaryInput(t testing.TB, reg *zhengzhi.Registry) reports.SummaryInput {
	in := reports.SummaryInput{Registry: reg, Narrative: Narrative(t, "summary.tmpl"), Requirements: Narrative(t, "summary-requirements.tmpl"),
		Document: reports.DocumentSettings{DocNumber: "东市监〔2026〕12号", SignedOn: zhengzhi.NewDate(2026, 12, 20)}}
	for _, rs := range []string{"target-responsibility-city.yaml", "safe-city.yaml", "target-responsibility-county.yaml", "safe-county.yaml"} {
		now, _ := Assessment(t, reg, rs, "2026-12")
		before, _ := Assessment(t, reg, rs, "2026-11")
		in.Current, in.Previous = append(in.Current, now), append(in.Previous, before)
	}
	return in
}
