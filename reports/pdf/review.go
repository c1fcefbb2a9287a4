package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"zhengzhi/reports"
)

// stateMark is the line under a document's title saying where its result
// stands: （公示稿） in red, （最终结果） in black; nothing while open.
func stateMark(d *doc, mark string, size float64) {
	if mark == "" {
		return
	}
	st := style{role: heading, size: size, align: align.Center, pitch: size * 0.5}
	if mark != "最终结果" {
		st.color = docRed
	}
	d.paragraph("（"+mark+"）", st, 0)
}

// reviewColumns are the widths of the 复核情况 table in a scorecard, in
// shares of the text width: unit, item, claim, ruling, reason.
var reviewColumns = []float64{0.13, 0.19, 0.26, 0.15, 0.27}

// layReview lays out the 复核情况 table: each appeal's unit, item, claim,
// ruling and reason, with text in the given styles; nil when there is none.
func layReview(d *doc, title string, rows []reports.ReviewRow, head, text style, fill *props.Color) *laidTable {
	if len(rows) == 0 {
		return nil
	}
	cols := make([]float64, len(reviewColumns))
	for i, c := range reviewColumns {
		cols[i] = c * d.width
	}
	header := []cell{{"单位", head, fill}, {"申诉项目", head, fill}, {"申诉事项", head, fill}, {"复核结论", head, fill}, {"理由", head, fill}}
	var body [][]cell
	for _, r := range rows {
		body = append(body, []cell{{r.Unit, text, nil}, {r.Item, text, nil}, {r.Claim, text, nil}, {r.Ruling, text, nil}, {r.Reason, text, nil}})
	}
	return d.layTable(title, cols, header, body)
}

// reviewSection is the 通报's 复核情况: a sentence counting the appeals and
// their rulings (and, final, that the accepted ones are counted), then the
// table of them.
func reviewSection(d *doc, rows []reports.ReviewRow, final bool) {
	d.paragraph(reviewCount(rows, final), docBody, 2)
	// Items are named by their assessment's short title when the appeals
	// are of more than one assessment: item ids repeat across rule sets.
	named := slices.Clone(rows)
	for i := range named {
		if named[i].Assessment != rows[0].Assessment {
			for j := range named {
				named[j].Item = rows[j].Assessment + " " + rows[j].Item
			}
			break
		}
	}
	if t := layReview(d, "", named, docSmallH, style{role: body, size: 10.5}, nil); t != nil {
		d.space(2)
		t.add(d)
	}
}

// reviewCount is the sentence that opens a 复核情况: how many appeals, how
// many accepted and rejected, and, once final, that the accepted count.
func reviewCount(rows []reports.ReviewRow, final bool) string {
	accepted, rejected := 0, 0
	for _, r := range rows {
		switch {
		case strings.HasPrefix(r.Ruling, "采纳"):
			accepted++
		case strings.HasPrefix(r.Ruling, "不予采纳"):
			rejected++
		}
	}
	text := fmt.Sprintf("公示期间共收到申诉%d件，经复核，采纳%d件，不予采纳%d件", len(rows), accepted, rejected)
	if pending := len(rows) - accepted - rejected; pending > 0 {
		text += fmt.Sprintf("，待复核%d件", pending)
	}
	text += "。"
	if final && accepted > 0 {
		text += "采纳的申诉已按认定结果重新计分，计入本通报的考核结果。"
	}
	return text
}

// reviewParagraphs are a 复核情况 in the 通报's running text: the count,
// then one paragraph per appeal.
func reviewParagraphs(rows []reports.ReviewRow, final bool) []string {
	out := []string{reviewCount(rows, final)}
	for i, r := range rows {
		p := fmt.Sprintf("%d.%s对%s“%s”提出申诉：%s。复核结论：%s", i+1, r.Unit, r.Assessment, r.Item, strings.TrimSuffix(r.Claim, "。"), r.Ruling)
		if r.Reason != "" {
			p += "，" + strings.TrimSuffix(r.Reason, "。")
		}
		out = append(out, p+"。")
	}
	return out
}
