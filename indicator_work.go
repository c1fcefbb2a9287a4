package zhengzhi

import (
	"fmt"
	"strings"
)

// Work is what one action on an indicator is, for the path to the next
// grade: one more in a ratio's numerator (its denominator unchanged), one
// more or one fewer of a count, or a flag done. A setback is the reverse.
type Work struct {
	// Fewer is set for a count that work brings down (overdue hazards);
	// other counts, ratios and flags go up.
	Fewer bool
	// Action and Setback print n actions or setbacks ("再排查%d家企业",
	// "少排查%d家企业"); a flag's have no number.
	Action, Setback string
}

// indicatorWork is the work of every indicator a unit's own effort can move.
// Incidents and the province's random check are not in it: no work undoes an
// incident, and the province picks whom it visits.
var indicatorWork = map[string]Work{
	"screening_coverage":            {false, "再排查%d家企业", "少排查%d家企业"},
	"hazards_found":                 {false, "再排查发现%d项隐患", "少发现%d项隐患"},
	"hazard_rectification_rate":     {false, "再整改%d项隐患", "少整改%d项隐患"},
	"hazard_closure_rate":           {false, "再复查销号%d项隐患", "少复查销号%d项隐患"},
	"overdue_hazards":               {true, "再消除%d项逾期隐患", "新增%d项逾期隐患"},
	"overdue_major_hazards":         {true, "再消除%d项逾期重大隐患", "新增%d项逾期重大隐患"},
	"refusal_enforcement_rate":      {false, "再依法查处%d项拒不整改隐患", "少查处%d项拒不整改隐患"},
	"sampling_batches":              {false, "再完成%d批次专项监督抽查", "少完成%d批次专项监督抽查"},
	"sampling_completion":           {false, "再完成%d批次专项监督抽查", "少完成%d批次专项监督抽查"},
	"failed_sample_trace_rate":      {false, "再追溯%d批次不合格产品", "少追溯%d批次不合格产品"},
	"failed_sample_handling_rate":   {false, "再落地查处%d批次不合格产品", "少查处%d批次不合格产品"},
	"nonconforming_followup_rate":   {false, "再对%d家不合格企业完成后处理", "少对%d家不合格企业完成后处理"},
	"repeat_offender_followup_rate": {false, "再对%d家多年多次不合格企业完成后处理", "少对%d家多年多次不合格企业完成后处理"},
	"overdue_followups":             {true, "再复查%d家逾期未复查不合格企业", "新增%d家逾期未复查不合格企业"},
	"dormant_tracking_rate":         {false, "再跟踪检查%d家长期不生产企业", "少跟踪检查%d家长期不生产企业"},
	"risk_signal_assessment_rate":   {false, "再二次研判%d条风险信息", "少研判%d条风险信息"},
	"risk_signal_timely_rate":       {false, "再按时研判%d条风险信息", "少按时研判%d条风险信息"},
	"risk_point_zeroing_rate":       {false, "再清零%d个风险隐患点", "少清零%d个风险隐患点"},
	"analysis_meeting_held":         {false, "召开安全隐患分析大会", "未召开安全隐患分析大会"},
	"monitoring_projects":           {false, "再开展%d个风险监控项目", "少开展%d个风险监控项目"},
	"emergency_plan_in_place":       {false, "完善应急预案", "应急预案未完善"},
	"self_inspection_coverage":      {false, "再完成%d个县（市、区）的自查自纠", "少完成%d个县（市、区）的自查自纠"},
	"supervision_coverage":          {false, "再督查%d个县（市、区）", "少督查%d个县（市、区）"},
	"submission_timeliness":         {false, "再按期报送%d次信息", "少按期报送%d次信息"},
	"experience_adopted":            {false, "再有%d项典型经验被省局采用", "少%d项典型经验被采用"},
}

// step is what one action adds to the indicator's number: −1 for a count
// that work brings down, else +1.
func (w Work) step() int64 {
	if w.Fewer {
		return -1
	}
	return 1
}

// LookupWork is the work that moves an indicator, false for an indicator no
// work of the unit moves (incidents, the province's random check).
func LookupWork(indicator string) (Work, bool) {
	w, ok := indicatorWork[indicator]
	return w, ok
}

// ActionText prints n actions: "再排查3家企业", or a flag's "召开安全隐患分析大会".
func (w Work) ActionText(n int64) string { return countText(w.Action, n) }

// SetbackText prints n setbacks: "少排查3家企业", "新增1项逾期重大隐患".
func (w Work) SetbackText(n int64) string { return countText(w.Setback, n) }

func countText(format string, n int64) string {
	if !strings.Contains(format, "%d") {
		return format
	}
	return fmt.Sprintf(format, n)
}
