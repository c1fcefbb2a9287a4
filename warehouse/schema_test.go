package warehouse_test

import (
	"context"
	"slices"
	"testing"

	"zhengzhi/contract"
	"zhengzhi/internal/dbtest"
	"zhengzhi/sqldb"
)

// TestContractTablesFollowTheContract holds the migrations' copy of the
// contract tables to the contract's one definition on every engine: after
// all migrations, each contract table has the bureau, the contract's columns
// in contract order, then pull_id and row_hash; NOT NULL exactly where the
// contract requires a value; and the key (bureau, id). A contract column
// added without its migration, or a migration that forgets a NOT NULL, fails
// here.
func TestContractTablesFollowTheContract(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		openWarehouse(t, dsn) // migrates
		db, err := sqldb.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, tb := range contract.Tables() {
			want := []dbtest.Column{{Name: "bureau", NotNull: true, Key: true}}
			for _, c := range tb.Columns {
				want = append(want, dbtest.Column{Name: c.Name, NotNull: !c.Nullable, Key: c.Name == "id"})
			}
			want = append(want, dbtest.Column{Name: "pull_id", NotNull: true}, dbtest.Column{Name: "row_hash"})
			if got := dbtest.Columns(t, db, tb.Name); !slices.Equal(got, want) {
				t.Errorf("%s in the warehouse:\n got %v\nwant %v", tb.Name, got, want)
			}
		}
	})
}
