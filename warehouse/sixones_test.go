package warehouse_test

import (
	"context"
	"reflect"
	"testing"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// provinceRows are the hand-worked expectations for seedCampaign in the
// province scope (see the comments in seedCampaign).
func provinceRows(reg *zhengzhi.Registry) []reports.SixOnesRow {
	unit := func(code string) zhengzhi.Unit { u, _ := reg.Unit(code); return u }
	return []reports.SixOnesRow{{
		Unit: unit("990100"), Progress: zhengzhi.Progress{
			Screening: zhengzhi.ScreeningProgress{
				Coverage: zhengzhi.Coverage{Enterprises: 4, Screened: 2},
				ByCategory: map[string]zhengzhi.Coverage{
					"wire_cable": {Enterprises: 3, Screened: 2},
					"hazchem":    {Enterprises: 1, Screened: 0},
				},
				HazardsFound: 6, General: 4, Major: 2, Rectified: 1, Verified: 1,
				Overdue: 4, OverdueMajor: 2, Refused: 2, RefusedEnforced: 1,
			},
			Sampling: zhengzhi.SamplingProgress{
				Batches:    4,
				ByChannel:  map[string]int64{"ecommerce": 1, "retail": 1, "producer": 2},
				ByCategory: map[string]int64{"wire_cable": 2, "hazchem": 1, "explosion_proof": 1},
				Failed:     3, TraceBase: 2, Traced: 1, Handled: 1, Exposed: 2,
			},
			Meeting: zhengzhi.MeetingProgress{Held: true, HeldOn: zhengzhi.NewDate(2026, 8, 20),
				Meetings: 2, Experts: 5, MonitoringProjects: 3, Escalated: 1},
			Zeroing: zhengzhi.ZeroingProgress{Points: 4, Major: 2, Zeroed: 2,
				ByMeasure: map[string]int64{"rectified": 1, "closed": 1}, Briefed: 2},
			SelfInspection: zhengzhi.SelfInspectionProgress{Counties: 2, Done: 1},
			Supervision: zhengzhi.SupervisionProgress{Visits: 3, ByCity: 1, ByProvince: 2, RandomPicks: 1,
				CountiesVisited: 1, Counties: 2, EnterprisesVisited: 6, HazardsChecked: 7, HazardsCleared: 6, ProblemsFound: 2},
			Nonconforming: zhengzhi.NonconformingProgress{OnList: 5, RepeatOffenders: 3, Ordered: 5, Rechecked: 1,
				Done: 2, RepeatDone: 1, Overdue: 2},
			RiskSignals: zhengzhi.RiskSignalProgress{Received: 3, Assessed: 2, Timely: 1,
				ByLevel: map[string]int64{"high": 1, "low": 1}, ByDisposition: map[string]int64{"inspect": 1, "monitor": 1}, Disposed: 1},
		}}, {
		Unit: unit("990200"), Progress: zhengzhi.Progress{
			Screening: zhengzhi.ScreeningProgress{
				Coverage:     zhengzhi.Coverage{Enterprises: 1, Screened: 1},
				ByCategory:   map[string]zhengzhi.Coverage{"hazchem_packaging": {Enterprises: 1, Screened: 1}},
				HazardsFound: 1, General: 1, Rectified: 1,
			},
			Sampling: zhengzhi.SamplingProgress{Batches: 1, ByChannel: map[string]int64{"ecommerce": 1},
				ByCategory: map[string]int64{"hazchem_packaging": 1}},
			Meeting:        zhengzhi.MeetingProgress{Meetings: 1, Experts: 2},
			Zeroing:        zhengzhi.ZeroingProgress{Points: 1, Zeroed: 1, ByMeasure: map[string]int64{"assisted": 1}, Briefed: 1},
			SelfInspection: zhengzhi.SelfInspectionProgress{Counties: 1},
			Supervision: zhengzhi.SupervisionProgress{Visits: 1, ByCity: 1, CountiesVisited: 1, Counties: 1,
				EnterprisesVisited: 1, HazardsChecked: 1, ProblemsFound: 1},
			Nonconforming: zhengzhi.NonconformingProgress{OnList: 1},
			RiskSignals: zhengzhi.RiskSignalProgress{Received: 1, Assessed: 1, Timely: 1,
				ByLevel: map[string]int64{"high": 1}, ByDisposition: map[string]int64{"closed": 1}, Disposed: 1},
		}}, {
		Unit: unit("990000"), Own: true, Progress: zhengzhi.Progress{
			Sampling:    zhengzhi.SamplingProgress{Batches: 1, ByChannel: map[string]int64{"ecommerce": 1}, ByCategory: map[string]int64{"hazchem": 1}},
			RiskSignals: zhengzhi.RiskSignalProgress{Received: 1},
		}}}
}

// sixOnes is a scope's 'six ones' model from the warehouse's counts.
func sixOnes(t *testing.T, w *warehouse.Warehouse, reg *zhengzhi.Registry, code string) *reports.SixOnes {
	t.Helper()
	scope, _ := reg.Unit(code)
	x, err := w.Progress(context.Background(), reg, scope, windowStart, asOf)
	if err != nil {
		t.Fatal(err)
	}
	m, err := reports.BuildSixOnes(reports.Meta{AsOf: asOf}, reg, scope, windowStart, x)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkSixOnesProvince(t *testing.T, w *warehouse.Warehouse) {
	reg := registry(t)
	m := sixOnes(t, w, reg, "990000")
	want := provinceRows(reg)
	if len(m.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(m.Rows), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(m.Rows[i], want[i]) {
			t.Errorf("row %s:\n got %+v\nwant %+v", want[i].Unit.Name, m.Rows[i], want[i])
		}
	}
	if m.Meta.AsOf != asOf || m.Scope.Code != "990000" {
		t.Errorf("meta %+v scope %+v", m.Meta, m.Scope)
	}
}

func checkSixOnesCityAddsUp(t *testing.T, w *warehouse.Warehouse) {
	reg := registry(t)
	m := sixOnes(t, w, reg, "990100")
	var codes []string
	for _, r := range m.Rows {
		codes = append(codes, r.Unit.Code)
	}
	if !reflect.DeepEqual(codes, []string{"990102", "990121", "990199", "990100"}) || !m.Rows[3].Own {
		t.Fatalf("rows %v, want the three counties then the city's own", codes)
	}
	county, q, abolished, own := m.Rows[0], m.Rows[1], m.Rows[2], m.Rows[3]
	if county.Screening.Coverage != (zhengzhi.Coverage{Enterprises: 3, Screened: 2}) || county.Screening.HazardsFound != 3 {
		t.Errorf("杏山区 screening %+v", county.Screening)
	}
	if county.Meeting.Held || county.Meeting.MonitoringProjects != 1 || county.SelfInspection != (zhengzhi.SelfInspectionProgress{Counties: 1, Done: 1}) {
		t.Errorf("杏山区 meeting %+v self-inspection %+v", county.Meeting, county.SelfInspection)
	}
	if q.Supervision.ByProvince != 1 || q.Supervision.RandomPicks != 1 || q.Supervision.CountiesVisited != 0 || q.Nonconforming.Overdue != 1 {
		t.Errorf("云水县 supervision %+v nonconforming %+v", q.Supervision, q.Nonconforming)
	}
	if abolished.SelfInspection.Counties != 0 || abolished.Supervision.Counties != 0 {
		t.Errorf("an abolished county counts as a county: %+v", abolished.SelfInspection)
	}
	if !own.Meeting.Held || own.Meeting.Meetings != 2 || own.Sampling.Batches != 1 || own.RiskSignals.Received != 1 {
		t.Errorf("市本级 %+v", own)
	}
	total := m.Total()
	cityRow := provinceRows(reg)[0]
	cityRow.Meeting.Held, cityRow.Meeting.HeldOn = false, 0
	if !reflect.DeepEqual(total, cityRow) {
		t.Errorf("the city's counties and own rows add up to\n%+v\nnot the city's row in the province scope\n%+v", total, cityRow)
	}
}

// checkSixOnesCityWithinProvince checks that a city's extract is the
// province's within the city, as the render derives it.
func checkSixOnesCityWithinProvince(t *testing.T, w *warehouse.Warehouse) {
	reg := registry(t)
	province, err := w.Progress(context.Background(), reg, reg.Province, windowStart, asOf)
	if err != nil {
		t.Fatal(err)
	}
	for _, city := range reg.Units(zhengzhi.LevelCity) {
		own, err := w.Progress(context.Background(), reg, city, windowStart, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if within := province.Within(zhengzhi.ScopePrefix(city)); !reflect.DeepEqual(within, own) {
			t.Errorf("%s: the province's extract within the city\n%+v\nis not the city's\n%+v", city.Name, within, own)
		}
	}
}

func TestSixOnesRefusesACountyAsScope(t *testing.T) {
	w := openWarehouse(t, dbtest.New(t, "sqlite"))
	county, _ := registry(t).Unit("990102")
	if _, err := w.Progress(context.Background(), registry(t), county, windowStart, asOf); err == nil {
		t.Fatal("a county scope was accepted")
	}
}
