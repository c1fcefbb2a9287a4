package warehouse

import (
	"context"
	"fmt"

	"zhengzhi/contract"
)

// RefreshStatistics lets the query planner see the contract tables as they
// are after a load. Without it, the indicator and report queries that follow
// an ingest into fresh tables were planned for empty tables and ran orders of
// magnitude slower (whole-table scans per enterprise on PostgreSQL, primary
// key prefixes on MariaDB). Each engine samples, so this stays cheap.
func (w *Warehouse) RefreshStatistics(ctx context.Context) error {
	var names []string
	for _, t := range contract.Tables() {
		names = append(names, t.Name)
	}
	for _, s := range spellingOf(w.db.Dialect).analyze(names) {
		rows, err := w.db.QueryContext(ctx, s) // MySQL's ANALYZE TABLE returns a result set
		if err != nil {
			return fmt.Errorf("refresh planner statistics: %w", err)
		}
		rows.Close()
	}
	return nil
}
