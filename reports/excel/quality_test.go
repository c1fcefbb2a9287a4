package excel_test

import (
	"bytes"
	"reflect"
	"testing"
	"time"

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
}

func TestDrawWorkbook(t *testing.T) {
	d := &reports.Draw{Meta: testMeta(), Month: "2026-12", Seed: "9f2c", Picks: []reports.DrawPick{
		{City: "990100", CityName: "东川市", Counties: []reports.DrawCounty{{Code: "990102", Name: "杏山区"}, {Code: "990123", Name: "和丘县"}}},
		{City: "990200", CityName: "临江市", Counties: []reports.DrawCounty{{Code: "990202", Name: "鹤盛区"}}},
	}}
	f := open(t, write(t, func(b *bytes.Buffer) error { return excel.Draw(b, d) }))
	rows, _ := f.GetRows("随机抽查")
	if len(rows) != 4+3 || rows[4][2] != "杏山区（990102）、和丘县（990123）" || rows[6][0] != "合计" {
		t.Fatalf("rows %v", rows)
	}
	if line := rows[1][0]; line != "抽查月份：2026-12　　随机种子：9f2c　　制表日期：2026年12月1日" {
		t.Errorf("seed line %q", line)
	}
}
