package excel

import (
	"zhengzhi"
	"zhengzhi/reports"
)

// stateSuffix follows a title with the result's standing: （公示稿） or
// （最终结果）, nothing while the period is open.
func stateSuffix(a *zhengzhi.Assessment) string {
	if mark := a.StateMark(); mark != "" {
		return "（" + mark + "）"
	}
	return ""
}

// reviewSheet is the 复核情况 sheet: every appeal of the period with its
// unit, item, claim, ruling and reason; nil when none was filed.
func reviewSheet(a *zhengzhi.Assessment, lines []string) *table {
	rows := reports.ReviewRows(a, "")
	if len(rows) == 0 {
		return nil
	}
	fs := &fields[reports.ReviewRow]{}
	fs.first("单位", func(r reports.ReviewRow) any { return r.Unit })
	fs.add(column{Title: "申诉项目", Kind: textCell, Total: totalNone}, func(r reports.ReviewRow) any { return r.Item })
	fs.add(column{Title: "申诉事项", Kind: textCell, Total: totalNone}, func(r reports.ReviewRow) any { return r.Claim })
	fs.text("", "复核结论", totalNone, func(r reports.ReviewRow) string { return r.Ruling })
	fs.add(column{Title: "理由", Kind: textCell, Total: totalNone}, func(r reports.ReviewRow) any { return r.Reason })
	return &table{Sheet: "复核情况", Title: "复核情况表", Lines: lines, Columns: fs.columns, Rows: fs.rows(rows)}
}
