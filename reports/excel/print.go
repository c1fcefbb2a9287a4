package excel

import "github.com/xuri/excelize/v2"

// printSetup makes a sheet print on A4 landscape, one page wide, with the
// given rows repeated at the top of every page and the print area limited to
// area; the footer numbers the pages.
func (b *book) printSetup(sheet, titleRows, area string) error {
	size, landscape, one, any0 := 9, "landscape", 1, 0
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &landscape, FitToWidth: &one, FitToHeight: &any0,
	}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	quoted := "'" + sheet + "'!"
	if titleRows != "" {
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoted + titleRows, Scope: sheet}); err != nil {
			return err
		}
	}
	if area != "" {
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: quoted + area, Scope: sheet}); err != nil {
			return err
		}
	}
	return b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: b.header, OddFooter: "&C第 &P 页 共 &N 页",
	})
}
