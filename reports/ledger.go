package reports

import (
	"iter"

	"zhengzhi"
)

// Ledger is a register (台账) of one kind of row for a scope (a city, or the
// whole province). Its rows are a stream, never a slice: a province-wide
// ledger can hold millions of rows, and a writer consumes them one by one in
// the order the warehouse's single ordered query gives them. A non-nil error
// ends the stream.
type Ledger[Row any] struct {
	Meta        Meta
	Scope       zhengzhi.Unit
	WindowStart zhengzhi.Date
	// Count is how many rows Rows yields, counted when the ledger was made:
	// a streamed sheet states its size before its first row is written.
	Count int64
	Rows  iter.Seq2[Row, error]
}

// Place is where a ledger row lies and who reported it, with the registry's names.
type Place struct {
	City       string
	CityName   string
	CountyName string
	BureauName string // the reporting bureau's name, beside the record's Bureau code
}

// placeOf names a county's city and the county from the registry.
func placeOf(reg *zhengzhi.Registry, county string) Place {
	city, _ := reg.CityOf(county)
	return Place{City: city, CityName: reg.Name(city), CountyName: reg.Name(county)}
}

// reportedFrom is a ledger row's place with the name of the bureau that reported it.
func reportedFrom(reg *zhengzhi.Registry, county, bureau string) Place {
	p := placeOf(reg, county)
	p.BureauName = reg.Name(bureau)
	return p
}

// HazardLedgerRow is one hazard of the hazard ledger (隐患台账), with where
// it lies and, when overdue as of the ledger's date, the days since its deadline.
type HazardLedgerRow struct {
	zhengzhi.HazardRecord
	Place
	DaysOverdue int
}

// FollowupLedgerRow is one enterprise of the non-conforming follow-up ledger
// (不合格企业后处理台账) with where it lies; its due dates are the record's.
// The days overdue count from the due date to the ledger's date, 0 when the
// step is not overdue.
type FollowupLedgerRow struct {
	zhengzhi.FollowupRecord
	Place
	CorrectionDaysOverdue int
	RecheckDaysOverdue    int
}

// RiskPointLedgerRow is one risk point of the zeroing ledger (风险隐患点清零台账).
type RiskPointLedgerRow struct {
	zhengzhi.RiskPointRecord
	Place
}

// mapLedger is the ledger whose rows are the records, each made a row as
// the stream is read.
func mapLedger[Rec, Row any](meta Meta, scope zhengzhi.Unit, start zhengzhi.Date, count int64,
	records iter.Seq2[Rec, error], row func(Rec) Row) Ledger[Row] {
	return Ledger[Row]{Meta: meta, Scope: scope, WindowStart: start, Count: count,
		Rows: func(yield func(Row, error) bool) {
			for rec, err := range records {
				var r Row
				if err == nil {
					r = row(rec)
				}
				if !yield(r, err) || err != nil {
					return
				}
			}
		}}
}

// HazardLedger is the hazard ledger of a scope from the warehouse's records.
func HazardLedger(meta Meta, reg *zhengzhi.Registry, scope zhengzhi.Unit, start zhengzhi.Date, count int64,
	records iter.Seq2[zhengzhi.HazardRecord, error]) Ledger[HazardLedgerRow] {
	return mapLedger(meta, scope, start, count, records, func(h zhengzhi.HazardRecord) HazardLedgerRow {
		return HazardLedgerRow{HazardRecord: h, Place: reportedFrom(reg, h.County, h.Bureau), DaysOverdue: daysOverdue(h, meta.AsOf)}
	})
}

// FollowupLedger is the non-conforming follow-up ledger of a scope from the warehouse's records.
func FollowupLedger(meta Meta, reg *zhengzhi.Registry, scope zhengzhi.Unit, start zhengzhi.Date, count int64,
	records iter.Seq2[zhengzhi.FollowupRecord, error]) Ledger[FollowupLedgerRow] {
	return mapLedger(meta, scope, start, count, records, func(f zhengzhi.FollowupRecord) FollowupLedgerRow {
		return FollowupLedgerRow{FollowupRecord: f, Place: reportedFrom(reg, f.County, f.Bureau),
			CorrectionDaysOverdue: daysPast(f.CorrectionOverdue, f.CorrectionDue(), meta.AsOf),
			RecheckDaysOverdue:    daysPast(f.RecheckOverdue, f.RecheckDue(), meta.AsOf)}
	})
}

// RiskPointLedger is the risk point zeroing ledger of a scope from the warehouse's records.
func RiskPointLedger(meta Meta, reg *zhengzhi.Registry, scope zhengzhi.Unit, start zhengzhi.Date, count int64,
	records iter.Seq2[zhengzhi.RiskPointRecord, error]) Ledger[RiskPointLedgerRow] {
	return mapLedger(meta, scope, start, count, records, func(p zhengzhi.RiskPointRecord) RiskPointLedgerRow {
		return RiskPointLedgerRow{RiskPointRecord: p, Place: reportedFrom(reg, p.County, p.Bureau)}
	})
}

// daysOverdue counts the days from an overdue hazard's deadline to the as-of
// date; 0 when it is not overdue.
func daysOverdue(h zhengzhi.HazardRecord, asOf zhengzhi.Date) int {
	return daysPast(h.Overdue, h.Deadline, asOf)
}

// daysPast counts the days from an overdue step's due date to the as-of
// date; 0 when it is not overdue.
func daysPast(overdue bool, due, asOf zhengzhi.Date) int {
	if !overdue {
		return 0
	}
	return asOf.DaysSince(due)
}
