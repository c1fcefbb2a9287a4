package pdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

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
	text := pdfText(t, a.Bytes())
	wantText(t, text, dr.Title(), "20261201-7f3a", c0.Name, c0.Counties[0].Name,
		dr.Rule[0], dr.Rule[1], dr.Rule[2], reports.DemoMark, "抽取月份：2026年12月",
		"抽取时间：2026年12月1日 08:00", dr.SeedDigest(), "抽取人（签字）", "监督人（签字）",
		// Drawn without a commitment, the record says so plainly.
		"本次抽取前未公布种子摘要")
	// The record is signed on paper: no command line, no county code in its
	// text; and it leaves no blanks for when the digest was published.
	for _, never := range []string{"zhengzhi draw", c0.Counties[0].Code, "2026-12", "摘要公布时间", "公布方式", "抽取前公布"} {
		if bytes.Contains([]byte(text), []byte(never)) {
			t.Errorf("the draw record says %q", never)
		}
	}
	// The draw rests on the registry and the seed, never on a data pull: no
	// pull line, let alone a false "no data" beside the time it was drawn.
	for _, never := range []string{"数据提取", "尚无", "数据截至"} {
		if bytes.Contains([]byte(text), []byte(never)) {
			t.Errorf("the draw sheet says %q", never)
		}
	}
}

// TestDrawRecordStatesTheCommitment: a month committed before its draw has
// a record that states the published digest and when it was committed, in
// Chinese, in the zone it is given — and no blanks for them.
func TestDrawRecordStatesTheCommitment(t *testing.T) {
	reg := demotest.Registry(t)
	dr := reports.Draw{Meta: reportstest.Meta(reg), Month: "2026-12", Seed: "HX4KQ2M7P3ZR6WTAJ5NB2C7DLE",
		Rule: []string{"1. 对每个设区市的每个现有县计算排序键；", "2. 上月已抽中的县排在后面；", "3. 取排在最前的县。"}}
	shanghai := time.FixedZone("CST", 8*3600)
	dr.Commitment = &reports.DrawCommitment{Digest: dr.SeedDigest(), At: time.Date(2026, 11, 28, 2, 5, 0, 0, time.UTC).In(shanghai)}
	for _, c := range reg.Cities {
		dr.Picks = append(dr.Picks, reports.DrawPick{City: c.Code, CityName: c.Name,
			Counties: []reports.DrawCounty{{Code: c.Counties[0].Code, Name: c.Counties[0].Name}}})
	}
	var b bytes.Buffer
	if _, err := renderer(t).Draw(&b, dr); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	wantText(t, text, "种子的SHA-256摘要（抽取前公布）", dr.SeedDigest(), "该摘要已于2026年11月28日 10:05在抽取前登记公布",
		"先核对随机种子的SHA-256摘要与抽取前公布的摘要一致")
	for _, never := range []string{"未公布", "摘要公布时间", "＿＿＿＿年＿＿月＿＿日＿＿时"} {
		if strings.Contains(text, never) {
			t.Errorf("the record of a committed draw says %q", never)
		}
	}
}
