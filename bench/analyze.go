package bench

import (
	"context"
	"fmt"
	"strings"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// analyze gathers the planner's statistics of the contract tables, as a DBA
// (or autovacuum, some time later) would after a large load. Without them
// PostgreSQL estimates one row per freshly loaded table and picks nested
// loops that turn the indicator queries quadratic.
func analyze(ctx context.Context, w *warehouse.Warehouse) error {
	var tables []string
	for _, t := range contract.Tables() {
		tables = append(tables, t.Name)
	}
	q := `ANALYZE ` + strings.Join(tables, ", ")
	switch w.Dialect {
	case sqldb.MySQL:
		q = `ANALYZE TABLE ` + strings.Join(tables, ", ")
	case sqldb.SQLite:
		q = `ANALYZE`
	}
	rows, err := w.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("analyze the warehouse: %w", err)
	}
	// MySQL answers with a result row per table; it must be read to finish.
	for rows.Next() {
	}
	rows.Close()
	return rows.Err()
}
