package reports

import (
	"strconv"

	"zhengzhi"
)

// ReviewRow is one appeal as a 复核情况 section lists it: the unit, the item
// appealed, the claim, the ruling and its reason.
type ReviewRow struct {
	// Assessment is the short title of the assessment the appeal is in.
	Assessment string `json:"assessment"`
	Code       string `json:"code"`
	Unit       string `json:"unit"`
	// Item is the item's id and title: "A4 逾期未整改重大隐患".
	Item  string `json:"item"`
	Claim string `json:"claim"`
	// Ruling is the decision in words: "采纳（认定值0）", "不予采纳", "待复核".
	Ruling string `json:"ruling"`
	Reason string `json:"reason"`
}

// ReviewRows are the appeals of an assessment's period in the order they
// were filed, those of unit only when unit is not "".
func ReviewRows(a *zhengzhi.Assessment, unit string) []ReviewRow {
	if a == nil || a.Review == nil {
		return nil
	}
	names, titles := map[string]string{}, map[string]string{}
	for _, c := range a.Units {
		names[c.Unit.Code] = c.Unit.Name
		for _, it := range c.Items {
			titles[it.ID] = it.ID + " " + it.Title
		}
	}
	short := ""
	if a.RuleSet != nil {
		short = a.RuleSet.ShortTitle()
	}
	var out []ReviewRow
	for _, ap := range a.Review.Appeals {
		if unit != "" && ap.Unit != unit {
			continue
		}
		item := titles[ap.Item]
		if item == "" {
			item = ap.Item
		}
		row := ReviewRow{Assessment: short, Code: ap.Unit, Unit: names[ap.Unit], Item: item, Claim: ap.Claim,
			Ruling: ap.State.Label()}
		if r := ap.Ruling; r != nil {
			row.Reason = r.Reason
			switch {
			case r.Value != nil:
				row.Ruling += "（认定值" + valueWords(*r.Value) + "）"
			case r.Score != nil:
				row.Ruling += "（认定得分" + r.Score.Text() + "分）"
			}
		}
		out = append(out, row)
	}
	return out
}

// valueWords is a ruled value as the section prints it: 95/100 or 0.
func valueWords(v zhengzhi.Value) string {
	if v.Denominator != 0 {
		return strconv.FormatInt(v.Numerator, 10) + "/" + strconv.FormatInt(v.Denominator, 10)
	}
	return strconv.FormatInt(v.Numerator, 10)
}

// summaryReview is the 通报's state and its 复核情况: the appeals of every
// assessment, in the order the assessments come. One assessment still in
// 公示 or 复核 makes the whole 通报 a 公示稿.
func summaryReview(current []*zhengzhi.Assessment) (string, []ReviewRow) {
	state := ""
	var rows []ReviewRow
	for _, a := range current {
		switch mark := a.StateMark(); {
		case mark == "公示稿":
			state = mark
		case mark != "" && state == "":
			state = mark
		}
		rows = append(rows, ReviewRows(a, "")...)
	}
	return state, rows
}
