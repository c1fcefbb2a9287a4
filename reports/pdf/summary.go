package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi/reports"
)

// summaryLayout follows GB/T 9704-2012: A4, top margin 37 mm, binding
// margin 28 mm, a 156 × 225 mm text block, page numbers "— 1 —" below it.
var summaryLayout = layout{top: 37, left: 28, right: a4Width - 28 - 156, bottom: 297 - 37 - 225,
	pageNumbers: "— {current} —", pageNumberRole: body, pageNumberSize: 14}

// Official-document type: 2号 title, 3号 text at a 28 pt line pitch.
var (
	docTitle   = style{role: title, size: 22, align: align.Center, pitch: 28 * 1.2 * pointMM, balanced: true}
	docBody    = style{role: body, size: 16, pitch: 28 * pointMM}
	docHeading = style{role: heading, size: 16, pitch: 28 * pointMM}
	docKai     = style{role: kai, size: 16, pitch: 28 * pointMM}
	docTable   = style{role: body, size: 12, align: align.Center}
	docTableL  = style{role: body, size: 12}
	docTableH  = style{role: heading, size: 12, align: align.Center}
	docNote    = style{role: body, size: 10.5, color: grey}
)

// Summary renders the year-end assessment summary (年度考核结果汇总) in
// official-document style.
func (r *Renderer) Summary(w io.Writer, s reports.Summary) ([]Warning, error) {
	d := newDoc(r.Fonts, summaryLayout, s.Meta.GeneratedAt, strings.ReplaceAll(s.Title, "\n", ""), title, body, heading, kai)
	if s.Meta.Demo {
		if err := d.m.RegisterHeader(d.plainRow([]float64{d.width},
			[]cell{{reports.DemoMark, style{role: heading, size: 12, color: demoRed, align: align.Right}, nil}}, 8)); err != nil {
			return nil, err
		}
	}
	d.paragraph(s.Title, docTitle, 0)
	d.space(28 * pointMM)
	d.paragraph(s.Opening, docBody, 2)

	docSection(d, "一、考核排名", docHeading)
	for i, a := range s.Assessments {
		d.keep(2*docKai.linePitch() + 20) // the heading stays with the table's first rows
		d.paragraph(fmt.Sprintf("（%s）%s", chineseNumber(i+1), a.Title), docKai, 2)
		var rows [][]cell
		for _, row := range a.Rows {
			grade := row.Grade
			if row.Vetoed {
				grade += "（否决）"
			}
			rows = append(rows, []cell{{fmt.Sprint(row.Rank), docTable, nil}, {row.Name, docTable, nil},
				{row.Total.String(), docTable, nil}, {grade, docTable, nil}, {row.Change, docTable, nil}})
		}
		d.table("", []float64{18, 38, 28, 34, 38},
			[]cell{{"名次", docTableH, nil}, {"单位", docTableH, nil}, {"得分", docTableH, nil},
				{"等级", docTableH, nil}, {"较上期", docTableH, nil}}, rows)
		d.space(3)
	}

	docSection(d, "二、等级分布", docHeading)
	for _, a := range s.Assessments {
		var parts []string
		for _, g := range a.Grades {
			if g.Count == 0 {
				parts = append(parts, g.Grade+"0个")
				continue
			}
			parts = append(parts, fmt.Sprintf("%s%d个（%s）", g.Grade, g.Count, strings.Join(g.Units, "、")))
		}
		d.paragraph(a.Title+"："+strings.Join(parts, "，")+"。", docBody, 2)
	}

	docSection(d, "三、一票否决与扣分情况", docHeading)
	if len(s.Penalties) == 0 {
		d.paragraph("本年度无单位被一票否决或扣分。", docBody, 2)
	}
	for _, p := range s.Penalties {
		what := fmt.Sprintf("扣%s分", strings.TrimPrefix(p.Score.String(), "-"))
		if p.Kind == "一票否决" {
			what = fmt.Sprintf("一票否决，总分封顶%s分", p.Score)
		}
		// Leadership needs the fact behind the points, not the rule again:
		// the reason's first clause ("发生较大产品质量安全事件1起").
		fact, _, _ := strings.Cut(p.Reason, "，")
		d.paragraph(fmt.Sprintf("%s在%s中因“%s”%s（%s）。", p.Unit, p.Assessment, p.Title, what, strings.TrimSuffix(fact, "。")), docBody, 2)
	}

	docSection(d, "四、建议约谈单位", docHeading)
	if len(s.CalledIn) == 0 {
		d.paragraph("无。", docBody, 2)
	}
	// Units called in for the same reasons share one paragraph, so the list
	// stays a few lines however many units fall under it.
	var reasons []string
	units := map[string][]string{}
	for _, c := range s.CalledIn {
		if _, seen := units[c.Reason]; !seen {
			reasons = append(reasons, c.Reason)
		}
		units[c.Reason] = append(units[c.Reason], c.Unit)
	}
	for i, reason := range reasons {
		d.paragraph(fmt.Sprintf("%d. %s（%d个）：%s。", i+1, strings.Join(units[reason], "、"), len(units[reason]), reason), docBody, 2)
	}

	docSection(d, "五、值得关注的情况", docHeading)
	for _, h := range s.Highlights {
		d.paragraph(h, docBody, 2)
	}
	d.space(6)
	d.paragraph("注："+s.Meta.PullsLine()+"。", docNote, 0)
	if err := d.write(w, s.Meta.GeneratedAt); err != nil {
		return nil, fmt.Errorf("年度考核结果汇总: %w", err)
	}
	return d.warnings, nil
}

// docSection adds a heading that keeps at least two lines of what follows on its page.
func docSection(d *doc, text string, st style) {
	d.keep(3 * st.linePitch())
	d.paragraph(text, st, 2)
}
