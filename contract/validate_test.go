package contract

import (
	"strings"
	"testing"
	"time"

	"zhengzhi"
	"zhengzhi/internal/demotest"
)

// validUSCC completes 17 characters with their check digit.
func validUSCC(first17 string) string {
	want, err := zhengzhi.USCCCheckDigit(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(want)
}

var goodUSCC = validUSCC("91990100MA1234567")

// goodRows are one valid row per table, as text the way a bureau's SQLite file holds it.
func goodRows() map[string]map[string]any {
	common := func(m map[string]any) map[string]any {
		m["id"] = "R-1"
		m["updated_at"] = "2026-11-20 08:00:00+00:00"
		m["deleted"] = int64(0)
		return m
	}
	return map[string]map[string]any{
		"enterprises": common(map[string]any{"uscc": goodUSCC, "name": "东川电缆有限公司", "county_code": "990102",
			"category": "wire_cable", "license_no": nil, "license_status": "valid", "producing": int64(1)}),
		"screenings": common(map[string]any{"enterprise_id": "E-1", "screened_on": "2026-08-01", "kind": "onsite",
			"inspector_unit": "990102"}),
		"hazards": common(map[string]any{"enterprise_id": "E-1", "source": "screening", "found_on": "2026-08-03",
			"severity": "general", "description": "防爆标志缺失", "deadline": "2026-12-31", "status": "verified",
			"rectified_on": "2026-08-20", "verified_on": "2026-09-01", "enforcement": "none", "license_action": "none"}),
		"samplings": common(map[string]any{"unit_code": "990100", "batch_no": "B-1", "sampled_on": "2026-07-01",
			"channel": "ecommerce", "outlet": "某平台", "category": "wire_cable", "plan": "city",
			"producer_enterprise_id": nil, "producer_uscc": goodUSCC, "result": "fail", "traced": int64(1),
			"handled_on": "2026-07-15", "exposed": int64(0)}),
		"nonconforming": common(map[string]any{"enterprise_id": "E-1", "first_failed_year": int64(2025),
			"fail_count": int64(2), "last_failed_on": "2026-03-01", "ordered_on": "2026-03-10", "rechecked_on": nil,
			"followup_status": "rectifying", "followup_done_on": "2026-05-01"}),
		"dormant_checks": common(map[string]any{"enterprise_id": "E-1", "checked_on": "2026-06-01", "kind": "patrol",
			"finding": "not_producing"}),
		"risk_signals": common(map[string]any{"unit_code": "990123", "received_on": "2026-06-01", "source": "media",
			"category": "hazchem", "enterprise_id": nil, "summary": "媒体报道", "assessed_on": "2026-06-05",
			"risk_level": "low", "disposition": nil, "disposed_on": nil}),
		"risk_points": common(map[string]any{"county_code": "990123", "enterprise_id": "E-1",
			"identified_on": "2026-05-01", "level": "major", "description": "储罐", "zeroed_on": "2026-06-01",
			"measure": "rectified", "briefing_held": int64(1)}),
		"activities": common(map[string]any{"unit_code": "990100", "action": "analysis_meeting",
			"started_on": "2026-04-01", "completed_on": "2026-04-02", "experts": int64(5),
			"monitoring_projects": nil, "escalated": int64(0), "emergency_plan": int64(1), "notes": nil}),
		"supervision_visits": common(map[string]any{"inspector_unit": "990100", "inspected_unit": "990124",
			"visited_on": "2026-10-10", "random_pick": int64(1), "enterprises_visited": int64(4),
			"hazards_checked": int64(10), "hazards_confirmed_cleared": int64(9), "problems_found": int64(2)}),
		"submissions": common(map[string]any{"unit_code": "990100", "kind": "progress", "period": "2026-10",
			"submitted_on": "2026-10-31", "adopted": int64(0)}),
		"incidents": common(map[string]any{"county_code": "990125", "occurred_on": "2026-02-02", "level": "general",
			"category": "hazchem_packaging", "enterprise_id": nil, "direct_responsibility": int64(0),
			"systemic": int64(0), "summary": "包装桶泄漏"}),
	}
}

// pullTime is the moment of the test's pull.
var pullTime = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func rawRow(t *Table, values map[string]any) []any {
	raw := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		raw[i] = values[c.Name]
	}
	return raw
}

func cityScope(reg *zhengzhi.Registry) *Scope {
	return &Scope{Registry: reg, Bureau: "990100", Today: zhengzhi.NewDate(2026, 11, 25), Now: pullTime,
		Enterprise: func(id string) bool { return id == "E-1" }}
}

func TestEveryTableHasAGoodRow(t *testing.T) {
	reg := demotest.Registry(t)
	rows := goodRows()
	if len(Tables()) != 12 {
		t.Fatalf("%d tables, the contract has 12", len(Tables()))
	}
	for _, tbl := range Tables() {
		res := tbl.Validate(rawRow(tbl, rows[tbl.Name]), cityScope(reg))
		if res.Rejected() || len(res.Problems) > 0 {
			t.Errorf("%s: good row has problems %+v", tbl.Name, res.Problems)
		}
		if res.ID != "R-1" || res.UpdatedAt != time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC) || res.Deleted {
			t.Errorf("%s: id %q updated_at %v deleted %v", tbl.Name, res.ID, res.UpdatedAt, res.Deleted)
		}
	}
}

func TestTypedValues(t *testing.T) {
	reg := demotest.Registry(t)
	tbl, _ := Lookup("hazards")
	row := goodRows()["hazards"]
	row["found_on"] = time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC) // a real DATE column
	row["deadline"] = []byte("2026-12-31T00:00:00+08:00")         // a timestamp where a date belongs
	row["updated_at"] = time.Date(2026, 11, 20, 16, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	row["deleted"] = "1"
	res := tbl.Validate(rawRow(tbl, row), cityScope(reg))
	if res.Rejected() {
		t.Fatalf("rejected: %+v", res.Problems)
	}
	if got := res.Row[tbl.Index("found_on")]; got != zhengzhi.NewDate(2026, 8, 3) {
		t.Errorf("found_on = %#v", got)
	}
	if got := res.Row[tbl.Index("deadline")]; got != zhengzhi.NewDate(2026, 12, 31) {
		t.Errorf("deadline = %#v", got)
	}
	if got := res.Row[tbl.Index("rectified_on")]; got != zhengzhi.NewDate(2026, 8, 20) {
		t.Errorf("rectified_on = %#v", got)
	}
	want := time.Date(2026, 11, 20, 8, 0, 0, 123456000, time.UTC)
	if res.UpdatedAt != want || res.Row[tbl.Index("updated_at")] != want {
		t.Errorf("updated_at = %v, want %v", res.UpdatedAt, want)
	}
	if !res.Deleted || res.Row[tbl.Index("deleted")] != int64(1) {
		t.Errorf("deleted = %v", res.Row[tbl.Index("deleted")])
	}
}

func TestEveryRuleNamesColumnAndValue(t *testing.T) {
	reg := demotest.Registry(t)
	cases := []struct {
		name     string
		table    string
		set      map[string]any
		column   string
		severity Severity
		reason   string // the whole reason, or a part of it
	}{
		{"uscc alphabet", "enterprises", map[string]any{"uscc": "91ABCI0100MA123456"}, "uscc", Reject,
			`统一社会信用代码(uscc) “91ABCI0100MA123456”含非法字符`},
		{"uscc length", "enterprises", map[string]any{"uscc": "91990100MA12345"}, "uscc", Reject,
			`统一社会信用代码(uscc) “91990100MA12345”长度为 15 位，应为 18 位`},
		{"uscc check digit", "enterprises", map[string]any{"uscc": goodUSCC[:17] + wrongCheck(goodUSCC)}, "uscc", Warning,
			"校验位不符"},
		{"producer uscc", "samplings", map[string]any{"producer_uscc": "not-a-code-at-all!"}, "producer_uscc", Reject,
			"含非法字符"},
		{"unknown enum", "hazards", map[string]any{"status": "closed"}, "status", Reject,
			`整改状态(status) “closed”不是规定的取值，应为：open（待整改）、rectifying（整改中）、rectified（已整改待复查）、verified（复查销号）、refused（拒不整改）`},
		{"unknown nullable enum", "risk_signals", map[string]any{"risk_level": "extreme"}, "risk_level", Reject,
			`风险等级(risk_level) “extreme”不是规定的取值`},
		{"unreadable date", "hazards", map[string]any{"found_on": "2026/08/03"}, "found_on", Reject,
			`发现日期(found_on) “2026/08/03”无法识别为日期，应为 年-月-日（如 2026-03-15）`},
		{"impossible date", "screenings", map[string]any{"screened_on": "2026-02-30"}, "screened_on", Reject,
			"无法识别为日期"},
		{"unreadable timestamp", "submissions", map[string]any{"updated_at": "yesterday"}, "updated_at", Reject,
			`更新时间(updated_at) “yesterday”无法识别为时间`},
		{"event in the future", "hazards", map[string]any{"found_on": "2026-12-01", "deadline": "2027-01-01"},
			"found_on", Reject, "发现日期(found_on) 2026-12-01 晚于本次采集日期 2026-11-25"},
		{"future screening", "screenings", map[string]any{"screened_on": "2027-01-01"}, "screened_on", Reject,
			"晚于本次采集日期"},
		{"deadline before found", "hazards", map[string]any{"deadline": "2026-08-01"}, "deadline", Reject,
			"整改期限(deadline) 2026-08-01 早于发现日期(found_on) 2026-08-03"},
		{"rectified before found", "hazards", map[string]any{"rectified_on": "2026-07-30"}, "rectified_on", Reject,
			"整改日期(rectified_on) 2026-07-30 早于发现日期(found_on) 2026-08-03"},
		{"verified before rectified", "hazards", map[string]any{"verified_on": "2026-08-10"}, "verified_on", Reject,
			"复查日期(verified_on) 2026-08-10 早于整改日期(rectified_on) 2026-08-20"},
		{"rectified status needs rectified_on", "hazards",
			map[string]any{"status": "rectified", "rectified_on": nil, "verified_on": nil}, "rectified_on", Reject,
			"整改日期(rectified_on) 为空，但整改状态(status)为 rectified（已整改待复查），必须填写"},
		{"verified status needs verified_on", "hazards", map[string]any{"verified_on": nil}, "verified_on", Reject,
			"复查日期(verified_on) 为空，但整改状态(status)为 verified（复查销号），必须填写"},
		{"completed before started", "activities", map[string]any{"completed_on": "2026-03-31"}, "completed_on", Reject,
			"完成日期(completed_on) 2026-03-31 早于开始日期(started_on) 2026-04-01"},
		{"followup done before ordered", "nonconforming", map[string]any{"followup_done_on": "2026-03-09"},
			"followup_done_on", Reject, "后处理完成日期(followup_done_on) 2026-03-09 早于责令整改日期(ordered_on) 2026-03-10"},
		{"assessed before received", "risk_signals", map[string]any{"assessed_on": "2026-05-31"}, "assessed_on", Reject,
			"二次研判日期(assessed_on) 2026-05-31 早于接收日期(received_on) 2026-06-01"},
		{"zeroed before identified", "risk_points", map[string]any{"zeroed_on": "2026-04-30"}, "zeroed_on", Reject,
			"清零日期(zeroed_on) 2026-04-30 早于识别日期(identified_on) 2026-05-01"},
		{"cleared above checked", "supervision_visits", map[string]any{"hazards_confirmed_cleared": int64(12)},
			"hazards_confirmed_cleared", Reject, "确认清零隐患数(hazards_confirmed_cleared) 12 大于检查隐患数(hazards_checked) 10"},
		{"fail count zero", "nonconforming", map[string]any{"fail_count": int64(0)}, "fail_count", Reject,
			"不合格次数(fail_count) 0 小于 1"},
		{"count not a number", "supervision_visits", map[string]any{"problems_found": "many"}, "problems_found", Reject,
			`发现问题数(problems_found) “many”不是整数`},
		{"flag two", "samplings", map[string]any{"exposed": int64(2)}, "exposed", Reject, "是否曝光(exposed) 2 应为 0 或 1"},
		{"flag text", "risk_points", map[string]any{"briefing_held": "yes"}, "briefing_held", Reject, "应为 0 或 1"},
		{"unknown enterprise", "hazards", map[string]any{"enterprise_id": "E-404"}, "enterprise_id", Reject,
			"企业编号(enterprise_id) E-404 在本局企业表中不存在"},
		{"unknown producer", "samplings", map[string]any{"producer_enterprise_id": "E-9"}, "producer_enterprise_id",
			Reject, "不存在"},
		{"county not in registry", "enterprises", map[string]any{"county_code": "990199"}, "county_code", Reject,
			"县级代码(county_code) 990199 不在单位名录中"},
		{"county of another city", "enterprises", map[string]any{"county_code": "990303"}, "county_code", Reject,
			"县级代码(county_code) 碧岭区（990303）不属于本市 东川市（990100）"},
		{"unit of another city", "samplings", map[string]any{"unit_code": "990200"}, "unit_code", Reject,
			"抽查单位(unit_code) 临江市（990200）不属于本市 东川市（990100）"},
		{"province unit in a city's data", "activities", map[string]any{"unit_code": "990000"}, "unit_code", Reject,
			"实施单位(unit_code) 东川省（990000）不属于本市 东川市（990100）"},
		{"city where a county belongs", "incidents", map[string]any{"county_code": "990100"}, "county_code", Reject,
			"县级代码(county_code) 东川市（990100）不是县级单位"},
		{"code shape", "risk_points", map[string]any{"county_code": "99012"}, "county_code", Reject,
			`“99012”不是6位行政区划代码`},
		{"required text blank", "hazards", map[string]any{"description": "  "}, "description", Reject,
			"隐患描述(description) 为空，必须填写"},
		{"required date missing", "hazards", map[string]any{"found_on": nil}, "found_on", Reject, "发现日期(found_on) 为空"},
		{"text too long", "enterprises", map[string]any{"name": strings.Repeat("长", 256)}, "name", Reject,
			"企业名称(name) 长度 256 字，超过 255 字上限"},
		{"year typed short", "hazards", map[string]any{"found_on": "0026-08-03"}, "found_on", Reject,
			"发现日期(found_on) 0026-08-03 早于 1900-01-01，不是有效日期"},
		{"ancient timestamp", "hazards", map[string]any{"updated_at": "0001-01-01 00:00:00"}, "updated_at", Reject,
			"早于 1900-01-01，不是有效时间"},
		{"count out of range", "supervision_visits", map[string]any{"problems_found": int64(1) << 40}, "problems_found",
			Reject, "1099511627776 超出取值范围"},
		{"id too long", "submissions", map[string]any{"id": strings.Repeat("x", 65)}, "id", Reject, "超过 64 字上限"},
		{"updated in the future", "hazards", map[string]any{"updated_at": "2099-01-01 00:00:00"}, "updated_at", Reject,
			"更新时间(updated_at) 2099-01-01 00:00:00 晚于本次采集时间 2026-11-25 12:00:00（允许的时钟误差为 5 分钟）"},
		{"NUL in a text", "hazards", map[string]any{"description": "隐患\x00描述"}, "description", Reject,
			`隐患描述(description) 含 NUL 空字符（\x00）`},
		{"bytes that are not UTF-8", "enterprises", map[string]any{"name": "\xff\xfe企业"}, "name", Reject,
			"企业名称(name) 含不符合 UTF-8 编码的字节"},
		{"a huge text", "hazards", map[string]any{"description": strings.Repeat("x", 10<<20)}, "description", Reject,
			"隐患描述(description) 长度 10485760 字，超过 16000 字上限"},
		{"a huge enumeration", "hazards", map[string]any{"status": strings.Repeat("x", 300)}, "status", Reject,
			"整改状态(status) 长度 300 字，超过 255 字上限"},
		{"a huge date", "hazards", map[string]any{"found_on": strings.Repeat("2", 300)}, "found_on", Reject,
			"发现日期(found_on) 长度 300 字，超过 255 字上限"},
		{"id with a trailing space", "hazards", map[string]any{"id": "R-1 "}, "id", Reject,
			`记录编号(id) “R-1 ”首尾含空格`},
		{"reference with a leading tab", "hazards", map[string]any{"enterprise_id": "\tE-1"}, "enterprise_id", Reject,
			`企业编号(enterprise_id) “\tE-1”首尾含空格`},
	}
	rows := goodRows()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tbl, _ := Lookup(c.table)
			values := map[string]any{}
			for k, v := range rows[c.table] {
				values[k] = v
			}
			for k, v := range c.set {
				values[k] = v
			}
			res := tbl.Validate(rawRow(tbl, values), cityScope(reg))
			if len(res.Problems) != 1 {
				t.Fatalf("want one problem, got %+v", res.Problems)
			}
			p := res.Problems[0]
			if p.Column != c.column || p.Severity != c.severity || !strings.Contains(p.Reason, c.reason) {
				t.Errorf("got %s %s %q, want %s %s containing %q", p.Column, p.Severity, p.Reason, c.column, c.severity, c.reason)
			}
			if want, _ := RawString(values[c.column]); p.Value != want {
				t.Errorf("value %q, want %q", p.Value, want)
			}
			if res.Rejected() != (c.severity == Reject) {
				t.Errorf("rejected = %v for a %s", res.Rejected(), c.severity)
			}
		})
	}
}

// TestFutureToleranceIsClockSkew lets an updated_at a few minutes after the
// pull's moment pass, and keeps the stamp of one beyond it on the rejected row.
func TestFutureToleranceIsClockSkew(t *testing.T) {
	reg := demotest.Registry(t)
	tbl, _ := Lookup("hazards")
	row := goodRows()["hazards"]
	row["updated_at"] = pullTime.Add(FutureTolerance - time.Second)
	if res := tbl.Validate(rawRow(tbl, row), cityScope(reg)); res.Rejected() {
		t.Errorf("within the tolerance: %+v", res.Problems)
	}
	late := pullTime.Add(FutureTolerance + time.Second)
	row["updated_at"] = late
	res := tbl.Validate(rawRow(tbl, row), cityScope(reg))
	if !res.Rejected() || !res.UpdatedAt.Equal(late) {
		t.Errorf("beyond the tolerance: rejected %v, updated_at %v", res.Rejected(), res.UpdatedAt)
	}
}

func TestRejectDuplicate(t *testing.T) {
	reg := demotest.Registry(t)
	tbl, _ := Lookup("hazards")
	res := tbl.Validate(rawRow(tbl, goodRows()["hazards"]), cityScope(reg))
	tbl.RejectDuplicate(&res, 3)
	if !res.Rejected() || len(res.Problems) != 1 || res.Problems[0].Column != "id" ||
		res.Problems[0].Reason != `记录编号(id) “R-1”编号重复：本表有 3 条记录使用此编号，均不予入库；请保留一条或改用不同编号` {
		t.Errorf("%+v", res.Problems)
	}
}

func wrongCheck(code string) string {
	if code[17] == '0' {
		return "1"
	}
	return "0"
}

func TestAbolishedCountyLoadsWithWarning(t *testing.T) {
	reg := demotest.Registry(t)
	tbl, _ := Lookup("enterprises")
	row := goodRows()["enterprises"]
	row["county_code"] = "990527"
	res := tbl.Validate(rawRow(tbl, row), &Scope{Registry: reg, Bureau: "990500", Today: zhengzhi.NewDate(2026, 11, 25)})
	if res.Rejected() || len(res.Problems) != 1 || res.Problems[0].Severity != Warning ||
		res.Problems[0].Reason != "县级代码(county_code) 石德市（990527）在单位名录中已撤销，请核实" {
		t.Fatalf("got %+v", res.Problems)
	}
}

func TestProvinceMaySpeakOfAnyUnit(t *testing.T) {
	reg := demotest.Registry(t)
	tbl, _ := Lookup("supervision_visits")
	row := goodRows()["supervision_visits"]
	row["inspector_unit"], row["inspected_unit"] = "990000", "990303"
	res := tbl.Validate(rawRow(tbl, row), &Scope{Registry: reg, Bureau: "990000", Today: zhengzhi.NewDate(2026, 11, 25)})
	if res.Rejected() || len(res.Problems) > 0 {
		t.Fatalf("province row rejected: %+v", res.Problems)
	}
	res = tbl.Validate(rawRow(tbl, row), &Scope{Registry: reg, Bureau: "990300", Today: zhengzhi.NewDate(2026, 11, 25)})
	if !res.Rejected() || res.Problems[0].Column != "inspector_unit" {
		t.Fatalf("city 990300 may not name the province as inspector: %+v", res.Problems)
	}
}

func BenchmarkValidateRow(b *testing.B) {
	reg := demotest.Registry(b)
	tbl, _ := Lookup("hazards")
	raw := rawRow(tbl, goodRows()["hazards"])
	scope := cityScope(reg)
	b.ReportAllocs()
	for b.Loop() {
		if res := tbl.Validate(raw, scope); res.Rejected() {
			b.Fatal(res.Problems)
		}
	}
}

// TestReasonsInClerksWords: a reason as the 填报 preview and the
// data-quality page show it (Names.Plain over the stored reason) names the
// column by its Chinese name alone, lists the allowed values by the labels a
// workbook's drop-down offers, and names units by name and code — no column
// name or enumeration code a clerk would copy.
func TestReasonsInClerksWords(t *testing.T) {
	reg := demotest.Registry(t)
	county := &Scope{Registry: reg, Bureau: "990102", Today: zhengzhi.NewDate(2026, 11, 25), Now: pullTime,
		Enterprise: func(id string) bool { return id == "E-1" }}
	for _, c := range []struct {
		table string
		set   map[string]any
		want  string
	}{
		{"hazards", map[string]any{"severity": "严重"}, "隐患等级 “严重”不是规定的取值，应为：一般隐患、重大隐患"},
		{"screenings", map[string]any{"inspector_unit": "990100"}, "排查单位 东川市（990100）不属于本单位 杏山区（990102）"},
		{"hazards", map[string]any{"found_on": "2026年8月3日"}, "发现日期 “2026年8月3日”无法识别为日期，应为 年-月-日（如 2026-03-15）"},
		{"hazards", map[string]any{"enterprise_id": "E-404"}, "企业编号 E-404 在本局企业表中不存在"},
		{"hazards", map[string]any{"status": "rectified", "rectified_on": nil, "verified_on": nil},
			"整改日期 为空，但整改状态为 已整改待复查，必须填写"},
	} {
		tbl, _ := Lookup(c.table)
		row := goodRows()[c.table]
		for k, v := range c.set {
			row[k] = v
		}
		res := tbl.Validate(rawRow(tbl, row), county)
		if len(res.Problems) != 1 {
			t.Errorf("%s %v: problems %+v, want one", c.table, c.set, res.Problems)
			continue
		}
		if got := (Names{}).Plain(c.table, res.Problems[0].Reason); got != c.want {
			t.Errorf("%s %v: the clerk reads %q, want %q", c.table, c.set, got, c.want)
		}
	}
}
