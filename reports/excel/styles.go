package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles every workbook shares: 黑体 for titles and
// headers, 宋体 for the body, thin borders around the table, bold totals.
type styles struct {
	title, info                      int
	header                           int
	text, center, count, rate, score int
	totalText, totalCount, totalRate int
	totalScore                       int
	ledger                           int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	body := &excelize.Font{Family: bodyFont, Size: 10}
	bold := &excelize.Font{Family: headingFont, Size: 10}
	centered := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	rateFmt, scoreFmt := "0.0%", "0.00"
	var s styles
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Family: headingFont, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.info, excelize.Style{Font: body, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}},
		{&s.header, excelize.Style{Font: bold, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Font: body, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.center, excelize.Style{Font: body, Border: border, Alignment: centered}},
		{&s.count, excelize.Style{Font: body, Border: border, NumFmt: 3}},
		{&s.rate, excelize.Style{Font: body, Border: border, CustomNumFmt: &rateFmt}},
		{&s.score, excelize.Style{Font: body, Border: border, CustomNumFmt: &scoreFmt}},
		{&s.totalText, excelize.Style{Font: bold, Border: border, Alignment: centered}},
		{&s.totalCount, excelize.Style{Font: bold, Border: border, NumFmt: 3}},
		{&s.totalRate, excelize.Style{Font: bold, Border: border, CustomNumFmt: &rateFmt}},
		{&s.totalScore, excelize.Style{Font: bold, Border: border, CustomNumFmt: &scoreFmt}},
		{&s.ledger, excelize.Style{Font: body, Border: border}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, fmt.Errorf("cell style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}
