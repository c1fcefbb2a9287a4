package zhengzhi

// Kind is what an indicator's value is: a ratio, a count or a 0/1 flag.
type Kind string

// The indicator kinds.
const (
	Ratio Kind = "ratio"
	Count Kind = "count"
	Flag  Kind = "flag"
)

// Denominator says where an indicator's denominator comes from. Most are
// counted by the indicator's query from the same rows as the numerator; a
// few come from the registry or the rule set, and Complete fills them in
// once the query has counted the numerator.
type Denominator int

// Where a denominator comes from.
const (
	// FromRows: the query counts it (a count or flag leaves it 0).
	FromRows Denominator = iota
	// FromCounties: the counties asked about — a county itself, a city its
	// counties; an abolished county is not asked (as in the six-ones
	// statistics).
	FromCounties
	// FromReporting: the rule set's reporting entries due by the as-of date.
	FromReporting
	// FromTarget: the unit's target named by Indicator.Target; the numerator
	// is capped at it, so that doing more than the target scores no more.
	FromTarget
)

// Indicator is one measure of the indicator library, computed from the
// warehouse for every unit of a level. Everything the system knows about an
// indicator is in its record here, except the query itself, which is the
// file sql/indicators/<Query>.sql: a new indicator is one record and one
// SQL file.
type Indicator struct {
	Name  string
	Kind  Kind
	Title string
	// Query names the SQL file that computes the indicator,
	// sql/indicators/<Query>.sql; two indicators may share one.
	Query string
	// Denominator says where a ratio's denominator comes from.
	Denominator Denominator
	// Target names the rule set's target (targets.<Target>) a FromTarget
	// denominator is read from.
	Target string
	// Counted and Measure name what a count counts and its measure word,
	// so that a count reads "逾期未整改重大隐患2处"; without them it reads
	// as its title and the number.
	Counted, Measure string
	// Yes and No say a flag's two values ("已召开安全隐患分析大会"); without
	// them a flag reads "<title>：是/否".
	Yes, No string
	// Of names a ratio's denominator in words, for an empty ratio's
	// "本期无应整改隐患（0/0）".
	Of string
	// Work is what one action of the unit on the indicator is, for the path
	// to the next grade; zero for an indicator no work of the unit moves
	// (incidents: no work undoes one; the province picks whom it checks).
	Work Work
}

// Indicators is the indicator library in the order of the assessment spec.
var Indicators = []Indicator{
	{Name: "screening_coverage", Kind: Ratio, Title: "隐患排查覆盖率", Query: "screening_coverage",
		Of:   "在产企业",
		Work: Work{Action: "再排查%d家企业", Setback: "少排查%d家企业"}},
	{Name: "hazards_found", Kind: Count, Title: "排查发现隐患数", Query: "hazards_found",
		Counted: "排查发现隐患", Measure: "处",
		Work: Work{Action: "再排查发现%d处隐患", Setback: "少发现%d处隐患"}},
	{Name: "hazard_rectification_rate", Kind: Ratio, Title: "隐患整改率", Query: "hazard_rectification_rate",
		Of:   "应整改隐患",
		Work: Work{Action: "再整改%d处隐患", Setback: "少整改%d处隐患"}},
	{Name: "hazard_closure_rate", Kind: Ratio, Title: "隐患复查销号率", Query: "hazard_closure_rate",
		Of:   "应复查销号隐患",
		Work: Work{Action: "再复查销号%d处隐患", Setback: "少复查销号%d处隐患"}},
	{Name: "overdue_hazards", Kind: Count, Title: "逾期未整改隐患数", Query: "overdue_hazards",
		Counted: "逾期未整改隐患", Measure: "处",
		Work: Work{Fewer: true, Action: "再消除%d处逾期隐患", Setback: "新增%d处逾期隐患"}},
	{Name: "overdue_major_hazards", Kind: Count, Title: "逾期未整改重大隐患数", Query: "overdue_major_hazards",
		Counted: "逾期未整改重大隐患", Measure: "处",
		Work: Work{Fewer: true, Action: "再消除%d处逾期重大隐患", Setback: "新增%d处逾期重大隐患"}},
	{Name: "refusal_enforcement_rate", Kind: Ratio, Title: "拒不整改依法查处率", Query: "refusal_enforcement_rate",
		Of:   "拒不整改隐患",
		Work: Work{Action: "再依法查处%d处拒不整改隐患", Setback: "少查处%d处拒不整改隐患"}},
	{Name: "sampling_batches", Kind: Count, Title: "专项监督抽查批次", Query: "sampling_batches",
		Counted: "专项监督抽查", Measure: "批次",
		Work: Work{Action: "再完成%d批次专项监督抽查", Setback: "少完成%d批次专项监督抽查"}},
	// The completion rate is the batches counted against the unit's target.
	{Name: "sampling_completion", Kind: Ratio, Title: "专项监督抽查完成率", Query: "sampling_batches",
		Denominator: FromTarget, Target: "sampling_batches",
		Of:   "抽查任务",
		Work: Work{Action: "再完成%d批次专项监督抽查", Setback: "少完成%d批次专项监督抽查"}},
	{Name: "failed_sample_trace_rate", Kind: Ratio, Title: "不合格产品追溯率", Query: "failed_sample_trace_rate",
		Of:   "电商及实体商超不合格样品",
		Work: Work{Action: "再追溯%d批次不合格产品", Setback: "少追溯%d批次不合格产品"}},
	{Name: "failed_sample_handling_rate", Kind: Ratio, Title: "不合格产品落地查处率", Query: "failed_sample_handling_rate",
		Of:   "不合格样品",
		Work: Work{Action: "再落地查处%d批次不合格产品", Setback: "少查处%d批次不合格产品"}},
	{Name: "nonconforming_followup_rate", Kind: Ratio, Title: "不合格企业后处理率", Query: "nonconforming_followup_rate",
		Of:   "不合格企业",
		Work: Work{Action: "再对%d家不合格企业完成后处理", Setback: "少对%d家不合格企业完成后处理"}},
	{Name: "repeat_offender_followup_rate", Kind: Ratio, Title: "多年多次不合格企业后处理率", Query: "repeat_offender_followup_rate",
		Of:   "多年多次不合格企业",
		Work: Work{Action: "再对%d家多年多次不合格企业完成后处理", Setback: "少对%d家多年多次不合格企业完成后处理"}},
	{Name: "overdue_followups", Kind: Count, Title: "逾期未复查不合格企业数", Query: "overdue_followups",
		Counted: "逾期未复查不合格企业", Measure: "家",
		Work: Work{Fewer: true, Action: "再复查%d家逾期未复查不合格企业", Setback: "新增%d家逾期未复查不合格企业"}},
	{Name: "dormant_tracking_rate", Kind: Ratio, Title: "长期不生产企业跟踪率", Query: "dormant_tracking_rate",
		Of:   "长期不生产企业",
		Work: Work{Action: "再跟踪检查%d家长期不生产企业", Setback: "少跟踪检查%d家长期不生产企业"}},
	{Name: "risk_signal_assessment_rate", Kind: Ratio, Title: "风险信息二次研判率", Query: "risk_signal_assessment_rate",
		Of:   "风险信息",
		Work: Work{Action: "再二次研判%d条风险信息", Setback: "少研判%d条风险信息"}},
	{Name: "risk_signal_timely_rate", Kind: Ratio, Title: "风险信息研判及时率", Query: "risk_signal_timely_rate",
		Of:   "风险信息",
		Work: Work{Action: "再按时研判%d条风险信息", Setback: "少按时研判%d条风险信息"}},
	{Name: "risk_point_zeroing_rate", Kind: Ratio, Title: "隐患清零率", Query: "risk_point_zeroing_rate",
		Of:   "风险隐患点",
		Work: Work{Action: "再清零%d处风险隐患点", Setback: "少清零%d处风险隐患点"}},
	{Name: "analysis_meeting_held", Kind: Flag, Title: "召开安全隐患分析大会", Query: "analysis_meeting_held",
		Yes: "已召开安全隐患分析大会", No: "未召开安全隐患分析大会",
		Work: Work{Action: "召开安全隐患分析大会", Setback: "未召开安全隐患分析大会"}},
	{Name: "monitoring_projects", Kind: Count, Title: "风险监控项目数", Query: "monitoring_projects",
		Counted: "开展风险监控项目", Measure: "个",
		Work: Work{Action: "再开展%d个风险监控项目", Setback: "少开展%d个风险监控项目"}},
	{Name: "emergency_plan_in_place", Kind: Flag, Title: "应急预案完善", Query: "emergency_plan_in_place",
		Yes: "应急预案已完善", No: "应急预案未完善",
		Work: Work{Action: "完善应急预案", Setback: "应急预案未完善"}},
	{Name: "self_inspection_coverage", Kind: Ratio, Title: "自查自纠覆盖率", Query: "self_inspection_coverage",
		Denominator: FromCounties,
		Of:          "应自查自纠的县（市、区）",
		Work:        Work{Action: "再完成%d个县（市、区）的自查自纠", Setback: "少完成%d个县（市、区）的自查自纠"}},
	{Name: "supervision_coverage", Kind: Ratio, Title: "督查覆盖率", Query: "supervision_coverage",
		Denominator: FromCounties,
		Of:          "应督查的县（市、区）",
		Work:        Work{Action: "再督查%d个县（市、区）", Setback: "少督查%d个县（市、区）"}},
	{Name: "province_random_check", Kind: Flag, Title: "省局随机抽查", Query: "province_random_check",
		Yes: "省局已随机抽查", No: "省局未随机抽查"},
	{Name: "submission_timeliness", Kind: Ratio, Title: "信息报送及时率", Query: "submission_timeliness",
		Denominator: FromReporting,
		Of:          "应报送信息",
		Work:        Work{Action: "再按期报送%d次信息", Setback: "少按期报送%d次信息"}},
	{Name: "experience_adopted", Kind: Count, Title: "典型经验被采用数", Query: "experience_adopted",
		Counted: "典型经验被省局采用", Measure: "项",
		Work: Work{Action: "再有%d项典型经验被省局采用", Setback: "少%d项典型经验被采用"}},
	{Name: "larger_incidents", Kind: Count, Title: "较大产品质量安全事件数", Query: "larger_incidents",
		Counted: "发生较大产品质量安全事件", Measure: "起"},
	{Name: "major_incidents", Kind: Count, Title: "重大产品质量安全事件数", Query: "major_incidents",
		Counted: "发生重大产品质量安全事件", Measure: "起"},
}

// LookupIndicator finds an indicator of the library by name.
func LookupIndicator(name string) (Indicator, bool) {
	if i, ok := indicatorIndex[name]; ok {
		return Indicators[i], true
	}
	return Indicator{}, false
}

// indicatorIndex finds an indicator's record by name: the next-grade search
// looks up every item's work for every unit.
var indicatorIndex = func() map[string]int {
	m := make(map[string]int, len(Indicators))
	for i, in := range Indicators {
		m[in.Name] = i
	}
	return m
}()

// Complete fills in what the query does not count: the denominator that
// comes from the registry or the rule set, and a target's cap on the
// numerator. v is unit u's value as the query counted it, as of d (already
// clamped to the rule set's window).
func (in Indicator) Complete(v Value, u Unit, reg *Registry, rs *RuleSet, d Date) Value {
	switch in.Denominator {
	case FromCounties:
		v.Denominator = reg.countiesAsked(u)
	case FromReporting:
		v.Denominator = int64(len(rs.ReportingDue(d)))
	case FromTarget:
		target := rs.Targets[in.Target].For(u.Code)
		v = Value{Numerator: min(v.Numerator, target), Denominator: target}
	}
	return v
}

// CountiesAsked lists, in registry order, the codes of the counties a
// coverage indicator asks about: every county not abolished.
func (r *Registry) CountiesAsked() []string {
	var out []string
	for _, c := range r.Units(LevelCounty) {
		if !c.Abolished {
			out = append(out, c.Code)
		}
	}
	return out
}

// countiesAsked counts the counties asked about for one unit: a county
// itself, a city its counties, abolished ones left out.
func (r *Registry) countiesAsked(u Unit) int64 {
	counties := []Unit{u}
	if u.Level == LevelCity {
		counties = r.Counties(u.Code)
	}
	var n int64
	for _, c := range counties {
		if !c.Abolished {
			n++
		}
	}
	return n
}

// ReportingDue lists the rule set's reporting entries due by d, in rule-set
// order: the submissions a unit owed by then.
func (rs *RuleSet) ReportingDue(d Date) []Reporting {
	var out []Reporting
	for _, rep := range rs.Reporting {
		if rep.Due <= d {
			out = append(out, rep)
		}
	}
	return out
}
