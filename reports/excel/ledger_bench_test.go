package excel

import (
	"fmt"
	"io"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
)

// benchHazard is the n-th row of a synthetic province-wide hazard ledger.
func benchHazard(n int) reports.HazardLedgerRow {
	r := reports.HazardLedgerRow{HazardRecord: zhengzhi.HazardRecord{
		Bureau: "990100", ID: fmt.Sprintf("H%07d", n), County: "990102", Enterprise: "东川第一电缆有限公司", USCC: "91990100MA0000000X",
		Category: "wire_cable", Source: "screening", FoundOn: zhengzhi.NewDate(2026, 9, 1), Severity: "general",
		Description: "绝缘层厚度不足，未按标准进行出厂检验", Deadline: zhengzhi.NewDate(2026, 10, 1), Status: "rectifying",
		Enforcement: "none", LicenseAction: "none", Overdue: true,
	}, Place: reports.Place{City: "990100", CityName: "东川市", CountyName: "杏山区"}, DaysOverdue: 60}
	if n%3 == 0 {
		r.Status, r.RectifiedOn, r.VerifiedOn, r.Overdue, r.DaysOverdue = "verified", zhengzhi.NewDate(2026, 9, 20), zhengzhi.NewDate(2026, 9, 25), false, 0
	}
	return r
}

// peakHeap samples the live heap while f runs and reports its peak in MB.
func peakHeap(b *testing.B, f func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkHazardLedger compares the streamed hazard ledger with a bare
// excelize StreamWriter writing the same cells, at 1,000,000 rows
// (go test -bench HazardLedger -benchtime 1x ./reports/excel/).
func BenchmarkHazardLedger(b *testing.B) {
	const rows = 1_000_000
	meta := reports.Meta{AsOf: zhengzhi.NewDate(2026, 11, 30), Province: zhengzhi.Unit{Code: "990000", Name: "东川省"}}
	b.Run("zhengzhi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l := reports.Ledger[reports.HazardLedgerRow]{Meta: meta, Scope: meta.Province, Count: rows,
				Rows: func(yield func(reports.HazardLedgerRow, error) bool) {
					for n := 1; n <= rows && yield(benchHazard(n), nil); n++ {
					}
				}}
			peakHeap(b, func() {
				if err := HazardLedger(io.Discard, l, LedgerOptions{TmpDir: b.TempDir()}); err != nil {
					b.Fatal(err)
				}
			})
		}
	})
	b.Run("bare-streamwriter", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			peakHeap(b, func() {
				f := excelize.NewFile(excelize.Options{TmpDir: b.TempDir()})
				defer f.Close()
				style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Size: 10}})
				dateFmt := dateFormat
				dateStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: bodyFont, Size: 10}, CustomNumFmt: &dateFmt})
				sw, err := f.NewStreamWriter("Sheet1")
				if err != nil {
					b.Fatal(err)
				}
				cells := newLedgerCells(len(hazardLedger.columns), dateStyle)
				for n := 1; n <= rows; n++ {
					r := benchHazard(n)
					clear(cells.values)
					hazardLedger.fill(int64(n), &r, cells)
					if err := sw.SetRow(cell(1, n+headerRows), cells.values, excelize.RowOpts{StyleID: style}); err != nil {
						b.Fatal(err)
					}
				}
				if err := sw.Flush(); err != nil {
					b.Fatal(err)
				}
				if err := f.Write(io.Discard); err != nil {
					b.Fatal(err)
				}
			})
		}
	})
}
