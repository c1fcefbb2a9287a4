package excel_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhengzhi"

	"zhengzhi/reports"
	"zhengzhi/reports/excel"
)

// hazardRow is the n-th row of a synthetic hazard ledger.
func hazardRow(n int) reports.HazardLedgerRow {
	r := reports.HazardLedgerRow{HazardRecord: zhengzhi.HazardRecord{
		Bureau: "990100", ID: fmt.Sprintf("H%07d", n), County: "990102", Enterprise: fmt.Sprintf("东川第%d电缆有限公司", n%5000),
		USCC: "91990100MA0000000X", Category: "wire_cable", Source: "screening",
		FoundOn: zhengzhi.NewDate(2026, 9, 1), Severity: "general", Description: "绝缘层厚度不足，未按标准进行出厂检验",
		Deadline: zhengzhi.NewDate(2026, 10, 1), Status: "rectifying", Enforcement: "none", LicenseAction: "none",
	}, Place: reports.Place{City: "990100", CityName: "东川市", CountyName: "杏山区", BureauName: "东川市"}}
	if n%3 == 0 {
		r.Status, r.RectifiedOn, r.VerifiedOn = "verified", zhengzhi.NewDate(2026, 9, 20), zhengzhi.NewDate(2026, 9, 25)
	} else {
		r.Overdue, r.DaysOverdue = true, 60
	}
	return r
}

func hazardRows(count int) iter.Seq2[reports.HazardLedgerRow, error] {
	return func(yield func(reports.HazardLedgerRow, error) bool) {
		for n := 1; n <= count; n++ {
			if !yield(hazardRow(n), nil) {
				return
			}
		}
	}
}

func hazardLedger(count int) reports.Ledger[reports.HazardLedgerRow] {
	return reports.Ledger[reports.HazardLedgerRow]{Meta: testMeta(), Scope: province,
		WindowStart: zhengzhi.NewDate(2026, 8, 1), Count: int64(count), Rows: hazardRows(count)}
}

func TestHazardLedgerSplitsAtTheRowLimit(t *testing.T) {
	opts := excel.LedgerOptions{MaxRows: 1000, TmpDir: t.TempDir()}
	data := write(t, func(b *bytes.Buffer) error { return excel.HazardLedger(b, hazardLedger(1100), opts) })
	f := open(t, data)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"隐患台账", "隐患台账(2)"}) {
		t.Fatalf("sheets %v", got)
	}
	for sheet, want := range map[string]int{"隐患台账": 1000, "隐患台账(2)": 4 + 1100 - 996} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != want {
			t.Errorf("%s has %d rows, want %d", sheet, len(rows), want)
		}
		if dim, _ := f.GetSheetDimension(sheet); dim != fmt.Sprintf("A1:S%d", want) {
			t.Errorf("%s dimension %s", sheet, dim)
		}
		if rows[3][0] != "序号" || rows[3][17] != "逾期天数\n（未整改）" || rows[3][18] != "报送单位" {
			t.Errorf("%s header %v", sheet, rows[3])
		}
		if !mergedRanges(t, f, sheet)["A1:S1"] {
			t.Errorf("%s title not merged", sheet)
		}
		panes, _ := f.GetPanes(sheet)
		if !panes.Freeze || panes.YSplit != 4 {
			t.Errorf("%s panes %+v", sheet, panes)
		}
		names := definedNames(f)
		if names[sheet+" _xlnm.Print_Titles"] != "'"+sheet+"'!$4:$4" || fitWide(t, f, sheet) != 1 {
			t.Errorf("%s prints %d pages wide with titles %q", sheet, fitWide(t, f, sheet), names[sheet+" _xlnm.Print_Titles"])
		}
		// The filter covers the header and the sheet's rows, and nothing is filtered yet.
		// (excelize writes the reference absolute, as it does on any sheet.)
		filter := fmt.Sprintf("$A$4:$S$%d", want)
		if names[sheet+" _xlnm._FilterDatabase"] != "'"+sheet+"'!$A$4:$S$"+fmt.Sprint(want) {
			t.Errorf("%s filter range %q", sheet, names[sheet+" _xlnm._FilterDatabase"])
		}
		xml := sheetXML(t, data, sheet)
		if !strings.Contains(xml, `<autoFilter ref="`+filter+`"`) || strings.Contains(xml, "filterMode") {
			t.Errorf("%s autofilter: want %s unfiltered", sheet, filter)
		}
	}
	second, _ := f.GetRows("隐患台账(2)")
	if second[4][0] != "997" || second[4][6] != "H0000997" || second[len(second)-1][0] != "1100" {
		t.Errorf("the second sheet starts with %v and ends with %v", second[4][:7], second[len(second)-1][:7])
	}
	if !strings.Contains(second[1][0], "本表自第997条起") {
		t.Errorf("continuation line %q", second[1][0])
	}
	first, _ := f.GetRows("隐患台账")
	// Row 1 (n=1) is overdue by 60 days; row 3 (n=3) was verified: no days.
	if got := []string{first[4][12], first[4][17], first[6][12], first[6][17]}; !reflect.DeepEqual(got, []string{"整改中", "60", "复查销号", ""}) {
		t.Errorf("status and overdue cells %v", got)
	}
	if got := first[4][18]; got != "990100 东川市" {
		t.Errorf("reporting unit %q", got)
	}
	// Dates are dates: a date number with a date format, shown yyyy-mm-dd.
	for ref, want := range map[string]string{"I5": "2026-09-01", "L5": "2026-10-01", "N7": "2026-09-20", "O7": "2026-09-25"} {
		if got, _ := f.GetCellValue("隐患台账", ref); got != want {
			t.Errorf("%s shows %q, want %q", ref, got, want)
		}
		if raw, _ := f.GetCellValue("隐患台账", ref, excelize.Options{RawCellValue: true}); raw != fmt.Sprint(dateSerial(want)) {
			t.Errorf("%s holds %q, want the date number %d", ref, raw, dateSerial(want))
		}
		if got := numFmt(t, f, "隐患台账", ref); got != "yyyy-mm-dd" {
			t.Errorf("%s format %q", ref, got)
		}
	}
	if got, _ := f.GetCellValue("隐患台账", "N5"); got != "" {
		t.Errorf("an unrectified hazard shows a rectification date %q", got)
	}
	again := write(t, func(b *bytes.Buffer) error { return excel.HazardLedger(b, hazardLedger(1100), opts) })
	if !bytes.Equal(data, again) {
		t.Error("two writes of the same split ledger differ")
	}
}

func TestLedgerStopsAtTheFirstRowError(t *testing.T) {
	l := hazardLedger(10)
	l.Rows = func(yield func(reports.HazardLedgerRow, error) bool) {
		if yield(hazardRow(1), nil) {
			yield(reports.HazardLedgerRow{}, errors.New("connection lost"))
		}
	}
	err := excel.HazardLedger(io.Discard, l, excel.LedgerOptions{})
	if err == nil || !strings.Contains(err.Error(), "connection lost") {
		t.Fatalf("error %v", err)
	}
}

func TestEmptyLedgerHasItsHeader(t *testing.T) {
	data := write(t, func(b *bytes.Buffer) error {
		return excel.RiskPointLedger(b, reports.Ledger[reports.RiskPointLedgerRow]{
			Meta: testMeta(), Scope: province, Rows: func(func(reports.RiskPointLedgerRow, error) bool) {}}, excel.LedgerOptions{})
	})
	rows, _ := open(t, data).GetRows("清零台账")
	if len(rows) != 4 || rows[3][0] != "序号" {
		t.Fatalf("rows %v", rows)
	}
}

// TestMillionRowLedgerSplits writes 1,100,000 rows at Excel's own limit and
// checks the split by scanning the sheets' XML (reading them back through
// excelize would take minutes).
func TestMillionRowLedgerSplits(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1.1 million rows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := excel.HazardLedger(out, hazardLedger(1_100_000), excel.LedgerOptions{TmpDir: dir}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	counts := map[string]int{}
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			counts[f.Name] = countRows(t, f)
		}
	}
	want := map[string]int{"xl/worksheets/sheet1.xml": 1_048_576, "xl/worksheets/sheet2.xml": 4 + 1_100_000 - (1_048_576 - 4)}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("rows per sheet %v, want %v", counts, want)
	}
}

func countRows(t *testing.T, f *zip.File) int {
	t.Helper()
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	n := 0
	for {
		// Every row starts with "<row "; scanning to each '<' is enough.
		if _, err := br.ReadSlice('<'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			if err == io.EOF {
				return n
			}
			t.Fatal(err)
		}
		if p, err := br.Peek(4); err == nil && string(p) == "row " {
			n++
		}
	}
}

// dateSerial is a yyyy-mm-dd date as a spreadsheet's date number.
func dateSerial(date string) int {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// sheetXML is the XML of a workbook's sheet, found through the workbook's
// relationships.
func sheetXML(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	read := func(name string) string { return part(t, data, name) }
	book, rels := read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels")
	id := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `" sheetId="\d+" r:id="(rId\d+)"`).FindStringSubmatch(book)
	if id == nil {
		t.Fatalf("no sheet %s in %s", sheet, book)
	}
	target := regexp.MustCompile(`Id="` + id[1] + `" Target="([^"]+)"`).FindStringSubmatch(rels)
	if target == nil {
		target = regexp.MustCompile(`Target="([^"]+)"[^>]*Id="` + id[1] + `"`).FindStringSubmatch(rels)
	}
	if target == nil {
		t.Fatalf("no target for %s in %s", id[1], rels)
	}
	return read("xl/" + strings.TrimPrefix(target[1], "/xl/"))
}
