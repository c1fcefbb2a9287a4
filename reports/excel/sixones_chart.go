package excel

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// rateChart is a clustered column chart of some rate columns of a table by
// unit, put under the table on the same page.
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
// some padding per column; the print area takes in the rows it covers. It is
// two and a half times as wide as tall, so that with the table above it the
// page is not shrunk much further than the table's width already shrinks it.
func sizeChart(width float64, columns int) chartSize {
	w := max(uint(width*8.7+float64(columns)*5), 600)
	h := w * 2 / 5
	return chartSize{width: w, height: h, rows: int(h)/20 + 2}
}

// addChart puts the chart of table t at cell at, and keeps the values its
// series show — the units' names, the rate columns' titles and their rates —
// for the chart's part, which excelize writes with references alone.
func (b *book) addChart(t *table, at string, p placement, hdr tableHeader, c rateChart, size chartSize) error {
	quoted := "'" + t.Sheet + "'!"
	first, last := p.firstData, p.firstData+c.units-1
	laid := t.lay()
	names := make([]string, c.units)
	for i := range names {
		names[i] = fmt.Sprint(laid[i][0].Value)
	}
	categories := fmt.Sprintf("%s$A$%d:$A$%d", quoted, first, last)
	caches := chartCaches{{formula: categories, text: names}}
	var series []excelize.ChartSeries
	colors := []string{"4472C4", "ED7D31"}
	for i, col := range c.columns {
		ref := "$" + colName(col+1) + "$"
		name := quoted + ref + fmt.Sprint(p.headerTop+1) // 整改率, 清零率
		values := fmt.Sprintf("%s%s%d:%s%d", quoted, ref, first, ref, last)
		series = append(series, excelize.ChartSeries{
			Name: name, Categories: categories, Values: values,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i%len(colors)]}},
		})
		rates := make([]any, c.units)
		for r := range rates {
			rates[r] = laid[r][col].Value
		}
		title, _ := hdr.lower[col].(excelize.Cell) // the rate's own title, under its group's
		shown, _ := title.Value.(string)
		caches = append(caches,
			chartCache{formula: name, text: []string{shown}},
			chartCache{formula: values, numbers: rates, format: rateFormat})
	}
	axisFont := excelize.Font{Family: bodyFont, Size: 9, Color: "000000"}
	one, zero := 1.0, 0.0
	if err := b.f.AddChart(t.Sheet, at, &excelize.Chart{
		Type:      excelize.Col,
		Series:    series,
		Dimension: excelize.ChartDimension{Width: size.width, Height: size.height},
		Format:    excelize.GraphicOptions{Positioning: "oneCell"},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title,
			Font: &excelize.Font{Family: headingFont, Size: 12, Color: "000000"}}}},
		Legend: excelize.ChartLegend{Position: "top", Font: &axisFont},
		XAxis:  excelize.ChartAxis{Font: axisFont},
		YAxis:  excelize.ChartAxis{Font: axisFont, Maximum: &one, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}); err != nil {
		return err
	}
	if b.charts == nil {
		b.charts = map[string]chartCaches{}
	}
	// excelize numbers a workbook's charts from 1 in the order they are
	// added; a part of another name is never written, and saving says so.
	b.charts[fmt.Sprintf("xl/charts/chart%d.xml", len(b.charts)+1)] = caches
	return nil
}

// chartCache is what one reference of a chart's series shows: the text of a
// series' name or its categories, or its numbers (nil or "" for an empty
// cell) with their number format.
type chartCache struct {
	formula string
	text    []string
	numbers []any
	format  string
}

// chartCaches are the caches of one chart part.
type chartCaches []chartCache

// fill writes the caches into a chart part as excelize wrote it: a string
// reference gets its strCache, a number reference its numCache (which
// excelize leaves empty). Readers that draw a chart without calculating the
// workbook — mail and phone previews, Quick Look, WPS's preview — show these
// values; a spreadsheet program redraws from the cells. A reference not
// found in the form expected is an error, so that a change in excelize's
// output is noticed rather than shipped as an empty chart.
func (cs chartCaches) fill(part []byte) ([]byte, error) {
	for _, c := range cs {
		var f bytes.Buffer
		_ = xml.EscapeText(&f, []byte(c.formula))
		var from, to string
		if c.numbers != nil {
			from = "<numRef><f>" + f.String() + "</f><numCache><formatCode></formatCode></numCache></numRef>"
			to = "<numRef><f>" + f.String() + "</f>" + c.numCache() + "</numRef>"
		} else {
			from = "<strRef><f>" + f.String() + "</f></strRef>"
			to = "<strRef><f>" + f.String() + "</f>" + c.strCache() + "</strRef>"
		}
		if !bytes.Contains(part, []byte(from)) {
			return nil, fmt.Errorf("chart reference %s not found", c.formula)
		}
		part = bytes.ReplaceAll(part, []byte(from), []byte(to))
	}
	return part, nil
}

// strCache is the reference's text as a strCache element.
func (c chartCache) strCache() string {
	var out bytes.Buffer
	fmt.Fprintf(&out, `<strCache><ptCount val="%d"/>`, len(c.text))
	for i, s := range c.text {
		fmt.Fprintf(&out, `<pt idx="%d"><v>`, i)
		_ = xml.EscapeText(&out, []byte(s))
		out.WriteString("</v></pt>")
	}
	out.WriteString("</strCache>")
	return out.String()
}

// numCache is the reference's numbers as a numCache element; an empty cell
// has no point.
func (c chartCache) numCache() string {
	var out bytes.Buffer
	out.WriteString("<numCache><formatCode>")
	_ = xml.EscapeText(&out, []byte(c.format))
	fmt.Fprintf(&out, `</formatCode><ptCount val="%d"/>`, len(c.numbers))
	for i, v := range c.numbers {
		if x, ok := number(v); ok {
			fmt.Fprintf(&out, `<pt idx="%d"><v>%s</v></pt>`, i, strconv.FormatFloat(x, 'g', -1, 64))
		}
	}
	out.WriteString("</numCache>")
	return out.String()
}
