package pdf

import (
	"math"
	"testing"
	"time"

	"zhengzhi/internal/needs"
	"zhengzhi/templates"
)

func testFonts(t *testing.T) *Fonts {
	t.Helper()
	files, err := ReadFontFiles(templates.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := LoadFonts(files)
	if err != nil {
		needs.Missing(t, "the report fonts", err)
	}
	return fonts
}

// TestATableStartsWithThreeRows: a table whose header and first three rows
// do not fit at a page's foot starts on the next page, header and all —
// none begins with a row or two there; one whose first three fit stays.
func TestATableStartsWithThreeRows(t *testing.T) {
	st := style{role: regular, size: 9}
	widths := []float64{90, 90}
	header := []cell{{"单位", st, nil}, {"数量（个）", st, nil}}
	row := []cell{{"东川市", st, nil}, {"3", st, nil}}
	for _, c := range []struct {
		rows, fit int // the table's rows, and how many fit below its header
		newPage   bool
	}{{3, 2, true}, {3, 3, false}, {1, 1, false}, {5, 2, true}} {
		d := newDoc(testFonts(t), progressLayout, time.Time{}, "t")
		page := d.m.room()
		rowH := d.tableRow(widths, row).GetHeight(nil, nil)
		headH := d.tableRow(widths, header).GetHeight(nil, nil)
		d.space(page - headH - (float64(c.fit)+0.5)*rowH)
		var rows [][]cell
		for range c.rows {
			rows = append(rows, row)
		}
		d.table("", widths, header, rows)
		// A table that starts a new page has all its rows under one header
		// there; one split over the two pages has only some.
		whole := page - headH - float64(c.rows)*rowH
		if moved := math.Abs(d.m.room()-whole) < 0.2; moved != c.newPage {
			t.Errorf("%d rows with room for %d: the table started a new page: %v, want %v", c.rows, c.fit, moved, c.newPage)
		}
	}
}

// TestHeadersBreakBeforeTheirUnit: a header too wide for its column breaks
// before its bracketed unit, not inside a word.
func TestHeadersBreakBeforeTheirUnit(t *testing.T) {
	d := newDoc(testFonts(t), progressLayout, time.Time{}, "t")
	st := style{role: bold, size: 8.5}
	got := d.headerBreaks([]float64{17.5, 40}, []cell{{"逾期未整改（处）", st, nil}, {"发现隐患（处）", st, nil}})
	if got[0].text != "逾期未整改\n（处）" || got[1].text != "发现隐患（处）" {
		t.Fatalf("headers %q, %q", got[0].text, got[1].text)
	}
	if lines := d.lines(got[0].text, st, 17.5-2*cellPad); len(lines) != 2 || lines[0] != "逾期未整改" {
		t.Fatalf("lines %q", lines)
	}
}
