package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles every workbook shares: 黑体 for titles and
// headers, 宋体 for the body, thin borders around the table, bold totals,
// everything centred vertically.
type styles struct {
	title                            int
	info                             int // the lines under a title, and the signature line under a statistical table
	header                           int
	text, center, count, rate, score int
	date                             int // in a table and in a ledger
	totalText, totalCount, totalRate int
	totalScore                       int
	ledger                           int
}

// dateFormat is how dates show: 2026-09-01, whatever the reader's locale.
const dateFormat = "yyyy-mm-dd"

// rateFormat is how rates show: 94.6%.
const rateFormat = "0.0%"

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	body := &excelize.Font{Family: bodyFont, Size: 10}
	bold := &excelize.Font{Family: headingFont, Size: 10}
	centered := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	middle := &excelize.Alignment{Vertical: "center"}
	rateFmt, scoreFmt, dateFmt := rateFormat, "0.00", dateFormat
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
		{&s.count, excelize.Style{Font: body, Border: border, NumFmt: 3, Alignment: middle}},
		{&s.rate, excelize.Style{Font: body, Border: border, CustomNumFmt: &rateFmt, Alignment: middle}},
		{&s.score, excelize.Style{Font: body, Border: border, CustomNumFmt: &scoreFmt, Alignment: middle}},
		{&s.date, excelize.Style{Font: body, Border: border, CustomNumFmt: &dateFmt, Alignment: centered}},
		{&s.totalText, excelize.Style{Font: bold, Border: border, Alignment: centered}},
		{&s.totalCount, excelize.Style{Font: bold, Border: border, NumFmt: 3, Alignment: middle}},
		{&s.totalRate, excelize.Style{Font: bold, Border: border, CustomNumFmt: &rateFmt, Alignment: middle}},
		{&s.totalScore, excelize.Style{Font: bold, Border: border, CustomNumFmt: &scoreFmt, Alignment: middle}},
		{&s.ledger, excelize.Style{Font: body, Border: border, Alignment: middle}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, fmt.Errorf("cell style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}
