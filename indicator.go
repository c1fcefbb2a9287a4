package zhengzhi

// Kind is what an indicator's value is: a ratio, a count or a 0/1 flag.
type Kind string

// The indicator kinds.
const (
	Ratio Kind = "ratio"
	Count Kind = "count"
	Flag  Kind = "flag"
)

// Indicator is one measure of the indicator library, computed from the
// warehouse for every unit of a level.
type Indicator struct {
	Name  string
	Kind  Kind
	Title string
}

// Indicators is the indicator library in the order of the assessment spec.
var Indicators = []Indicator{
	{"screening_coverage", Ratio, "隐患排查覆盖率"},
	{"hazards_found", Count, "排查发现隐患数"},
	{"hazard_rectification_rate", Ratio, "隐患整改率"},
	{"hazard_closure_rate", Ratio, "隐患复查销号率"},
	{"overdue_hazards", Count, "逾期未整改隐患数"},
	{"overdue_major_hazards", Count, "逾期未整改重大隐患数"},
	{"refusal_enforcement_rate", Ratio, "拒不整改依法查处率"},
	{"sampling_batches", Count, "专项监督抽查批次"},
	{"sampling_completion", Ratio, "专项监督抽查完成率"},
	{"failed_sample_trace_rate", Ratio, "不合格产品追溯率"},
	{"failed_sample_handling_rate", Ratio, "不合格产品落地查处率"},
	{"nonconforming_followup_rate", Ratio, "不合格企业后处理率"},
	{"repeat_offender_followup_rate", Ratio, "多年多次不合格企业后处理率"},
	{"overdue_followups", Count, "逾期未复查不合格企业数"},
	{"dormant_tracking_rate", Ratio, "长期不生产企业跟踪率"},
	{"risk_signal_assessment_rate", Ratio, "风险信息二次研判率"},
	{"risk_signal_timely_rate", Ratio, "风险信息研判及时率"},
	{"risk_point_zeroing_rate", Ratio, "隐患清零率"},
	{"analysis_meeting_held", Flag, "召开安全隐患分析大会"},
	{"monitoring_projects", Count, "风险监控项目数"},
	{"emergency_plan_in_place", Flag, "应急预案完善"},
	{"self_inspection_coverage", Ratio, "自查自纠覆盖率"},
	{"supervision_coverage", Ratio, "督查覆盖率"},
	{"province_random_check", Flag, "省局随机抽查"},
	{"submission_timeliness", Ratio, "信息报送及时率"},
	{"experience_adopted", Count, "典型经验被采用数"},
	{"larger_incidents", Count, "较大产品质量安全事件数"},
	{"major_incidents", Count, "重大产品质量安全事件数"},
}

// LookupIndicator finds an indicator of the library by name.
func LookupIndicator(name string) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Name == name {
			return in, true
		}
	}
	return Indicator{}, false
}
