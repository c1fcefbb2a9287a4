package zhengzhi

// Enum is one enumeration of the bureau data contract: its allowed values in
// order, each with the Chinese label reports print.
type Enum struct {
	Name   string
	Values []string
	Labels map[string]string
}

// Has reports whether v is one of the enum's values.
func (e Enum) Has(v string) bool {
	_, ok := e.Labels[v]
	return ok
}

// Label is the Chinese label of a value, or the value itself when unknown.
func (e Enum) Label(v string) string {
	if l, ok := e.Labels[v]; ok {
		return l
	}
	return v
}

func enum(name string, pairs ...string) Enum {
	e := Enum{Name: name, Labels: map[string]string{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		e.Values = append(e.Values, pairs[i])
		e.Labels[pairs[i]] = pairs[i+1]
	}
	return e
}

// The contract's enumerations (数据报送标准 v1).
var (
	Categories = enum("category",
		"explosion_proof", "防爆电气",
		"wire_cable", "电线电缆",
		"hazchem", "危险化学品",
		"hazchem_packaging", "危险化学品包装物及容器")
	LicenseStatuses = enum("license_status",
		"valid", "有效", "suspended", "暂停", "revoked", "撤销", "cancelled", "注销", "none", "无")
	ScreeningKinds = enum("kind",
		"self_check", "企业自查", "onsite", "现场检查", "look_back", "回头看", "flight", "飞行检查")
	HazardSources = enum("source",
		"screening", "隐患排查", "sampling", "监督抽查", "risk_signal", "风险信息", "supervision", "督查", "other", "其他")
	Severities     = enum("severity", "general", "一般隐患", "major", "重大隐患")
	HazardStatuses = enum("status",
		"open", "待整改", "rectifying", "整改中", "rectified", "已整改待复查", "verified", "复查销号", "refused", "拒不整改")
	Enforcements   = enum("enforcement", "none", "未处理", "case_filed", "立案", "penalized", "已处罚")
	LicenseActions = enum("license_action",
		"none", "无", "reported", "报请上级", "revoked", "撤销许可", "cancelled", "注销许可")
	SamplingChannels = enum("channel", "ecommerce", "电商平台", "retail", "实体商超", "producer", "生产企业")
	SamplingPlans    = enum("plan",
		"province_followup", "省局不合格企业产品跟踪专项", "city", "市局专项", "routine", "日常")
	SamplingResults  = enum("result", "pass", "合格", "fail", "不合格", "pending", "待检")
	FollowupStatuses = enum("followup_status",
		"pending", "待处理", "rectifying", "整改中", "rechecked_pass", "复查合格", "rechecked_fail", "复查不合格",
		"penalized", "已处罚", "stopped", "停产停售", "deregistered", "注销/破产", "closed", "已结案")
	DormantCheckKinds = enum("kind", "patrol", "日常巡查", "flight", "不定期飞行检查")
	DormantFindings   = enum("finding",
		"not_producing", "未生产", "producing", "恢复生产", "no_capacity", "不具备生产能力", "license_cancelled", "许可已注销")
	SignalSources = enum("source",
		"complaint", "投诉举报", "monitoring", "风险监测", "media", "媒体报道", "incident", "事故事件", "upper_level", "上级交办", "other", "其他")
	RiskLevels   = enum("risk_level", "low", "低", "medium", "中", "high", "高")
	Dispositions = enum("disposition",
		"monitor", "持续监测", "inspect", "监督检查", "sample", "抽样检验", "escalate", "上报", "closed", "办结")
	PointLevels   = enum("level", "general", "一般", "major", "重大")
	PointMeasures = enum("measure",
		"rectified", "整改", "assisted", "帮扶", "closed", "关", "suspended", "停", "merged", "并", "converted", "转")
	// Actions are the 'six ones' (六个一) in the action plan's order.
	Actions = enum("action",
		"screening", "隐患排查行动", "sampling", "专项监督抽查", "analysis_meeting", "安全隐患分析大会",
		"zeroing", "隐患清零行动", "self_inspection", "自查自纠", "supervision", "督查")
	SubmissionKinds = enum("kind",
		"plan", "整治方案", "progress", "阶段进展", "experience", "典型经验", "major_issue", "重大问题", "summary", "总结")
	IncidentLevels = enum("level",
		"general", "一般", "larger", "较大", "major", "重大", "especially_major", "特别重大")
)
