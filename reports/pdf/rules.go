package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi/reports"
)

// ScoringRules renders a rule set's 评分细则 as an official document's
// text (GB/T 9704 page and grid, no 版头: it is circulated as the annex of
// a notice): the title, the scope, a table of the items and their points,
// then each item — indicator, data source, rule, worked example — and the
// adjustments, vetoes, grades and reporting deadlines.
func (r *Renderer) ScoringRules(w io.Writer, s reports.ScoringRules) ([]Warning, error) {
	d, err := newOfficialDoc(r.Fonts, s.Meta, s.Title)
	if err != nil {
		return nil, err
	}
	d.rowPad = 1.2
	d.m.AddRows(d.blankRow())
	for _, l := range d.paragraphLines(s.Title, docTitle, 0) {
		d.m.AddRows(d.centredRow(l, docTitle, officialPitch, 0))
	}
	d.m.AddRows(d.blankRow())
	d.officialParagraph(s.Scope, docBody)
	section := 0
	heading1 := func(text string) {
		section++
		d.officialHeading(reports.ChineseNumber(section)+"、"+text, docHeading)
	}
	heading1("考核项目及分值")
	var rows [][]cell
	for _, it := range s.Items {
		rows = append(rows, []cell{{fmt.Sprint(it.No), docTable, nil}, {it.Title, docTable, nil}, {it.Points, docTable, nil}})
	}
	rows = append(rows, []cell{{"", docTable, nil}, {"合计", docTableH, nil}, {s.Total, docTable, nil}})
	d.table("", []float64{20, 96, 40}, []cell{{"序号", docTableH, headFill}, {"考核项目", docTableH, headFill}, {"分值", docTableH, headFill}}, rows)
	d.m.AddRows(d.blankRow())
	heading1("评分标准")
	for _, it := range s.Items {
		d.officialHeading(fmt.Sprintf("（%s）%s（%s分）", reports.ChineseNumber(it.No), it.Title, it.Points), docKai)
		d.officialParagraph("考核指标："+it.Indicator+"。", docBody)
		d.officialParagraph("数据来源："+it.Source+"。", docBody)
		d.officialParagraph("评分方法："+it.Rule, docBody)
		d.officialParagraph(it.Example, docBody)
	}
	lists := []struct {
		title string
		lines []string
	}{{"加分和扣分", s.Adjustments}, {"一票否决", s.Vetoes}, {"等次限制", s.Gates}}
	for _, l := range lists {
		if len(l.lines) == 0 {
			continue
		}
		heading1(l.title)
		for _, line := range l.lines {
			d.officialParagraph(line, docBody)
		}
	}
	heading1("等次评定")
	d.officialParagraph(joinGrades(s.Grades), docBody)
	if len(s.Deadlines) > 0 {
		heading1("信息报送时限")
		for _, line := range s.Deadlines {
			d.officialParagraph(line+"。", docBody)
		}
	}
	if s.Changes != nil {
		d.m.AddRows(d.blankRow())
		d.m.AddRows(annexRows(d, []string{reports.RulesChangesTitle})...)
		rulesChanges(d, *s.Changes)
	}
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("评分细则: %w", err)
	}
	return d.warnings, nil
}

// rulesChanges sets the annex of changes against last year's rule set on
// pages of its own: "附件", its title, the sentence citing last year's
// 评分细则, and a table of the changes — the item, the kind of change, and
// what changed, left-aligned.
func rulesChanges(d *doc, c reports.RulesChanges) {
	d.m.AddPages(page.New())
	d.m.AddRows(d.gridRow("附件", docHeading, 0, d.gridTc(docHeading.size)))
	d.m.AddRows(d.blankRow())
	for _, l := range d.paragraphLines(reports.RulesChangesTitle, docTitle, 0) {
		d.m.AddRows(d.centredRow(l, docTitle, officialPitch, 0))
	}
	d.m.AddRows(d.blankRow())
	d.officialParagraph(c.Intro, docBody)
	if len(c.Rows) == 0 {
		return
	}
	d.space(2)
	detail := docTable
	detail.align = align.Left
	var rows [][]cell
	for _, r := range c.Rows {
		rows = append(rows, []cell{{fmt.Sprint(r.No), docTable, nil}, {r.Subject, docTable, nil}, {r.Change, docTable, nil}, {r.Detail, detail, nil}})
	}
	d.table("", rulesChangesWidths, []cell{{"序号", docTableH, headFill}, {"考核项目", docTableH, headFill},
		{"变化", docTableH, headFill}, {"说明", docTableH, headFill}}, rows)
}

// rulesChangesWidths are the annex table's columns, mm: 序号, 考核项目, 变化, 说明.
var rulesChangesWidths = []float64{14, 40, 30, 72}

// joinGrades says the grade bands in one sentence: "90分以上为优秀，……，其余为不合格。"
func joinGrades(grades []string) string {
	return "按总分评定等次（分数线包括本数）：" + strings.Join(grades, "，") + "。"
}
