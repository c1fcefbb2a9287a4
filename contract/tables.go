package contract

import (
	"fmt"

	"zhengzhi"
)

// Column lengths the warehouse can hold (MySQL VARCHAR/TEXT widths), in
// characters. A longer value is rejected with its length in the reason.
const (
	// IDLen is the longest id, the longest row id data_issues keeps too.
	IDLen   = 64
	nameLen = 255
	textLen = 16000
	// valueLen bounds the columns without a length of their own — codes,
	// enumerations, dates, numbers and flags as text — so that a reason
	// quoting a wrong value stays short.
	valueLen = 255
)

func id() Column {
	return Column{Name: "id", Title: "记录编号", Kind: Text, MaxLen: IDLen, Identifier: true}
}

func updatedAt() Column { return Column{Name: "updated_at", Title: "更新时间", Kind: Timestamp} }

func deleted() Column { return Column{Name: "deleted", Title: "删除标记", Kind: Flag} }

func enterpriseRef(name, title string, nullable bool) Column {
	return Column{Name: name, Title: title, Kind: Text, MaxLen: IDLen, Nullable: nullable, Enterprise: true, Identifier: true}
}

func text(name, title string, maxLen int, nullable bool) Column {
	return Column{Name: name, Title: title, Kind: Text, MaxLen: maxLen, Nullable: nullable}
}

func enumCol(name, title string, e zhengzhi.Enum, nullable bool) Column {
	return Column{Name: name, Title: title, Kind: Enum, Enum: e, Nullable: nullable}
}

func dateCol(name, title string, kind Kind, nullable bool) Column {
	return Column{Name: name, Title: title, Kind: kind, Nullable: nullable}
}

func unitCol(name, title string, kind Kind) Column {
	return Column{Name: name, Title: title, Kind: kind}
}

func flag(name, title string) Column { return Column{Name: name, Title: title, Kind: Flag} }

func count(name, title string, nullable bool) Column {
	return Column{Name: name, Title: title, Kind: Int, Nullable: nullable}
}

func table(name, title string, body []Column, rules ...rule) *Table {
	t := &Table{Name: name, Title: title, rules: rules, index: map[string]int{}}
	t.Columns = append(append(append(t.Columns, id()), body...), updatedAt(), deleted())
	for i, c := range t.Columns {
		t.index[c.Name] = i
	}
	return t
}

// tables is the contract in load order: enterprises first, because every
// other table may refer to them.
var tables = []*Table{
	table("enterprises", "重点工业产品生产企业", []Column{
		{Name: "uscc", Title: "统一社会信用代码", Kind: USCC},
		text("name", "企业名称", nameLen, false),
		unitCol("county_code", "县级代码", CountyCode),
		enumCol("category", "产品类别", zhengzhi.Categories, false),
		text("license_no", "许可证编号", nameLen, true),
		enumCol("license_status", "许可状态", zhengzhi.LicenseStatuses, false),
		flag("producing", "是否生产"),
	}),
	table("screenings", "隐患排查", []Column{
		enterpriseRef("enterprise_id", "企业编号", false),
		dateCol("screened_on", "排查日期", EventDate, false),
		enumCol("kind", "排查方式", zhengzhi.ScreeningKinds, false),
		unitCol("inspector_unit", "排查单位", UnitCode),
	}),
	table("hazards", "隐患台账", []Column{
		enterpriseRef("enterprise_id", "企业编号", false),
		enumCol("source", "隐患来源", zhengzhi.HazardSources, false),
		dateCol("found_on", "发现日期", EventDate, false),
		enumCol("severity", "隐患等级", zhengzhi.Severities, false),
		text("description", "隐患描述", textLen, false),
		dateCol("deadline", "整改期限", Date, false),
		enumCol("status", "整改状态", zhengzhi.HazardStatuses, false),
		dateCol("rectified_on", "整改日期", EventDate, true),
		dateCol("verified_on", "复查日期", EventDate, true),
		enumCol("enforcement", "执法处理", zhengzhi.Enforcements, false),
		enumCol("license_action", "许可处置", zhengzhi.LicenseActions, false),
	},
		notBefore("deadline", "found_on"),
		notBefore("rectified_on", "found_on"),
		notBefore("verified_on", "rectified_on"),
		requiredForStatus("status", "rectified_on", "rectified", "verified"),
		requiredForStatus("status", "verified_on", "verified"),
	),
	table("samplings", "监督抽查", []Column{
		unitCol("unit_code", "抽查单位", UnitCode),
		text("batch_no", "抽样批次号", nameLen, false),
		dateCol("sampled_on", "抽样日期", EventDate, false),
		enumCol("channel", "抽样渠道", zhengzhi.SamplingChannels, false),
		text("outlet", "平台或门店", nameLen, true),
		enumCol("category", "产品类别", zhengzhi.Categories, false),
		enumCol("plan", "抽查计划", zhengzhi.SamplingPlans, false),
		enterpriseRef("producer_enterprise_id", "生产企业编号", true),
		{Name: "producer_uscc", Title: "生产企业信用代码", Kind: USCC, Nullable: true},
		enumCol("result", "检验结果", zhengzhi.SamplingResults, false),
		flag("traced", "是否追溯源头"),
		dateCol("handled_on", "落地查处日期", EventDate, true),
		flag("exposed", "是否曝光"),
	}),
	table("nonconforming", "不合格企业后处理", []Column{
		enterpriseRef("enterprise_id", "企业编号", false),
		{Name: "first_failed_year", Title: "首次不合格年份", Kind: Int, Min: 2000},
		{Name: "fail_count", Title: "不合格次数", Kind: Int, Min: 1},
		dateCol("last_failed_on", "最近不合格日期", EventDate, false),
		dateCol("ordered_on", "责令整改日期", EventDate, true),
		dateCol("rechecked_on", "复查日期", EventDate, true),
		enumCol("followup_status", "后处理状态", zhengzhi.FollowupStatuses, false),
		dateCol("followup_done_on", "后处理完成日期", EventDate, true),
	},
		notBefore("followup_done_on", "ordered_on"),
	),
	table("dormant_checks", "长期不生产企业跟踪", []Column{
		enterpriseRef("enterprise_id", "企业编号", false),
		dateCol("checked_on", "检查日期", EventDate, false),
		enumCol("kind", "检查方式", zhengzhi.DormantCheckKinds, false),
		enumCol("finding", "检查结果", zhengzhi.DormantFindings, false),
	}),
	table("risk_signals", "风险信息", []Column{
		unitCol("unit_code", "接收单位", UnitCode),
		dateCol("received_on", "接收日期", EventDate, false),
		enumCol("source", "信息来源", zhengzhi.SignalSources, false),
		enumCol("category", "产品类别", zhengzhi.Categories, false),
		enterpriseRef("enterprise_id", "企业编号", true),
		text("summary", "信息摘要", textLen, false),
		dateCol("assessed_on", "二次研判日期", EventDate, true),
		enumCol("risk_level", "风险等级", zhengzhi.RiskLevels, true),
		enumCol("disposition", "处置方式", zhengzhi.Dispositions, true),
		dateCol("disposed_on", "处置日期", EventDate, true),
	},
		notBefore("assessed_on", "received_on"),
	),
	table("risk_points", "风险隐患点", []Column{
		unitCol("county_code", "县级代码", CountyCode),
		enterpriseRef("enterprise_id", "企业编号", true),
		dateCol("identified_on", "识别日期", EventDate, false),
		enumCol("level", "隐患点等级", zhengzhi.PointLevels, false),
		text("description", "隐患点描述", textLen, false),
		dateCol("zeroed_on", "清零日期", EventDate, true),
		enumCol("measure", "清零措施", zhengzhi.PointMeasures, true),
		flag("briefing_held", "是否召开宣贯会"),
	},
		notBefore("zeroed_on", "identified_on"),
	),
	table("activities", "六个一行动", []Column{
		unitCol("unit_code", "实施单位", UnitCode),
		enumCol("action", "行动", zhengzhi.Actions, false),
		dateCol("started_on", "开始日期", EventDate, false),
		dateCol("completed_on", "完成日期", EventDate, true),
		count("experts", "邀请专家人数", true),
		count("monitoring_projects", "风险监测项目数", true),
		flag("escalated", "是否提请省局立项"),
		flag("emergency_plan", "是否制定应急预案"),
		text("notes", "备注", textLen, true),
	},
		notBefore("completed_on", "started_on"),
	),
	table("supervision_visits", "督查", []Column{
		unitCol("inspector_unit", "督查单位", UnitCode),
		unitCol("inspected_unit", "被督查县", CountyCode),
		dateCol("visited_on", "督查日期", EventDate, false),
		flag("random_pick", "是否随机抽中"),
		count("enterprises_visited", "走访企业数", false),
		count("hazards_checked", "检查隐患数", false),
		count("hazards_confirmed_cleared", "确认清零隐患数", false),
		count("problems_found", "发现问题数", false),
	},
		notAbove("hazards_confirmed_cleared", "hazards_checked"),
	),
	table("submissions", "信息报送", []Column{
		unitCol("unit_code", "报送单位", UnitCode),
		enumCol("kind", "信息类型", zhengzhi.SubmissionKinds, false),
		text("period", "报送期次", nameLen, false),
		dateCol("submitted_on", "报送日期", EventDate, false),
		flag("adopted", "是否被采用"),
	}),
	table("incidents", "产品质量安全事件", []Column{
		unitCol("county_code", "县级代码", CountyCode),
		dateCol("occurred_on", "发生日期", EventDate, false),
		enumCol("level", "事件等级", zhengzhi.IncidentLevels, false),
		enumCol("category", "产品类别", zhengzhi.Categories, false),
		enterpriseRef("enterprise_id", "企业编号", true),
		flag("direct_responsibility", "是否负有直接监管责任"),
		flag("systemic", "是否系统性区域性"),
		text("summary", "事件摘要", textLen, false),
	}),
}

// Tables lists the contract's twelve tables in load order (enterprises first).
func Tables() []*Table { return tables }

// Lookup finds a table by name.
func Lookup(name string) (*Table, bool) {
	for _, t := range tables {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// Names reads the contract's Chinese names of tables and columns, and which
// columns name a unit, for those who show a bureau's rows to a person.
type Names struct{}

// TableTitle is a table's Chinese name, or the name itself when unknown.
func (Names) TableTitle(table string) string {
	if t, ok := Lookup(table); ok {
		return t.Title
	}
	return table
}

// ColumnTitle is a column's Chinese name, or the name itself when unknown.
func (Names) ColumnTitle(table, column string) string {
	if t, ok := Lookup(table); ok {
		if i := t.Index(column); i >= 0 {
			return t.Columns[i].Title
		}
	}
	return column
}

// UnitColumns lists the columns of a table that hold a unit code.
func (Names) UnitColumns(table string) []string {
	return columnsWhere(table, func(c Column) bool { return c.Kind == UnitCode || c.Kind == CountyCode })
}

// EnterpriseColumns lists the columns of a table that refer to an enterprise by its id.
func (Names) EnterpriseColumns(table string) []string {
	return columnsWhere(table, func(c Column) bool { return c.Enterprise })
}

// columnsWhere lists the names of a table's columns that keep holds for,
// in the contract's order; nil for a table the contract does not know.
func columnsWhere(table string, keep func(Column) bool) []string {
	t, ok := Lookup(table)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range t.Columns {
		if keep(c) {
			out = append(out, c.Name)
		}
	}
	return out
}

// TableOrder is a table's place in the contract, as text that sorts; an
// unknown table sorts last, by name.
func (Names) TableOrder(table string) string {
	for i, t := range tables {
		if t.Name == table {
			return fmt.Sprintf("%02d", i)
		}
	}
	return "99" + table
}

// Enums is the enumerations of a table's enum columns, by column; nil for a
// table the contract does not know.
func (Names) Enums(table string) map[string]zhengzhi.Enum {
	t, ok := Lookup(table)
	if !ok {
		return nil
	}
	out := map[string]zhengzhi.Enum{}
	for _, c := range t.Columns {
		if c.Kind == Enum {
			out[c.Name] = c.Enum
		}
	}
	return out
}
