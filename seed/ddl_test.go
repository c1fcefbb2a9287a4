package seed

import (
	"context"
	"slices"
	"testing"

	"zhengzhi/contract"
	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// TestContractDDLLaysOutTheContractOnEveryEngine creates the generated DDL on
// each engine and reads the tables back from the engine's catalogue: every
// contract table with its columns in contract order, NOT NULL exactly where
// the contract requires a value, id the primary key, and the updated_at
// index the pulls read by.
func TestContractDDLLaysOutTheContractOnEveryEngine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := createContractTables(ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, tb := range contract.Tables() {
			cols := dbtest.Columns(t, db, tb.Name)
			var names []string
			for _, c := range cols {
				names = append(names, c.Name)
			}
			if !slices.Equal(names, tb.ColumnNames()) {
				t.Errorf("%s: columns %v, want the contract's %v", tb.Name, names, tb.ColumnNames())
				continue
			}
			for i, c := range tb.Columns {
				if cols[i].NotNull == c.Nullable {
					t.Errorf("%s.%s: NOT NULL is %v, the contract says nullable %v", tb.Name, c.Name, cols[i].NotNull, c.Nullable)
				}
				if cols[i].Key != (c.Name == "id") {
					t.Errorf("%s.%s: primary key %v", tb.Name, c.Name, cols[i].Key)
				}
			}
			if !dbtest.HasIndex(t, db, tb.Name, tb.Name+"_updated_at") {
				t.Errorf("%s: no index %s_updated_at", tb.Name, tb.Name)
			}
		}
	})
}
