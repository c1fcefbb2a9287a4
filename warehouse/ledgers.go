package warehouse

import (
	"context"
	"fmt"
	"time"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
)

// ledgerScope is what every ledger query is narrowed by: the scope's code
// prefix and the dates of the window.
type ledgerScope struct {
	unit        zhengzhi.Unit
	prefix      string
	start, asOf sqldb.Date
}

func (w *Warehouse) ledgerScope(reg *zhengzhi.Registry, scope string, windowStart, asOf time.Time) (ledgerScope, error) {
	unit, ok := reg.Unit(scope)
	if !ok || unit.Level == zhengzhi.LevelCounty {
		return ledgerScope{}, fmt.Errorf("ledger: scope %s is neither the province nor a city of the registry", scope)
	}
	return ledgerScope{unit: unit, prefix: scopePrefix(unit) + "%", start: sqldb.DateOf(windowStart), asOf: sqldb.DateOf(asOf)}, nil
}

// streamLedger counts the rows a ledger query will give, then returns the
// ledger whose Rows runs that query once, in order, and hands each row to the
// caller as it is read: no slice of all rows is ever built.
func streamLedger[Scan any, Row any](ctx context.Context, w *Warehouse, s ledgerScope, windowStart, asOf time.Time,
	from string, args []any, columns, order string, convert func(*Scan) Row) (reports.Ledger[Row], error) {
	l := reports.Ledger[Row]{Meta: reports.Meta{AsOf: asOf}, Scope: s.unit, WindowStart: windowStart}
	if err := w.GetContext(ctx, &l.Count, w.Rebind("SELECT COUNT(*) "+from), args...); err != nil {
		return l, fmt.Errorf("count ledger rows of %s: %w", s.unit.Name, err)
	}
	query := w.Rebind("SELECT " + columns + " " + from + " ORDER BY " + order)
	l.Rows = func(yield func(Row, error) bool) {
		var zero Row
		rows, err := w.QueryxContext(ctx, query, args...)
		if err != nil {
			yield(zero, fmt.Errorf("read ledger of %s: %w", s.unit.Name, err))
			return
		}
		defer rows.Close()
		var scan Scan
		for rows.Next() {
			if err := rows.StructScan(&scan); err != nil {
				yield(zero, fmt.Errorf("read ledger row of %s: %w", s.unit.Name, err))
				return
			}
			if !yield(convert(&scan), nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, fmt.Errorf("read ledger of %s: %w", s.unit.Name, err))
		}
	}
	return l, nil
}

// placeNames fills a row's city and county names from the registry.
func placeNames(reg *zhengzhi.Registry, county string) (city, cityName, countyName string) {
	city, _ = reg.CityOf(county)
	return city, reg.Name(city), reg.Name(county)
}

// daysFrom counts the days from one "YYYY-MM-DD" date to another.
func daysFrom(from, to sqldb.Date) int {
	return int(to.Time().Sub(from.Time()).Hours() / 24)
}

// HazardLedger streams the hazard ledger (隐患台账) of a scope: every hazard
// found in [windowStart, asOf] of an enterprise in the scope, ordered by
// county, date found, bureau and id, each marked overdue when its deadline
// passed before asOf without rectification by asOf.
func (w *Warehouse) HazardLedger(ctx context.Context, reg *zhengzhi.Registry, scope string, windowStart, asOf time.Time) (reports.Ledger[reports.HazardLedgerRow], error) {
	s, err := w.ledgerScope(reg, scope, windowStart, asOf)
	if err != nil {
		return reports.Ledger[reports.HazardLedgerRow]{}, err
	}
	type scan struct {
		Bureau        string     `db:"bureau"`
		ID            string     `db:"id"`
		County        string     `db:"county_code"`
		Enterprise    string     `db:"name"`
		USCC          string     `db:"uscc"`
		Category      string     `db:"category"`
		Source        string     `db:"source"`
		FoundOn       sqldb.Date `db:"found_on"`
		Severity      string     `db:"severity"`
		Description   string     `db:"description"`
		Deadline      sqldb.Date `db:"deadline"`
		Status        string     `db:"status"`
		RectifiedOn   sqldb.Date `db:"rectified_on"`
		VerifiedOn    sqldb.Date `db:"verified_on"`
		Enforcement   string     `db:"enforcement"`
		LicenseAction string     `db:"license_action"`
	}
	from := `FROM hazards h JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= ? AND h.found_on <= ? AND e.county_code LIKE ?`
	columns := `h.bureau, h.id, e.county_code, e.name, e.uscc, e.category, h.source, h.found_on, h.severity,
	h.description, h.deadline, h.status, h.rectified_on, h.verified_on, h.enforcement, h.license_action`
	return streamLedger(ctx, w, s, windowStart, asOf, from, []any{s.start, s.asOf, s.prefix}, columns,
		"e.county_code, h.found_on, h.bureau, h.id", func(r *scan) reports.HazardLedgerRow {
			row := reports.HazardLedgerRow{
				Bureau: r.Bureau, ID: r.ID, County: r.County, Enterprise: r.Enterprise, USCC: r.USCC,
				Category: r.Category, Source: r.Source, FoundOn: string(r.FoundOn), Severity: r.Severity,
				Description: r.Description, Deadline: string(r.Deadline), Status: r.Status,
				RectifiedOn: string(r.RectifiedOn), VerifiedOn: string(r.VerifiedOn),
				Enforcement: r.Enforcement, LicenseAction: r.LicenseAction,
			}
			row.City, row.CityName, row.CountyName = placeNames(reg, r.County)
			rectified := r.RectifiedOn != "" && r.RectifiedOn <= s.asOf
			if r.Deadline < s.asOf && !rectified {
				row.Overdue, row.DaysOverdue = true, daysFrom(r.Deadline, s.asOf)
			}
			return row
		})
}

// FollowupLedger streams the non-conforming follow-up ledger (不合格企业后处理
// 台账) of a scope: every enterprise on the list, ordered by county, bureau and
// id, with its correction due 60 days and its re-inspection due 75 days after
// the rectification order, each flagged overdue as of asOf.
func (w *Warehouse) FollowupLedger(ctx context.Context, reg *zhengzhi.Registry, scope string, windowStart, asOf time.Time) (reports.Ledger[reports.FollowupLedgerRow], error) {
	s, err := w.ledgerScope(reg, scope, windowStart, asOf)
	if err != nil {
		return reports.Ledger[reports.FollowupLedgerRow]{}, err
	}
	type scan struct {
		Bureau          string     `db:"bureau"`
		ID              string     `db:"id"`
		County          string     `db:"county_code"`
		Enterprise      string     `db:"name"`
		USCC            string     `db:"uscc"`
		Category        string     `db:"category"`
		FirstFailedYear int        `db:"first_failed_year"`
		FailCount       int        `db:"fail_count"`
		LastFailedOn    sqldb.Date `db:"last_failed_on"`
		OrderedOn       sqldb.Date `db:"ordered_on"`
		RecheckedOn     sqldb.Date `db:"rechecked_on"`
		Status          string     `db:"followup_status"`
		DoneOn          sqldb.Date `db:"followup_done_on"`
	}
	from := `FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code LIKE ?`
	columns := `n.bureau, n.id, e.county_code, e.name, e.uscc, e.category, n.first_failed_year, n.fail_count,
	n.last_failed_on, n.ordered_on, n.rechecked_on, n.followup_status, n.followup_done_on`
	happened := func(d sqldb.Date) bool { return d != "" && d <= s.asOf }
	return streamLedger(ctx, w, s, windowStart, asOf, from, []any{s.prefix}, columns,
		"e.county_code, n.bureau, n.id", func(r *scan) reports.FollowupLedgerRow {
			row := reports.FollowupLedgerRow{
				Bureau: r.Bureau, ID: r.ID, County: r.County, Enterprise: r.Enterprise, USCC: r.USCC,
				Category: r.Category, FirstFailedYear: r.FirstFailedYear, FailCount: r.FailCount,
				LastFailedOn: string(r.LastFailedOn), OrderedOn: string(r.OrderedOn),
				RecheckedOn: string(r.RecheckedOn), Status: r.Status, DoneOn: string(r.DoneOn),
			}
			row.City, row.CityName, row.CountyName = placeNames(reg, r.County)
			if r.OrderedOn != "" {
				ordered := r.OrderedOn.Time()
				correction := sqldb.DateOf(ordered.AddDate(0, 0, 60))
				recheck := sqldb.DateOf(ordered.AddDate(0, 0, 75))
				row.CorrectionDue, row.RecheckDue = string(correction), string(recheck)
				row.CorrectionOverdue = correction < s.asOf && !happened(r.DoneOn)
				row.RecheckOverdue = recheck < s.asOf && !happened(r.RecheckedOn)
			}
			return row
		})
}

// RiskPointLedger streams the risk point zeroing ledger (风险隐患点清零台账)
// of a scope: every risk point identified by asOf, ordered by county, date
// identified, bureau and id; a zeroing after asOf has not happened yet.
func (w *Warehouse) RiskPointLedger(ctx context.Context, reg *zhengzhi.Registry, scope string, windowStart, asOf time.Time) (reports.Ledger[reports.RiskPointLedgerRow], error) {
	s, err := w.ledgerScope(reg, scope, windowStart, asOf)
	if err != nil {
		return reports.Ledger[reports.RiskPointLedgerRow]{}, err
	}
	type scan struct {
		Bureau       string     `db:"bureau"`
		ID           string     `db:"id"`
		County       string     `db:"county_code"`
		Enterprise   *string    `db:"name"`
		IdentifiedOn sqldb.Date `db:"identified_on"`
		Level        string     `db:"level"`
		Description  string     `db:"description"`
		ZeroedOn     sqldb.Date `db:"zeroed_on"`
		Measure      *string    `db:"measure"`
		Briefed      int        `db:"briefing_held"`
	}
	// The enterprise is optional: a LEFT JOIN keeps points without one, and a
	// withdrawn enterprise only loses its name.
	from := `FROM risk_points p LEFT JOIN enterprises e ON e.bureau = p.bureau AND e.id = p.enterprise_id AND e.deleted = 0
WHERE p.deleted = 0 AND p.identified_on <= ? AND p.county_code LIKE ?`
	columns := `p.bureau, p.id, p.county_code, e.name, p.identified_on, p.level, p.description, p.zeroed_on, p.measure, p.briefing_held`
	return streamLedger(ctx, w, s, windowStart, asOf, from, []any{s.asOf, s.prefix}, columns,
		"p.county_code, p.identified_on, p.bureau, p.id", func(r *scan) reports.RiskPointLedgerRow {
			row := reports.RiskPointLedgerRow{
				Bureau: r.Bureau, ID: r.ID, County: r.County, IdentifiedOn: string(r.IdentifiedOn),
				Level: r.Level, Description: r.Description, Briefed: r.Briefed == 1,
			}
			row.City, row.CityName, row.CountyName = placeNames(reg, r.County)
			if r.Enterprise != nil {
				row.Enterprise = *r.Enterprise
			}
			if r.ZeroedOn != "" && r.ZeroedOn <= s.asOf {
				row.ZeroedOn = string(r.ZeroedOn)
				if r.Measure != nil {
					row.Measure = *r.Measure
				}
			}
			return row
		})
}
