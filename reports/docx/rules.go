package docx

import (
	"fmt"
	"io"
	"strings"

	"zhengzhi/reports"
)

// ScoringRules writes a rule set's 评分细则 as a Word document with the
// same text and table as the PDF (reports/pdf), for the province to edit
// before circulating it.
func ScoringRules(w io.Writer, s reports.ScoringRules, fonts FontNames) error {
	d := officialDoc(s.Title, s.Meta.GeneratedAt, fonts)
	body := func(text string) { d.Paragraph(bodyText(text, 2, fonts)) }
	heading := func(text, font string) {
		d.Paragraph(Paragraph{FirstLine: 2, KeepNext: true, Line: linePitch, Runs: []Run{{Text: text, Font: font, Size: 16, Spacing: condensed}}})
	}
	d.Paragraph(Paragraph{Align: Center, Line: linePitch, Before: linePitch, After: linePitch, Runs: []Run{{Text: s.Title, Font: fonts.Title, Size: 22}}})
	body(s.Scope)
	section := 0
	heading1 := func(text string) {
		section++
		heading(reports.ChineseNumber(section)+"、"+text, fonts.Heading)
	}
	heading1("考核项目及分值")
	t := Table{Widths: []float64{20, 96, 40}, Header: []string{"序号", "考核项目", "分值"}, Font: fonts.Body, HeaderFont: fonts.Heading, Size: 12}
	for _, it := range s.Items {
		t.Rows = append(t.Rows, []string{fmt.Sprint(it.No), it.Title, it.Points})
	}
	t.Rows = append(t.Rows, []string{"", "合计", s.Total})
	d.Table(t)
	heading1("评分标准")
	for _, it := range s.Items {
		heading(fmt.Sprintf("（%s）%s（%s分）", reports.ChineseNumber(it.No), it.Title, it.Points), fonts.Kai)
		body("考核指标：" + it.Indicator + "。")
		body("数据来源：" + it.Source + "。")
		body("评分方法：" + it.Rule)
		body(it.Example)
	}
	for _, l := range []struct {
		title string
		lines []string
	}{{"加分和扣分", s.Adjustments}, {"一票否决", s.Vetoes}, {"等次限制", s.Gates}} {
		if len(l.lines) == 0 {
			continue
		}
		heading1(l.title)
		for _, line := range l.lines {
			body(line)
		}
	}
	heading1("等次评定")
	body("按总分评定等次（分数线包括本数）：" + strings.Join(s.Grades, "，") + "。")
	if len(s.Deadlines) > 0 {
		heading1("信息报送时限")
		for _, line := range s.Deadlines {
			body(line + "。")
		}
	}
	if c := s.Changes; c != nil {
		cw := 156.0 / 28
		d.Paragraph(Paragraph{Line: linePitch, Runs: []Run{{Font: fonts.Body, Size: 16}}})
		d.Paragraph(Paragraph{Align: Left, Left: 5 * cw, Hanging: 3 * cw, Line: linePitch,
			Runs: []Run{{Text: "附件：" + reports.RulesChangesTitle, Font: fonts.Body, Size: 16}}})
		// The annex on pages of its own: 附件, its title, the sentence, the table.
		d.Paragraph(Paragraph{PageBreak: true, Align: Left, Line: linePitch, Runs: []Run{{Text: "附件", Font: fonts.Heading, Size: 16}}})
		d.Paragraph(Paragraph{Line: linePitch, Runs: []Run{{Font: fonts.Body, Size: 16}}})
		d.Paragraph(Paragraph{Align: Center, Line: linePitch, After: linePitch, Runs: []Run{{Text: reports.RulesChangesTitle, Font: fonts.Title, Size: 22}}})
		body(c.Intro)
		if len(c.Rows) > 0 {
			t := Table{Widths: []float64{14, 40, 30, 72}, Header: []string{"序号", "考核项目", "变化", "说明"},
				Align: []Align{Center, Center, Center, Left}, Font: fonts.Body, HeaderFont: fonts.Heading, Size: 12}
			for _, r := range c.Rows {
				t.Rows = append(t.Rows, []string{fmt.Sprint(r.No), r.Subject, r.Change, r.Detail})
			}
			d.Table(t)
		}
	}
	return d.Write(w)
}
