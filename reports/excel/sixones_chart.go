package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// rateChart is a clustered column chart of some rate columns of a table by
// unit, put under the table on a page of its own.
type rateChart struct {
	title   string
	columns []int // the rate columns plotted
	units   int   // the first rows plotted: the scope's own row is not a unit to compare
}

// chartSize is a chart's size in pixels and the rows it covers.
type chartSize struct {
	width, height uint
	rows          int
}

// sizeChart sizes a chart to a table's width: a character unit of the 宋体
// default font is about 8.7 pixels (as LibreOffice lays the sheet out), plus
// some padding per column; the print area takes in the rows it covers.
func sizeChart(width float64, columns int) chartSize {
	w := max(uint(width*8.7+float64(columns)*5), 600)
	h := w / 2
	return chartSize{width: w, height: h, rows: int(h)/20 + 2}
}

// addChart puts the chart at cell at.
func (b *book) addChart(sheet, at string, p placement, c rateChart, size chartSize) error {
	quoted := "'" + sheet + "'!"
	first, last := p.firstData, p.firstData+c.units-1
	var series []excelize.ChartSeries
	colors := []string{"4472C4", "ED7D31"}
	for i, col := range c.columns {
		ref := "$" + colName(col+1) + "$"
		series = append(series, excelize.ChartSeries{
			Name:       quoted + ref + fmt.Sprint(p.headerTop+1), // 整改率, 清零率
			Categories: fmt.Sprintf("%s$A$%d:$A$%d", quoted, first, last),
			Values:     fmt.Sprintf("%s%s%d:%s%d", quoted, ref, first, ref, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i%len(colors)]}},
		})
	}
	axisFont := excelize.Font{Family: bodyFont, Size: 9, Color: "000000"}
	one, zero := 1.0, 0.0
	return b.f.AddChart(sheet, at, &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Dimension: excelize.ChartDimension{Width: size.width, Height: size.height},
		Format:    excelize.GraphicOptions{Positioning: "oneCell"},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title,
			Font: &excelize.Font{Family: headingFont, Size: 12, Color: "000000"}}}},
		Legend: excelize.ChartLegend{Position: "top", Font: &axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont},
		YAxis:  excelize.ChartAxis{Font: axisFont, Maximum: &one, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
}
