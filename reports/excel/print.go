package excel

import (
	"math"

	"github.com/xuri/excelize/v2"
)

// portraitWidth is the widest table, in column units, that prints upright
// (A4 portrait holds about 80 units at full size); a wider one prints on its side.
const portraitWidth = 90.0

// onePageTall reports whether a table width units wide and height points
// tall fits one page with little more shrinking than its width already
// needs: then it is fitted to one page tall too, so that a short table's
// totals and signature line do not spill onto a page of their own. (A4
// holds about 113 units across and 490 points down on its side, 76 across
// and 735 down upright.)
func onePageTall(width, height float64) bool {
	across, down := 113.0, 490.0
	if width <= portraitWidth {
		across, down = 76, 735
	}
	return height*math.Min(1, across/width) <= down*1.25
}

// page is how a sheet prints.
type page struct {
	titleRows string // the rows repeated at the top of every page, "$4:$5"
	area      string // the print area, "$A$1:$X$12"; "" for the whole sheet
	width     float64
	oneTall   bool // fit to one page tall as well as wide
}

// printSetup makes a sheet print on A4 — upright when it is narrow, else on
// its side — one page wide (and one page tall when oneTall), with the title
// rows repeated at the top of every page and the print area limited to the
// table; the footer numbers the pages. On a streamed sheet it must come
// before the stream writer: the sheet properties are written first.
func (b *book) printSetup(sheet string, pg page) error {
	size, orientation, one, tall := 9, "landscape", 1, 0
	if pg.width <= portraitWidth {
		orientation = "portrait"
	}
	if pg.oneTall {
		tall = 1
	}
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	quoted := "'" + sheet + "'!"
	if pg.titleRows != "" {
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoted + pg.titleRows, Scope: sheet}); err != nil {
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
