package excel_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/excel"
)

func TestDataQualityWorkbook(t *testing.T) {
	q := &reports.DataQuality{
		Meta:   testMeta(),
		Bureau: zhengzhi.Unit{Code: "990200", Name: "临江市"},
		Pull:   reports.QualityPull{ID: 17, FinishedAt: time.Date(2026, 11, 30, 6, 30, 0, 0, time.UTC), Outcome: "ok"},
		Tables: []reports.TableCounts{
			{Table: "enterprises", Title: "重点工业产品生产企业", Read: 120, Loaded: 118, Warnings: 2},
			{Table: "hazards", Title: "隐患台账", Read: 300, Loaded: 290, Updated: 5, Rejected: 5},
		},
		Issues: []reports.DataIssue{
			{Table: "hazards", TableTitle: "隐患台账", RowID: "H-0042", Severity: "reject", Column: "found_on", ColumnTitle: "发现日期",
				Value: "2026-12-05", Reason: "发现日期(found_on)的值“2026-12-05”晚于拉取日期", Raw: `{"id":"H-0042","found_on":"2026-12-05","rectified_on":null,"fail_count":2}`},
			{Table: "enterprises", TableTitle: "重点工业产品生产企业", RowID: "E-7", Severity: "warning", Column: "uscc", ColumnTitle: "统一社会信用代码",
				Value: "91990200MA0000000Y", Reason: "校验位不符", Raw: "not json"},
		},
	}
	data := write(t, func(b *bytes.Buffer) error { return excel.DataQuality(b, q) })
	f := open(t, data)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"数据接收情况", "问题清单"}) {
		t.Fatalf("sheets %v", got)
	}
	counts, _ := f.GetRows("数据接收情况")
	if len(counts) != 5+3 || counts[6][1] != "hazards" || counts[6][6] != "5" || counts[7][0] != "合计" {
		t.Errorf("counts %v", counts)
	}
	if got, _ := f.GetCellFormula("数据接收情况", "C8"); got != "SUM(C6:C7)" {
		t.Errorf("total %q", got)
	}
	if got, _ := f.GetCellFormula("数据接收情况", "H8"); got != `IF(C8=0,"",G8/C8)` {
		t.Errorf("share set aside %q", got)
	}
	if line, _ := f.GetCellValue("数据接收情况", "A3"); line != "最近一次数据拉取：第17次，2026-11-30 06:30结束，结果：成功" {
		t.Errorf("pull line %q", line)
	}
	issues, _ := f.GetRows("问题清单")
	if len(issues) != 5+2 {
		t.Fatalf("issues %v", issues)
	}
	want := []string{"隐患台账", "H-0042", "不予入库", "发现日期（found_on）", "2026-12-05", "发现日期(found_on)的值“2026-12-05”晚于拉取日期",
		"id=H-0042；found_on=2026-12-05；rectified_on=（空）；fail_count=2"}
	if !reflect.DeepEqual(issues[5], want) {
		t.Errorf("issue row\n got %v\nwant %v", issues[5], want)
	}
	if issues[6][2] != "警告" || issues[6][6] != "not json" {
		t.Errorf("warning row %v", issues[6])
	}
	checkCachedValues(t, f)
}

// TestDataQualityShowsEnumLabels shows an enum column's value, and the raw
// row's enum values, with their Chinese labels beside the codes; a value
// outside the enum stays as it is.
func TestDataQualityShowsEnumLabels(t *testing.T) {
	enums := map[string]zhengzhi.Enum{"channel": zhengzhi.SamplingChannels, "category": zhengzhi.Categories}
	q := &reports.DataQuality{Meta: testMeta(), Bureau: zhengzhi.Unit{Code: "990200", Name: "临江市"}, Issues: []reports.DataIssue{
		{Table: "samplings", TableTitle: "监督抽查", RowID: "S-1", Severity: "warning", Column: "channel", ColumnTitle: "抽样渠道",
			Value: "ecommerce", Reason: "抽样渠道待核实", Raw: `{"id":"S-1","channel":"ecommerce","category":"wire_cable"}`, Enums: enums},
		{Table: "samplings", TableTitle: "监督抽查", RowID: "S-2", Severity: "reject", Column: "category", ColumnTitle: "产品类别",
			Value: "toys", Reason: "不是规定的取值", Raw: `{"id":"S-2","channel":"retail","category":"toys"}`, Enums: enums},
	}}
	issues, _ := open(t, write(t, func(b *bytes.Buffer) error { return excel.DataQuality(b, q) })).GetRows("问题清单")
	if got := issues[5][4:7:7]; got[0] != "电商平台（ecommerce）" || got[2] != "id=S-1；channel=电商平台（ecommerce）；category=电线电缆（wire_cable）" {
		t.Errorf("labelled value and raw row %q", got)
	}
	if got := issues[6][4:7:7]; got[0] != "toys" || got[2] != "id=S-2；channel=实体商超（retail）；category=toys" {
		t.Errorf("a value outside the enum %q", got)
	}
}

// TestDataQualityCutsLongValues lists rows whose values are 1,000 and
// 100,000 characters long or run over many lines: the list shows the start
// of each, cut with "…", and no row grows past what Excel allows.
func TestDataQualityCutsLongValues(t *testing.T) {
	long := strings.Repeat("绝缘层厚度不足", 1000/7+1)[:3*1000]
	huge := strings.Repeat("x", 100_000)
	lines := strings.Repeat("第一行\n", 300)
	issue := func(id, value string) reports.DataIssue {
		raw := fmt.Sprintf(`{"id":%q,"description":%q,"note":%q}`, id, value, value)
		return reports.DataIssue{Table: "hazards", TableTitle: "隐患台账", RowID: id, Severity: "reject", Column: "description",
			ColumnTitle: "隐患描述", Value: value, Reason: "隐患描述(description) " + value + " 超过规定长度", Raw: raw}
	}
	q := &reports.DataQuality{Meta: testMeta(), Bureau: zhengzhi.Unit{Code: "990200", Name: "临江市"},
		Issues: []reports.DataIssue{issue("H-1", long), issue("H-2", huge), issue("H-3", lines), issue("H-4", "短")}}
	f := open(t, write(t, func(b *bytes.Buffer) error { return excel.DataQuality(b, q) }))
	issues, _ := f.GetRows("问题清单")
	if len(issues) != 5+4 {
		t.Fatalf("%d rows", len(issues))
	}
	for i, r := range issues[5:8] {
		value, reason, raw := r[4], r[5], r[6]
		if n := utf8.RuneCountInString(value); n != 201 || !strings.HasSuffix(value, "…") {
			t.Errorf("issue %d value is %d characters: %q…", i, n, value[:30])
		}
		if n := utf8.RuneCountInString(reason); n > 501 || !strings.HasSuffix(reason, "…") {
			t.Errorf("issue %d reason is %d characters", i, n)
		}
		if n := utf8.RuneCountInString(raw); n > 1001 || strings.Count(raw, "…") != 2 {
			t.Errorf("issue %d raw row is %d characters with %d cuts", i, n, strings.Count(raw, "…"))
		}
	}
	if got := issues[8][4]; got != "短" {
		t.Errorf("a short value %q", got)
	}
	for row := 1; row <= len(issues); row++ {
		h, err := f.GetRowHeight("问题清单", row)
		if err != nil || h > excelize.MaxRowHeight {
			t.Errorf("row %d is %v points high (%v)", row, h, err)
		}
	}
	// The newlines take rows: the value over many lines makes its row as tall as allowed.
	if h, _ := f.GetRowHeight("问题清单", 8); h != excelize.MaxRowHeight {
		t.Errorf("the many-line row is %v points high", h)
	}
}

func TestDrawWorkbook(t *testing.T) {
	d := &reports.Draw{Meta: testMeta(), Month: "2026-12", Seed: "9f2c", Picks: []reports.DrawPick{
		{City: "990100", CityName: "东川市", Counties: []reports.DrawCounty{{Code: "990102", Name: "杏山区"}, {Code: "990123", Name: "和丘县"}}},
		{City: "990200", CityName: "临江市", Counties: []reports.DrawCounty{{Code: "990202", Name: "鹤盛区"}}},
	}, Rule: []string{"1. 第一步；", "2. 第二步；", "3. 第三步。"}}
	f := open(t, write(t, func(b *bytes.Buffer) error { return excel.Draw(b, d) }))
	rows, _ := f.GetRows("随机抽查")
	// Title, seed line, two header rows, two cities, totals, a blank row,
	// the seed's digest and whether it was committed, then how to re-check:
	// an opening line, the rule's steps, the command.
	if len(rows) != 4+3+1+2+5 || rows[4][2] != "杏山区（990102）、和丘县（990123）" || rows[6][0] != "合计" {
		t.Fatalf("rows %v", rows)
	}
	// Too long for the narrow sheet's one line, the title breaks before the
	// demo mark, never inside 县（市、区）.
	if title := rows[0][0]; title != d.Title()+"\n（演示数据）" || title != "东川省2026年12月督查随机抽查县（市、区）抽取结果\n（演示数据）" {
		t.Errorf("title %q", title)
	}
	if line := rows[1][0]; line != "抽查月份：2026-12　　随机种子：9f2c　　制表日期：2026年12月1日" {
		t.Errorf("seed line %q", line)
	}
	var notes []string
	for _, r := range rows[8:] {
		notes = append(notes, r[0])
	}
	if notes[0] != "种子的SHA-256摘要："+d.SeedDigest() || !strings.HasPrefix(notes[1], "本次抽取前未公布种子摘要") {
		t.Errorf("digest notes of a draw without a commitment %q", notes[:2])
	}
	notes = notes[2:]
	if !strings.HasPrefix(notes[0], "复核方法：") || !reflect.DeepEqual(notes[1:4], d.Rule) ||
		notes[4] != "也可运行 zhengzhi draw --month 2026-12 --seed 9f2c 重新抽取。" {
		t.Errorf("re-check notes %q", notes)
	}
	d.Commitment = &reports.DrawCommitment{Digest: d.SeedDigest(), At: time.Date(2026, 11, 28, 10, 5, 0, 0, time.FixedZone("CST", 8*3600))}
	f = open(t, write(t, func(b *bytes.Buffer) error { return excel.Draw(b, d) }))
	rows, _ = f.GetRows("随机抽查")
	if rows[8][0] != "种子的SHA-256摘要（抽取前公布）："+d.SeedDigest() || !strings.HasPrefix(rows[9][0], "该摘要已于2026年11月28日 10:05在抽取前登记公布") {
		t.Errorf("digest notes of a committed draw %q", rows[8:10])
	}
	checkCachedValues(t, f)
	// A narrow table of a few rows prints upright on one page.
	if layout, _ := f.GetPageLayout("随机抽查"); *layout.Orientation != "portrait" || *layout.FitToHeight != 1 || fitWide(t, f, "随机抽查") != 1 {
		t.Errorf("draw prints %s, %d tall", *layout.Orientation, *layout.FitToHeight)
	}
}
