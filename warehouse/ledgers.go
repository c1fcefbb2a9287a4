package warehouse

import (
	"context"
	"fmt"
	"iter"

	"zhengzhi"
)

// Records is a stream of one kind of ledger row of a scope, with its count:
// a province-wide ledger can hold millions of rows, so they are never held
// in a slice. Rows runs the extract's one ordered query when ranged over and
// hands each row on as it is read; a non-nil error ends the stream.
type Records[Row any] struct {
	// Count is how many rows Rows yields, counted when the stream was made:
	// a streamed sheet states its size before its first row is written.
	Count int64
	Rows  iter.Seq2[Row, error]
}

// HazardRecords streams the hazard ledger (隐患台账) of a scope — the
// province or a city: every hazard found in [start, d] of an enterprise in
// the scope, by county, date found, bureau and id, each marked overdue as of d.
func (w *Warehouse) HazardRecords(ctx context.Context, scope zhengzhi.Unit, start, d zhengzhi.Date) (Records[zhengzhi.HazardRecord], error) {
	return streamRecords[zhengzhi.HazardRecord](ctx, w, "ledger_hazards", scope, start, d)
}

// FollowupRecords streams the non-conforming follow-up ledger (不合格企业后处理
// 台账) of a scope: every enterprise on the list, by county, bureau and id,
// with its correction and re-inspection flagged overdue as of d.
func (w *Warehouse) FollowupRecords(ctx context.Context, scope zhengzhi.Unit, start, d zhengzhi.Date) (Records[zhengzhi.FollowupRecord], error) {
	return streamRecords[zhengzhi.FollowupRecord](ctx, w, "ledger_followups", scope, start, d)
}

// RiskPointRecords streams the risk point zeroing ledger (风险隐患点清零台账)
// of a scope: every risk point identified by d, by county, date identified,
// bureau and id; a zeroing after d has not happened yet.
func (w *Warehouse) RiskPointRecords(ctx context.Context, scope zhengzhi.Unit, start, d zhengzhi.Date) (Records[zhengzhi.RiskPointRecord], error) {
	return streamRecords[zhengzhi.RiskPointRecord](ctx, w, "ledger_risk_points", scope, start, d)
}

// streamRecords counts the rows of a ledger extract (sql/extracts/<file>.sql,
// which renders its COUNT(*) form when .Count is set), then returns the
// stream that runs the ordered query once.
func streamRecords[Row any](ctx context.Context, w *Warehouse, file string, scope zhengzhi.Unit, start, d zhengzhi.Date) (Records[Row], error) {
	var out Records[Row]
	if scope.Level == zhengzhi.LevelCounty {
		return out, fmt.Errorf("ledger: scope %s is neither the province nor a city", scope.Code)
	}
	params := ruleParams(start, d)
	params["prefix"] = zhengzhi.ScopePrefix(scope) + "%"
	render := func(count bool) (string, []any, error) {
		text, err := w.queryText("extracts/"+file+".sql", "", struct{ Count bool }{count})
		if err != nil {
			return "", nil, err
		}
		return w.bind(text, params)
	}
	countQuery, args, err := render(true)
	if err != nil {
		return out, err
	}
	if err := w.db.Read.GetContext(ctx, &out.Count, countQuery, args...); err != nil {
		return out, fmt.Errorf("count ledger rows of %s: %w", scope.Name, err)
	}
	query, args, err := render(false)
	if err != nil {
		return out, err
	}
	out.Rows = func(yield func(Row, error) bool) {
		var zero Row
		rows, err := w.db.Read.QueryxContext(ctx, query, args...)
		if err != nil {
			yield(zero, fmt.Errorf("read ledger of %s: %w", scope.Name, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var row Row
			if err := rows.StructScan(&row); err != nil {
				yield(zero, fmt.Errorf("read ledger row of %s: %w", scope.Name, err))
				return
			}
			if !yield(row, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, fmt.Errorf("read ledger of %s: %w", scope.Name, err))
		}
	}
	return out, nil
}
