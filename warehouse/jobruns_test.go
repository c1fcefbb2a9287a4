package warehouse_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"zhengzhi"

	"zhengzhi/internal/dbtest"
	"zhengzhi/warehouse"
)

func TestJobLedgerOnEveryEngine(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := openWarehouse(t, dsn)

		last, err := w.LastPlanned(ctx, "ingest")
		if err != nil || !last.IsZero() {
			t.Fatalf("empty ledger: LastPlanned = %v, %v; want zero", last, err)
		}

		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		planned := time.Date(2026, 12, 1, 6, 0, 0, 0, shanghai)
		start := planned.Add(1500 * time.Millisecond)
		run := warehouse.JobRun{Job: "scorecards", PlannedAt: planned, StartedAt: start, Attempt: 1,
			AsOf: zhengzhi.NewDate(2026, 12, 1), Instance: "host-a:100"}
		id, err := w.RecordStart(ctx, run)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.RecordStart(ctx, run); !errors.Is(err, warehouse.ErrRunClaimed) {
			t.Fatalf("second claim of the same planned run: err = %v, want ErrRunClaimed", err)
		}
		files := []string{"output/2026-12-01/东川市.pdf", "output/2026-12-01/scores.xlsx"}
		if err := w.RecordFinish(ctx, id, warehouse.OutcomeOK, start.Add(time.Minute), "", files); err != nil {
			t.Fatal(err)
		}

		// A retry is a new attempt of the same planned run; a run by hand has no planned time.
		retry := run
		retry.Attempt = 2
		if _, err := w.RecordStart(ctx, retry); err != nil {
			t.Fatalf("attempt 2: %v", err)
		}
		for range 2 {
			byHand := warehouse.JobRun{Job: "scorecards", StartedAt: start.Add(2 * time.Minute), Attempt: 1, AsOf: zhengzhi.NewDate(2026, 11, 30)}
			hid, err := w.RecordStart(ctx, byHand)
			if err != nil {
				t.Fatalf("run by hand: %v", err)
			}
			if err := w.RecordFinish(ctx, hid, warehouse.OutcomeFailed, start.Add(3*time.Minute), "step scorecards: 东川市 无数据", nil); err != nil {
				t.Fatal(err)
			}
		}

		// A skipped tick is recorded once, and never over a tick that ran.
		next := planned.AddDate(0, 1, 0)
		skip := warehouse.JobRun{Job: "scorecards", PlannedAt: next, StartedAt: next, AsOf: zhengzhi.NewDate(2027, 1, 1), Instance: "host-a:100"}
		for range 2 {
			if err := w.RecordSkipped(ctx, skip); err != nil {
				t.Fatal(err)
			}
		}
		skip.PlannedAt = planned
		if err := w.RecordSkipped(ctx, skip); err != nil {
			t.Fatal(err)
		}

		last, err = w.LastPlanned(ctx, "scorecards")
		if err != nil || !last.Equal(next) {
			t.Fatalf("LastPlanned = %v, %v; want %v", last, err, next)
		}

		runs, err := w.LastRuns(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		var outcomes []string
		for _, r := range runs {
			outcomes = append(outcomes, r.Outcome)
		}
		want := []string{"skipped", "failed", "failed", "running", "ok"}
		if !slices.Equal(outcomes, want) {
			t.Fatalf("outcomes newest first = %v, want %v", outcomes, want)
		}
		ok := runs[4]
		if !ok.PlannedAt.Equal(planned) || !ok.StartedAt.Equal(start) || !ok.FinishedAt.Equal(start.Add(time.Minute)) ||
			ok.AsOf != zhengzhi.NewDate(2026, 12, 1) || !slices.Equal(ok.Files, files) || ok.Instance != "host-a:100" || ok.Attempt != 1 {
			t.Fatalf("ok run read back as %+v", ok)
		}
		if runs[1].Error != "step scorecards: 东川市 无数据" || !runs[1].PlannedAt.IsZero() {
			t.Fatalf("run by hand read back as %+v", runs[1])
		}
		if runs[0].Attempt != 0 || !runs[0].PlannedAt.Equal(next) {
			t.Fatalf("skipped run read back as %+v", runs[0])
		}

		// The running attempt 2 was left by host-a; host-b takes over and closes it.
		n, err := w.AbandonRuns(ctx, "host-b:200", next)
		if err != nil || n != 1 {
			t.Fatalf("AbandonRuns = %d, %v; want 1 row", n, err)
		}
		runs, _ = w.LastRuns(ctx, 10)
		if runs[3].Outcome != "failed" || runs[3].Error != "调度实例中断，运行未完成: host-a:100" {
			t.Fatalf("abandoned run read back as %+v", runs[3])
		}
	})
}
