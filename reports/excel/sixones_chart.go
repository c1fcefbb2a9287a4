package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// rateChart puts a clustered column chart of the given rate columns by unit
// under the summary table, on a page of its own: a page break comes before
// it, it is sized to the table's width and the print area takes it in whole.
// The scope's own row is left out: it is not a unit to compare.
func (b *book) rateChart(sheet string, p placement, rateCols []int, units int) error {
	quoted := "'" + sheet + "'!"
	first, last := p.firstData, p.firstData+units-1
	var series []excelize.ChartSeries
	colors := []string{"4472C4", "ED7D31"}
	for i, c := range rateCols {
		col := "$" + colName(c+1) + "$"
		series = append(series, excelize.ChartSeries{
			Name:       quoted + col + fmt.Sprint(p.headerTop+1), // 整改率, 清零率
			Categories: fmt.Sprintf("%s$A$%d:$A$%d", quoted, first, last),
			Values:     fmt.Sprintf("%s%s%d:%s%d", quoted, col, first, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i%len(colors)]}},
		})
	}
	// A character unit of the 宋体 default font is about 8.7 pixels (as
	// LibreOffice lays the sheet out), plus some padding per column.
	width := uint(p.width*8.7 + float64(p.columns)*5)
	if width < 600 {
		width = 600
	}
	height := width / 2
	top := p.lastRow + 2
	axisFont := excelize.Font{Family: bodyFont, Size: 9, Color: "000000"}
	one, zero := 1.0, 0.0
	if err := b.f.AddChart(sheet, cell(1, top), &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Dimension: excelize.ChartDimension{Width: width, Height: height},
		Format:    excelize.GraphicOptions{Positioning: "oneCell"},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "隐患整改率与隐患清零率",
			Font: &excelize.Font{Family: headingFont, Size: 12, Color: "000000"}}}},
		Legend: excelize.ChartLegend{Position: "top", Font: &axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont},
		YAxis:  excelize.ChartAxis{Font: axisFont, Maximum: &one, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}); err != nil {
		return err
	}
	if err := b.f.InsertPageBreak(sheet, cell(1, top)); err != nil {
		return err
	}
	rows := int(height)/20 + 2
	area := &excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheet}
	if err := b.f.DeleteDefinedName(area); err != nil {
		return err
	}
	area.RefersTo = fmt.Sprintf("%s$A$1:$%s$%d", quoted, p.lastCol, top+rows)
	return b.f.SetDefinedName(area)
}
