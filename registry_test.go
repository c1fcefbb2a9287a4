package zhengzhi_test

import (
	"os"
	"strings"
	"testing"

	"zhengzhi"
)

func TestDemoRegistry(t *testing.T) {
	text, err := os.ReadFile("templates/units/demo-province.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := zhengzhi.ParseRegistry(text)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Units(zhengzhi.LevelCity)); got != 12 {
		t.Errorf("cities = %d, want 12", got)
	}
	if got := len(r.Units(zhengzhi.LevelCounty)); got < 90 || got > 110 {
		t.Errorf("counties = %d, want about 100", got)
	}
	if city, ok := r.CityOf("990302"); !ok || city != "990300" {
		t.Errorf("CityOf(990302) = %q, %v", city, ok)
	}
	if z := r.Zone(2026, "990302"); z != zhengzhi.ZoneRed {
		t.Errorf("zone of 990302 = %q, want red", z)
	}
	want := zhengzhi.Issuer{Authority: "东川省市场监督管理局", Short: "东川省市场监管局", Addressees: "各设区市市场监督管理局",
		CC: "省政府办公厅，国家市场监督管理总局质量监督司", PrintedBy: "东川省市场监督管理局办公室"}
	if r.Issuer != want || r.Issuer.Missing() != "" || r.Province.Name != "东川省" {
		t.Errorf("issuer %+v, province %+v", r.Issuer, r.Province)
	}
}

// TestRegistryIssuerKeys: the issuer's keys sit in the province's entry,
// are optional to the registry (only the year-end 通报 needs them, and says
// which are missing), and a misspelt one is refused like any unknown key.
func TestRegistryIssuerKeys(t *testing.T) {
	r, err := zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省, authority: 省市场监督管理局}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Issuer.Missing(); got != "short, addressees" {
		t.Errorf("missing %q, want short, addressees", got)
	}
	_, err = zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省, autority: 省局}` + "\n"))
	if err == nil || !strings.Contains(err.Error(), "field autority not found") {
		t.Fatalf("a misspelt issuer key: %v", err)
	}
}

func TestRegistryRejectsCountyOutsideItsCity(t *testing.T) {
	_, err := zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省}
cities:
  - code: "990100"
    name: 甲市
    counties: [{code: "990201", name: 乙县}]
`))
	if err == nil {
		t.Fatal("want an error for a county coded under another city")
	}
}

func TestRegistryRefusesUnknownKeys(t *testing.T) {
	_, err := zhengzhi.ParseRegistry([]byte(`province: {code: "990000", name: 省}
citys:
  - {code: "990100", name: 甲市}
`))
	if err == nil || !strings.Contains(err.Error(), "line 2: field citys not found") {
		t.Fatalf("a misspelt key: %v", err)
	}
}
