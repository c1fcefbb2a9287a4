package excel_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/excel"
)

var (
	asOf      = zhengzhi.NewDate(2026, 11, 30)
	generated = time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	province  = zhengzhi.Unit{Code: "990000", Name: "东川省", Level: zhengzhi.LevelProvince}
)

func testMeta() reports.Meta {
	return reports.Meta{AsOf: asOf, GeneratedAt: generated, Demo: true, Province: province, Pulls: []reports.Pull{
		{Unit: "990000", Name: "东川省", Outcome: "ok", LastGood: generated.Add(-2 * time.Hour)},
		{Unit: "990100", Name: "东川市", Outcome: "ok", LastGood: generated.Add(-2 * time.Hour)},
		{Unit: "990200", Name: "临江市", Outcome: "refused", LastGood: generated.Add(-26 * time.Hour), Error: "缺少表 hazards"},
	}}
}

func testSixOnes() *reports.SixOnes {
	city := func(code, name string, k int64) reports.SixOnesRow {
		r := reports.SixOnesRow{Unit: zhengzhi.Unit{Code: code, Name: name, Level: zhengzhi.LevelCity}}
		r.Screening = zhengzhi.ScreeningProgress{Coverage: zhengzhi.Coverage{Enterprises: 40 * k, Screened: 38 * k},
			ByCategory:   map[string]zhengzhi.Coverage{"wire_cable": {Enterprises: 30 * k, Screened: 29 * k}, "hazchem": {Enterprises: 10 * k, Screened: 9 * k}},
			HazardsFound: 20 * k, General: 18 * k, Major: 2 * k, Rectified: 17 * k, Verified: 15 * k, Overdue: k, OverdueMajor: 1}
		r.Sampling = zhengzhi.SamplingProgress{Batches: 30 * k, ByChannel: map[string]int64{"ecommerce": 10 * k, "retail": 20 * k},
			ByCategory: map[string]int64{"wire_cable": 30 * k}, Failed: 3, TraceBase: 3, Traced: 2, Handled: 3, Exposed: 1}
		r.Meeting = zhengzhi.MeetingProgress{Held: k == 1, HeldOn: zhengzhi.NewDate(2026, 9, 15), Meetings: k, Experts: 3 * k}
		r.Zeroing = zhengzhi.ZeroingProgress{Points: 12 * k, Major: k, Zeroed: 10 * k, ByMeasure: map[string]int64{"rectified": 10 * k}, Briefed: 12 * k}
		r.SelfInspection = zhengzhi.SelfInspectionProgress{Counties: 9, Done: 8}
		r.Supervision = zhengzhi.SupervisionProgress{Visits: 5, ByCity: 4, ByProvince: 1, Counties: 9, CountiesVisited: 4, ProblemsFound: 7}
		r.Nonconforming = zhengzhi.NonconformingProgress{OnList: 6, RepeatOffenders: 2, Ordered: 6, Rechecked: 4, Done: 3, RepeatDone: 1, Overdue: 1}
		r.RiskSignals = zhengzhi.RiskSignalProgress{Received: 8, Assessed: 7, Timely: 6, ByLevel: map[string]int64{"high": 2, "low": 5}}
		return r
	}
	own := reports.SixOnesRow{Unit: province, Own: true}
	own.Sampling.Batches = 12
	return &reports.SixOnes{Meta: testMeta(), Scope: province, WindowStart: zhengzhi.NewDate(2026, 8, 1),
		Rows: []reports.SixOnesRow{city("990100", "东川市", 1), city("990200", "临江市", 2), own}}
}

func write(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSixOnesWorkbook(t *testing.T) {
	data := write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) })
	f := open(t, data)
	wantSheets := []string{"汇总", "一、隐患排查", "二、专项监督抽查", "三、安全隐患分析大会", "四、隐患清零",
		"五、自查自纠", "六、督查", "不合格企业后处理", "风险信息"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Fatalf("sheets %v, want %v", got, wantSheets)
	}
	const s = "汇总"
	// Title, two info lines, two header rows, 3 data rows, totals, a blank
	// row and the signature line.
	rows, _ := f.GetRows(s)
	if len(rows) != 11 {
		t.Fatalf("汇总 has %d rows, want 11", len(rows))
	}
	if title, _ := f.GetCellValue(s, "A1"); title != "东川省“六个一”行动进展情况统计表（汇总）（演示数据）" {
		t.Errorf("title %q", title)
	}
	if pulls, _ := f.GetCellValue(s, "A3"); pulls != testMeta().Provenance() {
		t.Errorf("pulls line %q", pulls)
	}
	if got := []string{rows[5][0], rows[7][0], rows[8][0]}; !reflect.DeepEqual(got, []string{"东川市", "省本级", "合计"}) {
		t.Errorf("row labels %v", got)
	}
	merged := mergedRanges(t, f, s)
	for _, want := range []string{"A1:X1", "A2:X2", "A3:X3", "A4:A5", "B4:D4", "E4:G4", "H4:I4", "V4:X4", "A11:X11"} {
		if !merged[want] {
			t.Errorf("%s not merged; merged: %v", want, merged)
		}
	}
	if v, _ := f.GetCellValue(s, "B4"); v != "隐患排查" {
		t.Errorf("B4 = %q", v)
	}
	if v, _ := f.GetCellValue(s, "A4"); v != "设区市" {
		t.Errorf("the cities are headed %q", v)
	}
	// The units are in the headers, on a line of their own in a narrow column.
	for ref, want := range map[string]string{"B5": "企业数\n（家）", "E5": "发现隐患\n（处）", "H5": "抽查\n（批次）", "V5": "接收\n（条）"} {
		if v, _ := f.GetCellValue(s, ref); v != want {
			t.Errorf("%s header %q, want %q", ref, v, want)
		}
	}
	// The summary refers to the action sheets' cells, the totals row too.
	for ref, want := range map[string]string{
		"B6": `'一、隐患排查'!B6`, // 企业数
		"D6": `'一、隐患排查'!D6`, // 覆盖率
		"E7": `'一、隐患排查'!M7`, // 发现隐患: 合计
		"G7": `'一、隐患排查'!Q7`, // 整改率
		"B9": `'一、隐患排查'!B9`,
		"M9": `'四、隐患清零'!E9`, // 清零率
		"H8": `'二、专项监督抽查'!B8`,
	} {
		if got, _ := f.GetCellFormula(s, ref); got != want {
			t.Errorf("%s formula %q, want %q", ref, got, want)
		}
	}
	for ref, want := range map[string]string{
		"D6": `IF(B6=0,"",C6/B6)`, // 覆盖率 = 已排查 / 企业数
		"B9": "SUM(B6:B8)",
		"D9": `IF(B9=0,"",C9/B9)`,
	} {
		if got, _ := f.GetCellFormula("一、隐患排查", ref); got != want {
			t.Errorf("一、隐患排查 %s formula %q, want %q", ref, got, want)
		}
	}
	// Every formula carries its value, and the totals are the model's.
	if n := checkCachedValues(t, f); n < 200 {
		t.Errorf("only %d formula cells checked", n)
	}
	m := testSixOnes()
	total := m.Total()
	for ref, want := range map[string]float64{
		"B9": float64(total.Screening.Enterprises),
		"C9": float64(total.Screening.Screened),
		"E9": float64(total.Screening.HazardsFound),
		"G9": float64(total.Screening.Rectified) / float64(total.Screening.HazardsFound),
		"H9": float64(total.Sampling.Batches),
		"M9": float64(total.Zeroing.Zeroed) / float64(total.Zeroing.Points),
		"S9": float64(total.Nonconforming.OnList),
		"X9": float64(total.RiskSignals.Assessed) / float64(total.RiskSignals.Received),
		"B7": 80,
	} {
		if got := cachedNumber(t, f, s, ref); math.Abs(got-want) > 1e-9 {
			t.Errorf("汇总 %s cached %v, want %v", ref, got, want)
		}
	}
	if fmt := numFmt(t, f, s, "D6"); fmt != "0.0%" {
		t.Errorf("rate format %q", fmt)
	}
	if fmt := numFmt(t, f, s, "B6"); fmt != "#,##0" {
		t.Errorf("count format %q", fmt)
	}
	if v := verticalAlignment(t, f, s, "B6"); v != "center" {
		t.Errorf("numbers aligned %q vertically, want center", v)
	}
	panes, _ := f.GetPanes(s)
	if !panes.Freeze || panes.YSplit != 5 || panes.XSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	names := definedNames(f)
	for _, sheet := range wantSheets {
		if names[sheet+" _xlnm.Print_Titles"] != "'"+sheet+"'!$4:$5" {
			t.Errorf("%s print titles %q", sheet, names[sheet+" _xlnm.Print_Titles"])
		}
		if names[sheet+" _xlnm.Print_Area"] == "" {
			t.Errorf("%s has no print area", sheet)
		}
		if fitWide(t, f, sheet) != 1 {
			t.Errorf("%s does not print one page wide", sheet)
		}
		// A table of a few units prints on one page, the summary with its chart.
		if layout, _ := f.GetPageLayout(sheet); layout.FitToHeight == nil || *layout.FitToHeight != 1 {
			t.Errorf("%s is not fitted to one page tall", sheet)
		}
		last, _ := f.GetRows(sheet)
		if got := last[len(last)-1][0]; !strings.HasPrefix(got, "单位负责人：") || !strings.Contains(got, "审核人：") ||
			!strings.Contains(got, "填表人：") || !strings.HasSuffix(got, "联系电话：") {
			t.Errorf("%s ends with %q, not the signature line", sheet, got)
		}
	}
	if layout, _ := f.GetPageLayout(s); *layout.Orientation != "landscape" {
		t.Errorf("the summary prints %s", *layout.Orientation)
	}
	if area := names["汇总 _xlnm.Print_Area"]; area == "'汇总'!$A$1:$X$11" {
		t.Errorf("summary print area %s leaves the chart out", area)
	}
	calc, _ := f.GetCalcProps()
	if calc.FullCalcOnLoad == nil || !*calc.FullCalcOnLoad {
		t.Error("no full calculation on load")
	}
	props, _ := f.GetDocProps()
	if props.Created != "2026-12-01T08:30:00Z" || props.Modified != props.Created {
		t.Errorf("document times %q %q", props.Created, props.Modified)
	}
	if !hasPart(t, data, "xl/charts/chart1.xml") {
		t.Error("no chart on the summary sheet")
	}
	// The category breakdown: 防爆电气 then 电线电缆 under their merged headers.
	mergedS := mergedRanges(t, f, "一、隐患排查")
	if !mergedS["E4:F4"] || !mergedS["G4:H4"] {
		t.Errorf("category headers not merged: %v", mergedS)
	}
	if v, _ := f.GetCellValue("一、隐患排查", "G4"); v != "电线电缆" {
		t.Errorf("G4 = %q", v)
	}
	if v, _ := f.GetCellValue("一、隐患排查", "G7"); v != "60" {
		t.Errorf("临江市 电线电缆 企业数 %q", v)
	}
	const meetings = "三、安全隐患分析大会"
	if got, _ := f.GetCellFormula(meetings, "B9"); got != `COUNTIF(B6:B8,"是")` {
		t.Errorf("meetings held total %q", got)
	}
	// The meeting date is a date, not text.
	if v, _ := f.GetCellValue(meetings, "C6"); v != "2026-09-15" || numFmt(t, f, meetings, "C6") != "yyyy-mm-dd" {
		t.Errorf("meeting date %q as %q", v, numFmt(t, f, meetings, "C6"))
	}
	if typ, _ := f.GetCellType(meetings, "C6"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("meeting date is text")
	}
}

func TestWorkbooksAreByteIdentical(t *testing.T) {
	a := write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) })
	b := write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) })
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same model differ")
	}
}

func mergedRanges(t *testing.T, f *excelize.File, sheet string) map[string]bool {
	t.Helper()
	cells, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range cells {
		out[c.GetStartAxis()+":"+c.GetEndAxis()] = true
	}
	return out
}

// cellStyle is the style of a cell.
func cellStyle(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	st := cellStyle(t, f, sheet, ref)
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt == 3 {
		return "#,##0"
	}
	return ""
}

func definedNames(f *excelize.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.GetDefinedName() {
		out[d.Scope+" "+d.Name] = d.RefersTo
	}
	return out
}

func hasPart(t *testing.T, data []byte, name string) bool {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(z.File, func(f *zip.File) bool { return f.Name == name })
}

func verticalAlignment(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	st := cellStyle(t, f, sheet, ref)
	if st.Alignment == nil {
		return ""
	}
	return st.Alignment.Vertical
}

// fitWide is how many pages wide a sheet prints fitted to; 0 when it is not
// fitted to the page.
func fitWide(t *testing.T, f *excelize.File, sheet string) int {
	t.Helper()
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage || layout.FitToWidth == nil {
		return 0
	}
	return *layout.FitToWidth
}

// cachedNumber is the value a cell carries, as a number.
func cachedNumber(t *testing.T, f *excelize.File, sheet, ref string) float64 {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s!%s carries %q, not a number", sheet, ref, v)
	}
	return x
}

// checkCachedValues checks that every formula cell of every sheet carries the
// value excelize's own calculation engine gives for it — what a reader that
// does not calculate shows — and returns how many formula cells it checked.
func checkCachedValues(t *testing.T, f *excelize.File) int {
	t.Helper()
	n := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if formula == "" {
					continue
				}
				n++
				cached := row[c]
				want, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Errorf("%s!%s =%s: %v", sheet, ref, formula, err)
					continue
				}
				a, errA := strconv.ParseFloat(cached, 64)
				b, errB := strconv.ParseFloat(want, 64)
				if errA == nil && errB == nil && math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) {
					continue
				}
				if cached != want {
					t.Errorf("%s!%s =%s carries %q, calculates to %q", sheet, ref, formula, cached, want)
				}
			}
		}
	}
	return n
}

// TestSixOnesSummaryPrintsOnOnePage prints the summary sheet — the table and
// its chart under it — on one landscape page: fitted one page wide and one
// tall, the print area taking in the chart, no page break between them.
func TestSixOnesSummaryPrintsOnOnePage(t *testing.T) {
	data := write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) })
	f := open(t, data)
	const s = "汇总"
	layout, err := f.GetPageLayout(s)
	if err != nil {
		t.Fatal(err)
	}
	if tall := layout.FitToHeight; fitWide(t, f, s) != 1 || tall == nil || *tall != 1 {
		t.Errorf("the summary is not fitted to one page tall (FitToHeight %v)", tall != nil && *tall == 1)
	}
	if *layout.Orientation != "landscape" || *layout.Size != 9 {
		t.Errorf("the summary prints %s on paper %d, want landscape A4", *layout.Orientation, *layout.Size)
	}
	// The chart is anchored two rows under the signature line (row 11) and
	// the print area runs past its foot.
	drawing := part(t, data, "xl/drawings/drawing1.xml")
	from := regexp.MustCompile(`<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindStringSubmatch(drawing)
	if from == nil || from[1] != "12" {
		t.Fatalf("the chart is not anchored at A13: %s", drawing)
	}
	area := definedNames(f)[s+" _xlnm.Print_Area"]
	m := regexp.MustCompile(`^'汇总'!\$A\$1:\$X\$(\d+)$`).FindStringSubmatch(area)
	if m == nil {
		t.Fatalf("print area %q", area)
	}
	if last, _ := strconv.Atoi(m[1]); last < 13+20 {
		t.Errorf("print area %s ends before the chart does", area)
	}
	if sheet := part(t, data, "xl/worksheets/sheet1.xml"); strings.Contains(sheet, "<rowBreaks") {
		t.Error("the summary breaks the page between the table and its chart")
	}
}

// chartXML is the part of a chart's XML a previewer draws from: each series'
// name, categories and values with their caches.
type chartXML struct {
	Series []struct {
		Name       chartRef `xml:"tx>strRef"`
		Categories chartRef `xml:"cat>strRef"`
		Values     chartRef `xml:"val>numRef"`
	} `xml:"chart>plotArea>barChart>ser"`
}

type chartRef struct {
	F     string `xml:"f"`
	Cache struct {
		FormatCode string `xml:"formatCode"`
		Count      struct {
			Val int `xml:"val,attr"`
		} `xml:"ptCount"`
		Points []struct {
			Index int    `xml:"idx,attr"`
			V     string `xml:"v"`
		} `xml:"pt"`
	} `xml:",any"`
}

// TestSixOnesChartCarriesItsValues reads the summary chart's part: every
// reference of its series — the rates, the units' names, the series' titles —
// carries the values of the cells it refers to, so that a previewer that does
// not calculate (Quick Look, WPS's preview) draws the bars.
func TestSixOnesChartCarriesItsValues(t *testing.T) {
	data := write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) })
	f := open(t, data)
	var c chartXML
	if err := xml.Unmarshal([]byte(part(t, data, "xl/charts/chart1.xml")), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Series) != 2 {
		t.Fatalf("%d series, want 整改率 and 清零率", len(c.Series))
	}
	cells := func(ref string) []string {
		sheet, rng, _ := strings.Cut(ref, "!")
		sheet = strings.Trim(sheet, "'")
		first, last, _ := strings.Cut(strings.ReplaceAll(rng, "$", ""), ":")
		if last == "" {
			last = first
		}
		c0, r0, _ := excelize.CellNameToCoordinates(first)
		_, r1, _ := excelize.CellNameToCoordinates(last)
		var out []string
		for r := r0; r <= r1; r++ {
			name, _ := excelize.CoordinatesToCellName(c0, r)
			v, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	cached := func(what string, r chartRef) []string {
		out := make([]string, r.Cache.Count.Val)
		for _, p := range r.Cache.Points {
			out[p.Index] = p.V
		}
		if len(r.Cache.Points) == 0 {
			t.Errorf("%s %s has no cached values", what, r.F)
		}
		return out
	}
	for i, ser := range c.Series {
		if got, want := cached("name", ser.Name), cells(ser.Name.F); !reflect.DeepEqual(got, want) {
			t.Errorf("series %d name carries %q, the cell holds %q", i, got, want)
		}
		if got, want := cached("categories", ser.Categories), cells(ser.Categories.F); !reflect.DeepEqual(got, want) || want[0] != "东川市" {
			t.Errorf("series %d categories carry %q, the cells hold %q", i, got, want)
		}
		got, want := cached("values", ser.Values), cells(ser.Values.F)
		if len(got) != len(want) || len(want) != 2 {
			t.Fatalf("series %d carries %d values for %d cells, want the 2 cities", i, len(got), len(want))
		}
		for k := range want {
			a, errA := strconv.ParseFloat(got[k], 64)
			b, errB := strconv.ParseFloat(want[k], 64)
			if errA != nil || errB != nil || math.Abs(a-b) > 1e-12 {
				t.Errorf("series %d value %d carries %q, the cell holds %q", i, k, got[k], want[k])
			}
		}
		if ser.Values.Cache.FormatCode != "0.0%" {
			t.Errorf("series %d values formatted %q", i, ser.Values.Cache.FormatCode)
		}
	}
	if name := cells(c.Series[0].Name.F); name[0] != "整改率" {
		t.Errorf("first series is %q", name)
	}
}

// TestNarrowSheetTitlesStayOnTwoLines checks every sheet's title against its
// table's printed width: it stays on at most two lines, each fitting the
// width at the title's font size, never under 12 pt. 五、自查自纠 is four
// columns wide; its title once wrapped into three lines.
func TestNarrowSheetTitlesStayOnTwoLines(t *testing.T) {
	f := open(t, write(t, func(b *bytes.Buffer) error { return excel.SixOnes(b, testSixOnes()) }))
	for _, sheet := range f.GetSheetList() {
		title, _ := f.GetCellValue(sheet, "A1")
		size := cellStyle(t, f, sheet, "A1").Font.Size
		cols, _ := f.GetCols(sheet)
		points := 0.0 // Excel sets a column unit 8 pixels wide and pads a column 5 in the 宋体 default font
		for c := range cols {
			w, _ := f.GetColWidth(sheet, colName(c+1))
			points += (w*8 + 5) * 72 / 96
		}
		lines := strings.Split(title, "\n")
		if len(lines) > 2 || size < 12 {
			t.Errorf("%s: title %q in %v pt", sheet, title, size)
		}
		for _, l := range lines {
			if w := emsOf(l) * size; w > points-8 {
				t.Errorf("%s: title line %q is %.0f pt wide in %v pt, the table %.0f pt", sheet, l, w, size, points)
			}
		}
		if sheet == "五、自查自纠" && lines[0] != "东川省“六个一”行动进展情况统计表" {
			t.Errorf("%s: title broken as %q", sheet, lines)
		}
	}
}

// emsOf is a text's width in ems: ASCII is half an em, anything else (汉字,
// full-width punctuation, curly quotes in a Chinese face) a whole one.
func emsOf(s string) float64 {
	n := 0.0
	for _, r := range s {
		if r < 0x80 {
			n += 0.5
		} else {
			n++
		}
	}
	return n
}

func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c)
	return name
}

// part is a part of the workbook's package, as text.
func part(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
