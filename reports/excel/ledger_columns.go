package excel

import (
	"zhengzhi"
	"zhengzhi/reports"
)

// text is a ledger cell's text; an empty one leaves the cell empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// date is a ledger cell's date as text; no date leaves the cell empty.
func date(d zhengzhi.Date) any { return text(d.String()) }

var hazardLedger = ledgerKind[reports.HazardLedgerRow]{
	title: "重点工业产品质量安全隐患台账",
	sheet: "隐患台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"企业名称", 28}, {"统一社会信用代码", 21},
		{"产品类别", 23}, {"隐患编号", 17}, {"隐患来源", 10}, {"发现日期", 11}, {"隐患等级", 10},
		{"隐患描述", 36}, {"整改期限", 11}, {"整改状态", 12}, {"整改日期", 11}, {"复查销号日期", 13},
		{"查处情况", 9}, {"许可处置", 9}, {"是否逾期", 9}, {"逾期天数", 9}, {"报送单位", 9},
	},
	fill: func(n int64, r *reports.HazardLedgerRow, c []any) {
		c[0], c[1], c[2], c[3], c[4] = n, text(r.CityName), text(r.CountyName), text(r.Enterprise), text(r.USCC)
		c[5], c[6], c[7] = zhengzhi.Categories.Label(r.Category), text(r.ID), zhengzhi.HazardSources.Label(r.Source)
		c[8], c[9], c[10] = date(r.FoundOn), zhengzhi.Severities.Label(r.Severity), text(r.Description)
		c[11], c[12], c[13], c[14] = date(r.Deadline), zhengzhi.HazardStatuses.Label(r.Status), date(r.RectifiedOn), date(r.VerifiedOn)
		c[15], c[16] = zhengzhi.Enforcements.Label(r.Enforcement), zhengzhi.LicenseActions.Label(r.LicenseAction)
		c[17] = yesNo(r.Overdue)
		if r.Overdue {
			c[18] = r.DaysOverdue
		}
		c[19] = r.Bureau
	},
}

var followupLedger = ledgerKind[reports.FollowupLedgerRow]{
	title: "不合格企业后处理台账",
	sheet: "后处理台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"企业名称", 28}, {"统一社会信用代码", 21},
		{"产品类别", 23}, {"名单编号", 17}, {"首次不合格年度", 10}, {"不合格次数", 9}, {"多年多次", 9},
		{"最近不合格日期", 11}, {"责令整改日期", 11}, {"整改期限（60日）", 11}, {"复查期限（75日）", 11},
		{"复查日期", 11}, {"后处理状态", 12}, {"后处理完成日期", 11}, {"整改逾期", 9}, {"复查逾期", 9}, {"报送单位", 9},
	},
	fill: func(n int64, r *reports.FollowupLedgerRow, c []any) {
		c[0], c[1], c[2], c[3], c[4] = n, text(r.CityName), text(r.CountyName), text(r.Enterprise), text(r.USCC)
		c[5], c[6], c[7], c[8] = zhengzhi.Categories.Label(r.Category), text(r.ID), r.FirstFailedYear, r.FailCount
		c[9], c[10], c[11] = yesNo(r.FailCount >= 2), date(r.LastFailedOn), date(r.OrderedOn)
		c[12], c[13], c[14] = date(r.CorrectionDue()), date(r.RecheckDue()), date(r.RecheckedOn)
		c[15], c[16] = zhengzhi.FollowupStatuses.Label(r.Status), date(r.DoneOn)
		c[17], c[18], c[19] = yesNo(r.CorrectionOverdue), yesNo(r.RecheckOverdue), r.Bureau
	},
}

var riskPointLedger = ledgerKind[reports.RiskPointLedgerRow]{
	title: "风险隐患点清零台账",
	sheet: "清零台账",
	columns: []ledgerColumn{
		{"序号", 8}, {"所属市", 10}, {"所属县（市、区）", 12}, {"风险点编号", 17}, {"企业名称", 28},
		{"识别日期", 11}, {"等级", 8}, {"风险隐患描述", 36}, {"是否清零", 9}, {"清零日期", 11},
		{"清零方式", 9}, {"宣贯会", 8}, {"报送单位", 9},
	},
	fill: func(n int64, r *reports.RiskPointLedgerRow, c []any) {
		c[0], c[1], c[2], c[3], c[4] = n, text(r.CityName), text(r.CountyName), text(r.ID), text(r.Enterprise)
		c[5], c[6], c[7] = date(r.IdentifiedOn), zhengzhi.PointLevels.Label(r.Level), text(r.Description)
		c[8], c[9] = yesNo(!r.ZeroedOn.IsZero()), date(r.ZeroedOn)
		if r.Measure != "" {
			c[10] = zhengzhi.PointMeasures.Label(r.Measure)
		}
		c[11], c[12] = yesNo(r.Briefed), r.Bureau
	},
}
