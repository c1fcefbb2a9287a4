package upload_test

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/internal/dbtest"
	"zhengzhi/seed"
	"zhengzhi/sqldb"
)

// The units of the tests: a city, the county that switches to uploads and
// another county of the city that stays with the city's database.
const (
	city   = "990100"
	county = "990102"
	other  = "990123"
)

// now is the moment of the uploads; ingest runs an hour later.
var (
	now    = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	later  = now.Add(time.Hour)
	t1     = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	asOf   = zhengzhi.NewDate(2026, 11, 25)
	beijng = time.FixedZone("CST", 8*3600)
)

// bureau is a bureau database (SQLite) laid out by the contract's DDL.
type bureau struct {
	t   testing.TB
	db  *sqldb.DB
	dsn string
}

func newBureau(t testing.TB) *bureau {
	t.Helper()
	dsn := dbtest.New(t, sqldb.SQLite)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ddl, err := seed.ContractDDL(sqldb.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	return &bureau{t: t, db: db, dsn: dsn}
}

// put inserts a row; updated_at defaults to t1 and deleted to 0.
func (b *bureau) put(table string, row map[string]any) {
	b.t.Helper()
	if _, ok := row["updated_at"]; !ok {
		row["updated_at"] = t1
	}
	if _, ok := row["deleted"]; !ok {
		row["deleted"] = 0
	}
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = row[c]
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	if _, err := b.db.ExecContext(context.Background(), q, args...); err != nil {
		b.t.Fatalf("insert %s %v: %v", table, row["id"], err)
	}
}

func uscc(first17 string) string {
	c, err := zhengzhi.USCCCheckDigit(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}

func enterprise(id, county string) map[string]any {
	return map[string]any{"id": id, "uscc": uscc("91" + county + "MA00000" + id[len(id)-2:]), "name": "企业" + id,
		"county_code": county, "category": "wire_cable", "license_no": nil, "license_status": "valid", "producing": 1}
}

func hazard(id, enterprise string) map[string]any {
	return map[string]any{"id": id, "enterprise_id": enterprise, "source": "screening", "found_on": "2026-08-03",
		"severity": "general", "description": "隐患" + id, "deadline": "2026-12-31", "status": "rectified",
		"rectified_on": "2026-08-20", "verified_on": nil, "enforcement": "none", "license_action": "none"}
}

func sampling(id, unit string) map[string]any {
	return map[string]any{"id": id, "unit_code": unit, "batch_no": "B" + id, "sampled_on": "2026-09-01",
		"channel": "retail", "outlet": nil, "category": "wire_cable", "plan": "city", "producer_enterprise_id": nil,
		"producer_uscc": nil, "result": "pass", "traced": 0, "handled_on": nil, "exposed": 0}
}

// fillCity writes the city's database: rows about the county that switches
// to uploads, and about another county that does not.
func fillCity(b *bureau) {
	b.put("enterprises", enterprise("E-01", county))
	b.put("enterprises", enterprise("E-02", other))
	b.put("hazards", hazard("H-01", "E-01"))
	b.put("hazards", hazard("H-02", "E-02"))
	b.put("samplings", sampling("SP-01", county))
	b.put("samplings", sampling("SP-02", other))
}

// sheetEdit opens a workbook for a test to fill as a clerk would.
type sheetEdit struct {
	t *testing.T
	f *excelize.File
}

func openBook(t *testing.T, b []byte) *sheetEdit {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &sheetEdit{t: t, f: f}
}

// column is the letter of a contract column on a sheet, found by hidden row 2.
func (e *sheetEdit) column(sheet, name string) string {
	e.t.Helper()
	rows, err := e.f.GetRows(sheet)
	if err != nil {
		e.t.Fatal(err)
	}
	for i, n := range rows[1] {
		if n == name {
			c, _ := excelize.ColumnNumberToName(i + 1)
			return c
		}
	}
	e.t.Fatalf("%s has no column %s", sheet, name)
	return ""
}

// dropDown is the list a column's data rows offer: the formula of its data validation.
func (e *sheetEdit) dropDown(sheet, col string) string {
	e.t.Helper()
	dvs, err := e.f.GetDataValidations(sheet)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, col+"3:") {
			return dv.Formula1
		}
	}
	e.t.Fatalf("%s has no drop-down in column %s", sheet, col)
	return ""
}

// rowOf is the row number of the row with an id, 0 if none.
func (e *sheetEdit) rowOf(sheet, id string) int {
	rows, _ := e.f.GetRows(sheet)
	for i, r := range rows {
		if i >= 2 && len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	return 0
}

// ids lists the ids of a sheet's data rows.
func (e *sheetEdit) ids(sheet string) []string {
	rows, _ := e.f.GetRows(sheet)
	var out []string
	for i, r := range rows {
		if i >= 2 && len(r) > 0 {
			out = append(out, r[0])
		}
	}
	return out
}

// set writes values on a row: a date column takes a date, as a clerk types one.
func (e *sheetEdit) set(sheet string, row int, values map[string]any) {
	e.t.Helper()
	for name, v := range values {
		cell := fmt.Sprintf("%s%d", e.column(sheet, name), row)
		if d, ok := v.(time.Time); ok {
			v = float64(zhengzhi.DateOf(d).DaysSince(zhengzhi.NewDate(1899, 12, 30)))
		}
		if err := e.f.SetCellValue(sheet, cell, v); err != nil {
			e.t.Fatal(err)
		}
	}
}

// add writes a new row below the last one and returns its number.
func (e *sheetEdit) add(sheet string, values map[string]any) int {
	rows, _ := e.f.GetRows(sheet)
	n := max(len(rows), 2) + 1
	e.set(sheet, n, values)
	return n
}

// remove deletes a row as a clerk does to withdraw it.
func (e *sheetEdit) remove(sheet, id string) {
	e.t.Helper()
	n := e.rowOf(sheet, id)
	if n == 0 {
		e.t.Fatalf("%s has no row %s", sheet, id)
	}
	if err := e.f.RemoveRow(sheet, n); err != nil {
		e.t.Fatal(err)
	}
}

func (e *sheetEdit) bytes() []byte {
	e.t.Helper()
	var b bytes.Buffer
	if err := e.f.Write(&b); err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
