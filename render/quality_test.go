package render

import (
	"context"
	"reflect"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// TestDataQualityOfABureau gathers a bureau's data-quality report from its
// pulls and open issues: the latest pull's counts in the contract's table
// order with Chinese titles, every issue in table order with its column's
// title, and an empty report for a bureau never pulled.
func TestDataQualityOfABureau(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.New(t, sqldb.SQLite)
	w, err := warehouse.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	at := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	pull := func(started time.Time, outcome string, counts map[string]warehouse.TableCounts) int64 {
		id, err := w.BeginPull(ctx, "990100", started, "test:1")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.FinishPull(ctx, id, started.Add(time.Minute), outcome, "", counts); err != nil {
			t.Fatal(err)
		}
		return id
	}
	pull(at.Add(-24*time.Hour), warehouse.PullOK, map[string]warehouse.TableCounts{"hazards": {Read: 99}})
	latest := pull(at, warehouse.PullOK, map[string]warehouse.TableCounts{
		"hazards":     {Read: 10, Loaded: 7, Updated: 1, Rejected: 1, Warnings: 1},
		"enterprises": {Read: 5, Loaded: 5, Warnings: 1},
	})
	db := dbtest.Open(t, dsn)
	issue := func(table, row, severity, column, value, reason string) {
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO data_issues
			(bureau, table_name, row_id, severity, column_name, value, reason, raw, pull_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			"990100", table, row, severity, column, value, reason, `{"id":"`+row+`","`+column+`":"`+value+`"}`, latest); err != nil {
			t.Fatal(err)
		}
	}
	issue("hazards", "H1", "reject", "found_on", "2026-13-01", "发现日期(found_on)的值“2026-13-01”不是有效日期")
	issue("enterprises", "E9", "warning", "uscc", "91990100MA0000000Y", "统一社会信用代码校验位不符")
	issue("hazards", "H1", "reject", "deadline", "", "整改期限(deadline)不能为空")

	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	r := &run{opt: Options{Warehouse: w, Registry: demotest.Registry(t), Location: shanghai}, latestPulls: map[string]warehouse.PullStatus{}}
	statuses, err := w.LatestPulls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statuses {
		r.latestPulls[s.Bureau] = s
	}
	q, err := r.dataQualityOf(ctx, "990100")
	if err != nil {
		t.Fatal(err)
	}
	if q.Pull.ID != latest || q.Pull.Outcome != "ok" || !q.Pull.FinishedAt.Equal(at.Add(time.Minute)) ||
		q.Pull.FinishedAt.Location() != shanghai || q.Bureau.Name != "东川市" {
		t.Errorf("pull %+v bureau %+v", q.Pull, q.Bureau)
	}
	wantTables := []reports.TableCounts{
		{Table: "enterprises", Title: "重点工业产品生产企业", Read: 5, Loaded: 5, Warnings: 1},
		{Table: "hazards", Title: "隐患台账", Read: 10, Loaded: 7, Updated: 1, Rejected: 1, Warnings: 1},
	}
	if !reflect.DeepEqual(q.Tables, wantTables) {
		t.Errorf("tables %+v", q.Tables)
	}
	var got []string
	for _, d := range q.Issues {
		got = append(got, d.Table+"/"+d.RowID+"/"+d.Column+"/"+d.Severity)
	}
	want := []string{"enterprises/E9/uscc/warning", "hazards/H1/deadline/reject", "hazards/H1/found_on/reject"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("issues %v, want %v", got, want)
	}
	if d := q.Issues[2]; d.ColumnTitle != "发现日期" || d.TableTitle != "隐患台账" || d.Value != "2026-13-01" || d.Raw == "" || d.Reason == "" {
		t.Errorf("issue %+v", d)
	}
	// The table's enum columns come with their enumerations, for the labels.
	if e := q.Issues[2].Enums; e["severity"].Label("major") != "重大隐患" || e["status"].Label("verified") == "verified" || e["found_on"].Name != "" {
		t.Errorf("hazards' enums %v", e)
	}
	never, err := r.dataQualityOf(ctx, "990200")
	if err != nil || never.Pull.ID != 0 || len(never.Tables) != 0 || len(never.Issues) != 0 {
		t.Errorf("a bureau never pulled: %+v %v", never, err)
	}
}
