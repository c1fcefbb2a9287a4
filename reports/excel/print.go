package excel

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// pageWidth is the most column units one A4 landscape page prints legibly:
// about 113 units fit at full size, so a table up to 240 wide prints at half
// size or more on one page; a wider one prints two (or more) pages wide.
const pageWidth = 240.0

// page is how a sheet prints.
type page struct {
	width      float64 // the table's width in column units
	titleRows  string  // the header rows repeated on every page, "$4:$5"
	keyColumns int     // leading columns repeated on every page across
	area       string  // the print area, "$A$1:$X$12"; "" for the whole sheet
}

// pagesWide is how many pages across a table of width units prints on.
func pagesWide(width float64) int { return max(1, int(math.Ceil(width/pageWidth))) }

// printSetup makes a sheet print on A4 landscape, fit to as many pages wide
// as its width needs (any number of pages down), with the header rows
// repeated at the top of every page — and the key columns at the left of
// every page when it prints more than one page wide — the print area limited
// to the table; the footer numbers the pages. On a streamed sheet it must
// come before the stream writer: the sheet properties are written first.
func (b *book) printSetup(sheet string, pg page) error {
	size, landscape, wide, any0 := 9, "landscape", pagesWide(pg.width), 0
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &any0,
	}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	quoted := "'" + sheet + "'!"
	if pg.titleRows != "" {
		titles := quoted + pg.titleRows
		if wide > 1 && pg.keyColumns > 0 {
			titles = fmt.Sprintf("%s$A:$%s,%s", quoted, colName(pg.keyColumns), titles)
		}
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}); err != nil {
			return err
		}
	}
	if pg.area != "" {
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: quoted + pg.area, Scope: sheet}); err != nil {
			return err
		}
	}
	return b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: b.header, OddFooter: "&C第 &P 页 共 &N 页",
	})
}
