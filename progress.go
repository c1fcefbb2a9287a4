package zhengzhi

import "strings"

// Progress is the campaign's progress statistics of one unit (or of a group
// of units added up): the six actions (“六个一”) and the two follow-up
// tables, counted in the window W = [window start, D]. A date after D has not
// happened; withdrawn rows never count.
type Progress struct {
	Screening      ScreeningProgress
	Sampling       SamplingProgress
	Meeting        MeetingProgress
	Zeroing        ZeroingProgress
	SelfInspection SelfInspectionProgress
	Supervision    SupervisionProgress
	Nonconforming  NonconformingProgress
	RiskSignals    RiskSignalProgress
}

// ProgressExtract is what the warehouse counts for the progress statistics
// of a scope, before anything is added up along the registry: per unit code,
// the rows attributed to that unit (a county through its enterprises or unit
// column, a city or the province where a row names it), and the per-unit
// facts that do not add up.
type ProgressExtract struct {
	ByUnit map[string]*Progress
	// MeetingOn is a unit's own first analysis meeting with an expert, by D.
	MeetingOn map[string]Date
	// SelfInspected are the units with a self_inspection activity of their own by D.
	SelfInspected map[string]bool
	// CityVisited are the counties visited in W by their own city.
	CityVisited map[string]bool
}

// Unit is the progress counted for one unit code, made on first use.
func (x *ProgressExtract) Unit(code string) *Progress {
	if x.ByUnit == nil {
		x.ByUnit = map[string]*Progress{}
	}
	p, ok := x.ByUnit[code]
	if !ok {
		p = &Progress{}
		x.ByUnit[code] = p
	}
	return p
}

// ScopePrefix is the code prefix every unit inside a scope shares: PP for the
// province, PPCC for a city.
func ScopePrefix(scope Unit) string {
	if scope.Level == LevelProvince {
		return scope.Code[:2]
	}
	return scope.Code[:4]
}

// Within is the part of the extract that falls in the scope whose units' codes
// start with prefix (see ScopePrefix): every per-unit count and fact of a unit
// outside it left out. Each of the warehouse's grouped queries filters on the
// unit it groups by, so a city's extract is its province's extract within the
// city. The counts are shared with x, not copied.
func (x ProgressExtract) Within(prefix string) ProgressExtract {
	in := ProgressExtract{MeetingOn: map[string]Date{}, SelfInspected: map[string]bool{}, CityVisited: map[string]bool{}}
	for code, p := range x.ByUnit {
		if strings.HasPrefix(code, prefix) {
			if in.ByUnit == nil {
				in.ByUnit = map[string]*Progress{}
			}
			in.ByUnit[code] = p
		}
	}
	for code, on := range x.MeetingOn {
		if strings.HasPrefix(code, prefix) {
			in.MeetingOn[code] = on
		}
	}
	for code, done := range x.SelfInspected {
		if strings.HasPrefix(code, prefix) {
			in.SelfInspected[code] = done
		}
	}
	for code, visited := range x.CityVisited {
		if strings.HasPrefix(code, prefix) {
			in.CityVisited[code] = visited
		}
	}
	return in
}

// Coverage is a count of enterprises and how many of them were screened.
type Coverage struct {
	Enterprises int64
	Screened    int64
}

// ScreeningProgress is action 一、隐患排查: active producing enterprises and
// those screened in W, overall and by product category (keyed by the
// category code of Categories), and the hazards found in W.
type ScreeningProgress struct {
	Coverage
	ByCategory      map[string]Coverage
	HazardsFound    int64
	General         int64 // 一般隐患
	Major           int64 // 重大隐患
	Rectified       int64 // rectified_on ≤ D
	Verified        int64 // verified_on ≤ D (复查销号)
	Overdue         int64 // 逾期未整改: deadline < D and not rectified by D
	OverdueMajor    int64
	Refused         int64 // status refused (拒不整改)
	RefusedEnforced int64 // of those, enforcement ≠ none (依法查处)
}

// SamplingProgress is action 二、专项监督抽查: batches sampled in W by channel
// and by category (keyed by enum code), the failed ones and what was done.
type SamplingProgress struct {
	Batches    int64
	ByChannel  map[string]int64
	ByCategory map[string]int64
	Failed     int64
	// TraceBase is the failed batches bought on e-commerce platforms or in
	// shops: the ones that must be traced to their producer.
	TraceBase int64
	Traced    int64 // of TraceBase, traced = 1
	Handled   int64 // of Failed, handled_on ≤ D (落地查处)
	Exposed   int64 // of Failed, exposed = 1 (曝光)
}

// MeetingProgress is action 三、安全隐患分析大会 with its risk monitoring
// follow-up; activities count when completed_on ≤ D.
type MeetingProgress struct {
	// Held and HeldOn are the unit's own meeting (with at least one expert):
	// for a city row the city bureau's, as the analysis_meeting_held indicator.
	Held   bool
	HeldOn Date
	// Meetings counts the qualifying meetings in the row's attribution (a
	// city with its counties), so it adds up across rows.
	Meetings           int64
	Experts            int64 // experts invited to those meetings
	MonitoringProjects int64 // risk monitoring projects arranged, over all activities
	Escalated          int64 // activities handed to the province for monitoring
}

// ZeroingProgress is action 四、隐患清零: risk points identified by D, those
// zeroed by D by measure (keyed by PointMeasures code), and the
// points whose responsible persons were briefed (宣贯会).
type ZeroingProgress struct {
	Points    int64
	Major     int64
	Zeroed    int64
	ByMeasure map[string]int64
	Briefed   int64
}

// SelfInspectionProgress is action 五、自查自纠: the row's counties (a county:
// itself; abolished counties left out) and those with a self_inspection
// activity of their own completed by D.
type SelfInspectionProgress struct {
	Counties int64
	Done     int64
}

// SupervisionProgress is action 六、督查: supervision visits in W to the
// row's counties, by whom, and what they found.
type SupervisionProgress struct {
	Visits             int64
	ByCity             int64 // visits whose inspector is the county's city
	ByProvince         int64 // visits whose inspector is the province
	RandomPicks        int64 // visits to a county drawn at random (随机抽查)
	CountiesVisited    int64 // counties visited in W by their city
	Counties           int64 // the row's counties (abolished left out)
	EnterprisesVisited int64
	HazardsChecked     int64
	HazardsCleared     int64 // confirmed cleared
	ProblemsFound      int64
}

// NonconformingProgress is 不合格企业后处理: the enterprises on the recent
// years' non-conforming list and their follow-up as of D.
type NonconformingProgress struct {
	OnList          int64
	RepeatOffenders int64 // fail_count ≥ 2 (多年多次不合格)
	Ordered         int64 // ordered_on ≤ D (责令整改)
	Rechecked       int64 // rechecked_on ≤ D (复查)
	Done            int64 // followup_done_on ≤ D (后处理完成)
	RepeatDone      int64 // of RepeatOffenders, done
	// Overdue are ordered more than RecheckDays before D and not re-inspected by D.
	Overdue int64
}

// RiskSignalProgress is 风险信息: risk signals received in W, their
// second-stage assessment (二次研判) and disposition, by level and by
// disposition (keyed by RiskLevels / Dispositions code).
type RiskSignalProgress struct {
	Received      int64
	Assessed      int64 // assessed_on ≤ D
	Timely        int64 // assessed by D and within 7 days of receipt
	ByLevel       map[string]int64
	ByDisposition map[string]int64
	Disposed      int64 // disposed_on ≤ D
}

// Add adds another unit's counts to these (a county's into its city's).
// The own-meeting flag and date are one unit's facts and do not add.
func (r *Progress) Add(o Progress) {
	s, os := &r.Screening, o.Screening
	s.Enterprises += os.Enterprises
	s.Screened += os.Screened
	for k, v := range os.ByCategory {
		if s.ByCategory == nil {
			s.ByCategory = map[string]Coverage{}
		}
		c := s.ByCategory[k]
		c.Enterprises += v.Enterprises
		c.Screened += v.Screened
		s.ByCategory[k] = c
	}
	s.HazardsFound += os.HazardsFound
	s.General += os.General
	s.Major += os.Major
	s.Rectified += os.Rectified
	s.Verified += os.Verified
	s.Overdue += os.Overdue
	s.OverdueMajor += os.OverdueMajor
	s.Refused += os.Refused
	s.RefusedEnforced += os.RefusedEnforced

	p, op := &r.Sampling, o.Sampling
	p.Batches += op.Batches
	p.ByChannel = addCounts(p.ByChannel, op.ByChannel)
	p.ByCategory = addCounts(p.ByCategory, op.ByCategory)
	p.Failed += op.Failed
	p.TraceBase += op.TraceBase
	p.Traced += op.Traced
	p.Handled += op.Handled
	p.Exposed += op.Exposed

	r.Meeting.Meetings += o.Meeting.Meetings
	r.Meeting.Experts += o.Meeting.Experts
	r.Meeting.MonitoringProjects += o.Meeting.MonitoringProjects
	r.Meeting.Escalated += o.Meeting.Escalated

	z, oz := &r.Zeroing, o.Zeroing
	z.Points += oz.Points
	z.Major += oz.Major
	z.Zeroed += oz.Zeroed
	z.ByMeasure = addCounts(z.ByMeasure, oz.ByMeasure)
	z.Briefed += oz.Briefed

	r.SelfInspection.Counties += o.SelfInspection.Counties
	r.SelfInspection.Done += o.SelfInspection.Done

	v, ov := &r.Supervision, o.Supervision
	v.Visits += ov.Visits
	v.ByCity += ov.ByCity
	v.ByProvince += ov.ByProvince
	v.RandomPicks += ov.RandomPicks
	v.CountiesVisited += ov.CountiesVisited
	v.Counties += ov.Counties
	v.EnterprisesVisited += ov.EnterprisesVisited
	v.HazardsChecked += ov.HazardsChecked
	v.HazardsCleared += ov.HazardsCleared
	v.ProblemsFound += ov.ProblemsFound

	n, on := &r.Nonconforming, o.Nonconforming
	n.OnList += on.OnList
	n.RepeatOffenders += on.RepeatOffenders
	n.Ordered += on.Ordered
	n.Rechecked += on.Rechecked
	n.Done += on.Done
	n.RepeatDone += on.RepeatDone
	n.Overdue += on.Overdue

	g, og := &r.RiskSignals, o.RiskSignals
	g.Received += og.Received
	g.Assessed += og.Assessed
	g.Timely += og.Timely
	g.ByLevel = addCounts(g.ByLevel, og.ByLevel)
	g.ByDisposition = addCounts(g.ByDisposition, og.ByDisposition)
	g.Disposed += og.Disposed
}

func addCounts(into, from map[string]int64) map[string]int64 {
	for k, v := range from {
		if into == nil {
			into = map[string]int64{}
		}
		into[k] += v
	}
	return into
}
