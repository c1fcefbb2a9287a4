package warehouse

import (
	"context"
	"fmt"
	"strings"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
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
	var stmts []string
	switch w.db.Dialect {
	case sqldb.SQLite:
		stmts = []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`}
	case sqldb.Postgres:
		stmts = []string{`ANALYZE ` + strings.Join(names, ", ")}
	case sqldb.MySQL:
		stmts = []string{`ANALYZE TABLE ` + strings.Join(names, ", ")}
	}
	for _, s := range stmts {
		rows, err := w.db.QueryContext(ctx, s) // MySQL's ANALYZE TABLE returns a result set
		if err != nil {
			return fmt.Errorf("refresh planner statistics: %w", err)
		}
		rows.Close()
	}
	return nil
}
