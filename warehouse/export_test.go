package warehouse

import "zhengzhi/sqldb"

// DBForTest is the warehouse's handle, for tests that write fixture rows or
// read tables directly.
func DBForTest(w *Warehouse) *sqldb.DB { return w.db }

// SplitStatementsForTest splits migration text as the migrator does.
func SplitStatementsForTest(text string) []string { return splitStatements(text) }
