package warehouse

import (
	"context"
	"fmt"

	"zhengzhi"
)

// OverdueMajorHazards lists the major hazards found in [start, d] and overdue
// at d — the rows the overdue_major_hazards indicator counts — most overdue
// first, for the progress report's chase list.
func (w *Warehouse) OverdueMajorHazards(ctx context.Context, start, d zhengzhi.Date) ([]zhengzhi.HazardRecord, error) {
	var out []zhengzhi.HazardRecord
	if err := w.selectExtract(ctx, &out, "chase_overdue_major_hazards", ruleParams(start, d)); err != nil {
		return nil, fmt.Errorf("逾期未整改重大隐患清单（截至 %s）: %w", d, err)
	}
	return out, nil
}

// PendingFollowups lists the non-conforming enterprises of the given
// counties whose post-processing was not finished by d and whose correction
// or re-inspection is overdue at d; one still within its days is not listed.
func (w *Warehouse) PendingFollowups(ctx context.Context, counties []string, start, d zhengzhi.Date) ([]zhengzhi.FollowupRecord, error) {
	if len(counties) == 0 {
		return nil, nil
	}
	params := ruleParams(start, d)
	params["counties"] = counties
	var out []zhengzhi.FollowupRecord
	if err := w.selectExtract(ctx, &out, "chase_pending_followups", params); err != nil {
		return nil, fmt.Errorf("逾期未完成后处理的不合格企业清单（截至 %s）: %w", d, err)
	}
	return out, nil
}

// selectExtract runs one extract file (sql/extracts/<file>.sql) into a slice.
func (w *Warehouse) selectExtract(ctx context.Context, dest any, file string, params map[string]any) error {
	text, err := w.queryText("extracts/"+file+".sql", "", nil)
	if err != nil {
		return err
	}
	query, args, err := w.bind(text, params)
	if err != nil {
		return fmt.Errorf("bind sql/extracts/%s.sql: %w", file, err)
	}
	return w.db.Read.SelectContext(ctx, dest, query, args...)
}
