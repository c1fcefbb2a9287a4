package pdf_test

import (
	"bytes"
	"testing"

	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/reports/reportstest"
)

func TestDrawSheetNamesMonthSeedCountiesAndRerun(t *testing.T) {
	reg := demotest.Registry(t)
	dr := reports.Draw{Meta: reportstest.Meta(reg), Month: "2026-12", Seed: "20261201-7f3a",
		Rule: []string{"1. 对每个设区市的每个现有县计算排序键；", "2. 上月已抽中的县排在后面；", "3. 取排在最前的县。"}}
	for _, c := range reg.Cities {
		dr.Picks = append(dr.Picks, reports.DrawPick{City: c.Code, CityName: c.Name,
			Counties: []reports.DrawCounty{{Code: c.Counties[0].Code, Name: c.Counties[0].Name}, {Code: c.Counties[1].Code, Name: c.Counties[1].Name}}})
	}
	var a, b bytes.Buffer
	if _, err := renderer(t).Draw(&a, dr); err != nil {
		t.Fatal(err)
	}
	renderer(t).Draw(&b, dr)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renders of one draw differ")
	}
	c0 := reg.Cities[0]
	wantText(t, pdfText(t, a.Bytes()), dr.Title(), "20261201-7f3a", c0.Name, c0.Counties[0].Name,
		dr.Rule[0], dr.Rule[1], dr.Rule[2], "zhengzhi draw --month 2026-12 --seed 20261201-7f3a", reports.DemoMark)
}
