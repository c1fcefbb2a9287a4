package excel

import (
	"zhengzhi"
	"zhengzhi/reports"
)

// bureau names the unit that reported a row: its code and name, 990100 东川市.
func bureau(code, name string) string {
	if name == "" || name == code {
		return code
	}
	return code + " " + name
}

// enterpriseLead fills the seven columns the hazard and follow-up ledgers
// begin with: 序号, 所属市, 所属县, 企业名称, 统一社会信用代码, 产品类别 and
// the record's number.
func (c *ledgerCells) enterpriseLead(n int64, p reports.Place, enterprise, uscc, category, id string) {
	c.values[0] = n
	c.text(1, p.CityName)
	c.text(2, p.CountyName)
	c.text(3, enterprise)
	c.text(4, uscc)
	c.values[5] = zhengzhi.Categories.Label(category)
	c.text(6, id)
}

var hazardLedger = ledgerKind[reports.HazardLedgerRow]{
	title: "重点工业产品质量安全隐患台账",
	sheet: "隐患台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"企业名称", 28}, {"统一社会信用代码", 21},
		{"产品类别", 23}, {"隐患编号", 17}, {"隐患来源", 10}, {"发现日期", 11}, {"隐患等级", 10},
		{"隐患描述", 36}, {"整改期限", 11}, {"整改状态", 12}, {"整改日期", 11}, {"复查销号日期", 13},
		{"查处情况", 9}, {"许可处置", 9}, {"逾期天数（未整改）", 11}, {"报送单位", 16},
	},
	fill: func(n int64, r *reports.HazardLedgerRow, c *ledgerCells) {
		c.enterpriseLead(n, r.Place, r.Enterprise, r.USCC, r.Category, r.ID)
		c.values[7] = zhengzhi.HazardSources.Label(r.Source)
		c.date(8, r.FoundOn)
		c.values[9] = zhengzhi.Severities.Label(r.Severity)
		c.text(10, r.Description)
		c.date(11, r.Deadline)
		c.values[12] = zhengzhi.HazardStatuses.Label(r.Status)
		c.date(13, r.RectifiedOn)
		c.date(14, r.VerifiedOn)
		c.values[15] = zhengzhi.Enforcements.Label(r.Enforcement)
		c.values[16] = zhengzhi.LicenseActions.Label(r.LicenseAction)
		c.days(17, r.DaysOverdue)
		c.values[18] = bureau(r.Bureau, r.BureauName)
	},
}

var followupLedger = ledgerKind[reports.FollowupLedgerRow]{
	title: "不合格企业后处理台账",
	sheet: "后处理台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"企业名称", 28}, {"统一社会信用代码", 21},
		{"产品类别", 23}, {"名单编号", 17}, {"首次不合格年度", 10}, {"不合格次数", 9}, {"多年多次", 9},
		{"最近不合格日期", 11}, {"责令整改日期", 11}, {"整改期限（60日）", 11}, {"复查期限（75日）", 11},
		{"复查日期", 11}, {"后处理状态", 12}, {"后处理完成日期", 11}, {"整改逾期天数", 9}, {"复查逾期天数", 9},
		{"报送单位", 16},
	},
	fill: func(n int64, r *reports.FollowupLedgerRow, c *ledgerCells) {
		c.enterpriseLead(n, r.Place, r.Enterprise, r.USCC, r.Category, r.ID)
		c.values[7], c.values[8], c.values[9] = r.FirstFailedYear, r.FailCount, yesNo(r.FailCount >= 2)
		c.date(10, r.LastFailedOn)
		c.date(11, r.OrderedOn)
		c.date(12, r.CorrectionDue())
		c.date(13, r.RecheckDue())
		c.date(14, r.RecheckedOn)
		c.values[15] = zhengzhi.FollowupStatuses.Label(r.Status)
		c.date(16, r.DoneOn)
		c.days(17, r.CorrectionDaysOverdue)
		c.days(18, r.RecheckDaysOverdue)
		c.values[19] = bureau(r.Bureau, r.BureauName)
	},
}

var riskPointLedger = ledgerKind[reports.RiskPointLedgerRow]{
	title: "风险隐患点清零台账",
	sheet: "清零台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"风险点编号", 17}, {"企业名称", 28},
		{"识别日期", 11}, {"等级", 8}, {"风险隐患描述", 36}, {"是否清零", 9}, {"清零日期", 11},
		{"清零方式", 9}, {"宣贯会", 8}, {"报送单位", 16},
	},
	fill: func(n int64, r *reports.RiskPointLedgerRow, c *ledgerCells) {
		c.values[0] = n
		c.text(1, r.CityName)
		c.text(2, r.CountyName)
		c.text(3, r.ID)
		c.text(4, r.Enterprise)
		c.date(5, r.IdentifiedOn)
		c.values[6] = zhengzhi.PointLevels.Label(r.Level)
		c.text(7, r.Description)
		c.values[8] = yesNo(!r.ZeroedOn.IsZero())
		c.date(9, r.ZeroedOn)
		if r.Measure != "" {
			c.values[10] = zhengzhi.PointMeasures.Label(r.Measure)
		}
		c.values[11], c.values[12] = yesNo(r.Briefed), bureau(r.Bureau, r.BureauName)
	},
}
