package bench

import (
	"context"
	"testing"

	"zhengzhi/bench/bare"
	"zhengzhi/internal/demotest"
)

// BenchmarkRawPDF is the PDF step's raw baseline for one document: a
// minimal one-page maroto document with the reports' regular font. Compare
// with BenchmarkScorecard in reports/pdf for the cost of a real scorecard.
func BenchmarkRawPDF(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := bare.Documents(context.Background(), regularFont, dir, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHazardLedgerRows reads the province-wide hazard ledger of the
// demo province from a SQLite warehouse, row by row as the ledger writer
// consumes it, without writing anything: the query's share of the ledger
// step (BenchmarkHazardLedger in reports/excel measures the writer's).
func BenchmarkHazardLedgerRows(b *testing.B) {
	reg := demotest.Registry(b)
	w := demoWarehouse(b, reg)
	ctx := context.Background()
	var rows int64
	for b.Loop() {
		l, err := w.HazardRecords(ctx, reg.Province, AsOf.AddMonths(-4), AsOf)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range l.Rows {
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
