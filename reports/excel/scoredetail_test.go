package excel_test

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports/excel"
	"zhengzhi/reports/reportstest"
)

func testAssessment() (*zhengzhi.Assessment, zhengzhi.Values) {
	rs := &zhengzhi.RuleSet{
		ID: "target-responsibility-city-2026", Title: "2026年度重点产品风险隐患专项整治目标责任制考核（市局）", Level: zhengzhi.LevelCity,
		Items: []zhengzhi.Item{
			{ID: "A2", Title: "隐患整改率", Points: 15_000_000, Indicator: "hazard_rectification_rate"},
			{ID: "A4", Title: "逾期未整改重大隐患", Points: 10_000_000, Indicator: "overdue_major_hazards"},
		},
		Adjustments: []zhengzhi.Adjustment{{ID: "B1", Title: "典型经验被省局采用", Indicator: "experience_adopted"}},
		Vetoes:      []zhengzhi.Veto{{ID: "V1", Title: "发生重大产品质量安全事件", Indicator: "major_incidents"}},
	}
	card := func(code, name string, rank int, total zhengzhi.Score, a2, a4 zhengzhi.Score, bonus zhengzhi.Score) zhengzhi.Scorecard {
		return zhengzhi.Scorecard{
			Unit: zhengzhi.Unit{Code: code, Name: name}, Total: total, Grade: "良好", Rank: rank,
			Items: []zhengzhi.ItemScore{
				{ID: "A2", Title: "隐患整改率", Indicator: "hazard_rectification_rate", Points: 1500, Score: a2, Kind: zhengzhi.Ratio,
					Explanation: "整改率94.6%，低于100%共5.4个百分点，扣2.70分"},
				{ID: "A4", Title: "逾期未整改重大隐患", Indicator: "overdue_major_hazards", Points: 1000, Score: a4, Kind: zhengzhi.Count},
			},
			Adjustments: []zhengzhi.AdjustmentScore{{ID: "B1", Title: "典型经验被省局采用", Value: 1, Score: bonus}},
		}
	}
	// 临江市's items give 25 points; a major incident caps its total at 20.
	vetoed := card("990200", "临江市", 2, 2000, 1500, 1000, 0)
	vetoed.Grade, vetoed.Vetoed = "不合格", true
	vetoed.Vetoes = []zhengzhi.VetoHit{{ID: "V1", Title: "发生重大产品质量安全事件", Value: 1, Cap: 2000, Grade: "不合格", Explanation: "发生重大事件1起"}}
	a := &zhengzhi.Assessment{RuleSet: rs, AsOf: asOf, Units: []zhengzhi.Scorecard{vetoed, card("990100", "东川市", 1, 2330, 1230, 1000, 100)}}
	values := zhengzhi.Values{
		"990100": {"hazard_rectification_rate": {Numerator: 123, Denominator: 130}, "overdue_major_hazards": {Numerator: 0}},
		"990200": {"hazard_rectification_rate": {Numerator: 40, Denominator: 40}, "overdue_major_hazards": {Numerator: 0}},
	}
	return a, values
}

func TestScoreDetailWorkbook(t *testing.T) {
	a, values := testAssessment()
	data := write(t, func(b *bytes.Buffer) error {
		return excel.ScoreDetail(b, testMeta(), a, values, demotest.Registry(t))
	})
	f := open(t, data)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"得分汇总", "分项得分", "得分明细", "加减分及否决"}) {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("得分汇总")
	// Title, two lines, two header rows, two units by rank, the average row,
	// a blank row and the signature line.
	if len(rows) != 10 || rows[5][0] != "东川市" || rows[6][0] != "临江市" || rows[7][0] != "平均" || !strings.HasPrefix(rows[9][0], "单位负责人：") {
		t.Fatalf("summary rows %v", rows)
	}
	// One title, said once; the rule set by its Chinese title and year, never
	// its id; on two lines, broken after the rule set's title.
	if got := rows[0][0]; got != "2026年度重点产品风险隐患专项整治目标责任制考核（市局）\n得分汇总表（演示数据）" {
		t.Errorf("title %q", got)
	}
	// The line breaks between its fields where the sheet is too narrow for it.
	if got := strings.ReplaceAll(rows[1][0], "\n", "　　"); !strings.HasPrefix(got, "考核规则：2026年度重点产品风险隐患专项整治目标责任制考核（市局）　　考核年度：2026年　　考核对象：设区市") {
		t.Errorf("rule line %q", got)
	}
	for _, sheet := range f.GetSheetList() {
		all, _ := f.GetRows(sheet)
		for _, r := range all {
			for _, v := range r {
				if strings.Contains(v, a.RuleSet.ID) {
					t.Errorf("%s shows the rule set id: %q", sheet, v)
				}
				if strings.Count(v, "得分明细") > 1 || strings.Contains(v, "（得分") {
					t.Errorf("%s doubles its title: %q", sheet, v)
				}
			}
		}
	}
	// The items' score is the sum of the unit's row on 分项得分, by reference.
	if got := rows[4][2]; got != "" || strings.ReplaceAll(rows[3][2], "\n", "") != "考核项目得分（满分25分）" {
		t.Errorf("items' score header %q %q", rows[3][2], rows[4][2])
	}
	if got := rows[5][:7]; !reflect.DeepEqual(got, []string{"东川市", "1", "22.30", "1.00", "", "23.30", "良好"}) {
		t.Errorf("东川市 %v", got)
	}
	if rows[6][4] != "发生重大产品质量安全事件" || rows[6][6] != "不合格" {
		t.Errorf("临江市 veto and grade %v", rows[6])
	}
	if formula, _ := f.GetCellFormula("得分汇总", "C6"); formula != "SUM('分项得分'!C6:D6)" {
		t.Errorf("items' score formula %q", formula)
	}
	if formula, _ := f.GetCellFormula("得分汇总", "C8"); formula != "SUM('分项得分'!C8:D8)" {
		t.Errorf("average items' score formula %q", formula)
	}
	if got := cachedNumber(t, f, "得分汇总", "F8"); got != 21.65 { // (23.30+20.00)/2
		t.Errorf("average total carries %v", got)
	}
	if got := cachedNumber(t, f, "得分汇总", "C7"); math.Abs(got-25) > 1e-9 {
		t.Errorf("临江市 items' score carries %v", got)
	}
	scores, _ := f.GetRows("分项得分")
	if got := scores[3][2]; got != "考核项目得分" {
		t.Errorf("group header %q", got)
	}
	if got := strings.ReplaceAll(scores[4][2], "\n", ""); got != "隐患整改率（15分）" {
		t.Errorf("item header %q", got)
	}
	if got := scores[5][:4]; !reflect.DeepEqual(got, []string{"东川市", "1", "12.30", "10.00"}) {
		t.Errorf("东川市 item scores %v", got)
	}
	if formula, _ := f.GetCellFormula("分项得分", "C8"); formula != "AVERAGE(C6:C7)" {
		t.Errorf("average formula %q", formula)
	}
	if !mergedRanges(t, f, "分项得分")["C4:D4"] {
		t.Errorf("item scores not under one merged header: %v", mergedRanges(t, f, "分项得分"))
	}
	checkCachedValues(t, f)
	if v := verticalAlignment(t, f, "分项得分", "C6"); v != "center" {
		t.Errorf("scores aligned %q vertically, want center", v)
	}
	for _, sheet := range f.GetSheetList() {
		if fitWide(t, f, sheet) != 1 {
			t.Errorf("%s does not print one page wide", sheet)
		}
	}
	detail, _ := f.GetRows("得分明细")
	if len(detail) != 5+4 {
		t.Fatalf("detail has %d rows", len(detail))
	}
	// 东川市's first item (A2 to the rule set, 1 to its readers): 123/130
	// from values, the rate by formula, 12.30 scored, 2.70 lost.
	if got := detail[5][:6]; !reflect.DeepEqual(got, []string{"东川市", "1", "1", "隐患整改率", "15.00", "123"}) {
		t.Errorf("detail row %v", got)
	}
	if got, _ := f.GetCellFormula("得分明细", "H6"); got != `IF(G6=0,"",F6/G6)` {
		t.Errorf("rate formula %q", got)
	}
	if got := cachedNumber(t, f, "得分明细", "H6"); math.Abs(got-123.0/130) > 1e-12 {
		t.Errorf("rate carries %v", got)
	}
	if detail[5][9] != "2.70" || detail[5][10] != "整改率94.6%，低于100%共5.4个百分点，扣2.70分" {
		t.Errorf("lost points and reason %v", detail[5])
	}
	if detail[6][6] != "" {
		t.Errorf("a count item shows a denominator: %v", detail[6])
	}
	adj, _ := f.GetRows("加减分及否决")
	if len(adj) != 5+3 || adj[7][1] != "一票否决" || adj[7][2] != "发生重大产品质量安全事件" || !strings.HasSuffix(adj[7][5], "（总分封顶20分，等次不合格）") {
		t.Errorf("adjustments %v", adj)
	}
	// The units are headed as the assessment names them; no sheet shows a
	// rule set's internal id (A2, B1, V1) anywhere.
	for _, sheet := range f.GetSheetList() {
		all, _ := f.GetRows(sheet)
		if all[3][0] != "设区市" {
			t.Errorf("%s heads its units %q", sheet, all[3][0])
		}
		for _, r := range all {
			for _, v := range r {
				if slices.Contains([]string{"A2", "A4", "B1", "V1"}, v) || strings.Contains(v, "编号") {
					t.Errorf("%s shows an internal id: %q", sheet, v)
				}
			}
		}
	}
	// The total is the scoring's arithmetic over the row's cells and
	// carries the stored total: the items and the bonus for 东川市; for
	// 临江市 the veto's cap of 20 below its 25 points.
	for ref, want := range map[string]struct {
		formula string
		total   float64
	}{
		"F6": {"MAX(0,SUM(C6:D6))", 23.30},
		"F7": {"MIN(20,MAX(0,SUM(C7:D7)))", 20},
	} {
		if got, _ := f.GetCellFormula("得分汇总", ref); got != want.formula {
			t.Errorf("总分 %s formula %q, want %q", ref, got, want.formula)
		}
		if got := cachedNumber(t, f, "得分汇总", ref); got != want.total {
			t.Errorf("总分 %s carries %v, want %v", ref, got, want.total)
		}
	}
}

// TestScoreDetailOfTheDemo writes the score detail of the demo's cities,
// scored with the shipped rule set: every total is the formula of its row and
// carries the stored total, and every score a sheet carries is the decimal
// it prints (83.44, never 83.4399999999999). Two writes are byte-identical.
func TestScoreDetailOfTheDemo(t *testing.T) {
	reg := demotest.Registry(t)
	a, values := reportstest.Assessment(t, reg, "target-responsibility-city.yaml", "2026-11")
	writeIt := func(b *bytes.Buffer) error { return excel.ScoreDetail(b, reportstest.Meta(reg), a, values, reg) }
	data := write(t, writeIt)
	if again := write(t, writeIt); !bytes.Equal(data, again) {
		t.Fatal("two writes of the same assessment differ")
	}
	f := open(t, data)
	const s = "得分汇总"
	rows, _ := f.GetRows(s)
	totalCol := slices.Index(rows[3], "总分")
	if totalCol < 0 {
		t.Fatalf("no 总分 in %v", rows[3])
	}
	vetoed := 0
	byName := map[string]zhengzhi.Scorecard{}
	for _, c := range a.Units {
		byName[c.Unit.Name] = c
	}
	for r := 5; r < 5+len(a.Units); r++ {
		c := byName[rows[r][0]]
		ref, _ := excelize.CoordinatesToCellName(totalCol+1, r+1)
		formula, _ := f.GetCellFormula(s, ref)
		span := fmt.Sprintf("C%d:E%d", r+1, r+1) // the items' score and the two adjustments
		want := "MAX(0,SUM(" + span + "))"
		if c.Vetoed {
			want = "MIN(59," + want + ")"
			vetoed++
		}
		if formula != want {
			t.Errorf("%s: 总分 =%s, want =%s", c.Unit.Name, formula, want)
		}
		if got, _ := f.GetCellValue(s, ref, excelize.Options{RawCellValue: true}); got != strconv.FormatFloat(c.Total.Float(), 'f', -1, 64) {
			t.Errorf("%s: 总分 carries %s, the stored total is %s", c.Unit.Name, got, c.Total)
		}
	}
	if vetoed != 1 {
		t.Errorf("%d vetoed units, the demo has one", vetoed)
	}
	checkCachedValues(t, f)
	for _, sheet := range []string{"得分汇总", "分项得分", "得分明细"} {
		all, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		for r, row := range all[5 : 5+len(a.Units)] {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+6)
				if numFmt(t, f, sheet, ref) != "0.00" {
					continue
				}
				if _, frac, ok := strings.Cut(v, "."); ok && len(frac) > 2 {
					t.Errorf("%s!%s carries %s, printed with two decimals", sheet, ref, v)
				}
			}
		}
	}
}

// TestCountyScoreDetailNamesCities scores counties on many items: every
// sheet names each county's city and keeps the county, its city and the rank
// in view.
func TestCountyScoreDetailNamesCities(t *testing.T) {
	a, values := testAssessment()
	rs := *a.RuleSet
	rs.ID, rs.Title, rs.Level = "target-responsibility-county-2026", "2026年度重点产品风险隐患专项整治目标责任制考核（县局）", zhengzhi.LevelCounty
	rs.Items = nil
	for i := range 15 {
		rs.Items = append(rs.Items, zhengzhi.Item{ID: fmt.Sprintf("A%d", i+1), Title: "隐患排查覆盖率", Points: 5_000_000, Indicator: "hazard_screening_coverage"})
	}
	a.RuleSet = &rs
	a.Units[0].Unit = zhengzhi.Unit{Code: "990202", Name: "鹤盛区", Level: zhengzhi.LevelCounty}
	a.Units[1].Unit = zhengzhi.Unit{Code: "990102", Name: "杏山区", Level: zhengzhi.LevelCounty}
	f := open(t, write(t, func(b *bytes.Buffer) error {
		return excel.ScoreDetail(b, testMeta(), a, values, demotest.Registry(t))
	}))
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		if rows[3][0] != "县（市、区）" || rows[3][1] != "所属市" {
			t.Errorf("%s header %v", sheet, rows[3])
		}
		if fitWide(t, f, sheet) != 1 {
			t.Errorf("%s does not print one page wide", sheet)
		}
	}
	for _, sheet := range []string{"得分汇总", "分项得分"} {
		rows, _ := f.GetRows(sheet)
		if got := rows[5][:3]; !reflect.DeepEqual(got, []string{"杏山区", "东川市", "1"}) {
			t.Errorf("%s first county %v", sheet, got)
		}
		if got := rows[6][:3]; !reflect.DeepEqual(got, []string{"鹤盛区", "临江市", "2"}) {
			t.Errorf("%s second county %v", sheet, got)
		}
		if panes, _ := f.GetPanes(sheet); panes.XSplit != 3 {
			t.Errorf("%s freezes %d columns, want the county, its city and the rank", sheet, panes.XSplit)
		}
	}
	// 15 items from column D (after the county, its city and the rank).
	if formula, _ := f.GetCellFormula("得分汇总", "D6"); formula != "SUM('分项得分'!D6:R6)" {
		t.Errorf("items' score formula %q", formula)
	}
	checkCachedValues(t, f)
}
