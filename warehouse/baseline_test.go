package warehouse

import (
	"testing"
	"time"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// TestRawValue converts what the bulk paths cannot take and leaves the rest.
func TestRawValue(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    sqldb.Dialect
		k    contract.Kind
		in   any
		want any
	}{
		{sqldb.SQLite, contract.Date, "2026/09/01", "2026/09/01"},
		{sqldb.Postgres, contract.Date, "2026-09-01", day},
		{sqldb.Postgres, contract.EventDate, "2026/09/01", nil},
		{sqldb.MySQL, contract.Date, "2026-09-01", "2026-09-01"},
		{sqldb.MySQL, contract.Date, "九月一日", nil},
		{sqldb.Postgres, contract.Timestamp, "2026-09-01 08:00:00", day.Add(8 * time.Hour)},
		{sqldb.Postgres, contract.Flag, "yes", nil},
		{sqldb.MySQL, contract.Int, "3", int64(3)},
		{sqldb.Postgres, contract.Int, int64(4), int64(4)},
		{sqldb.Postgres, contract.Text, []byte("杏山区"), "杏山区"},
		{sqldb.Postgres, contract.Text, nil, nil},
	} {
		got := rawValue(c.d, c.k, c.in)
		if gt, ok := got.(time.Time); ok {
			if !gt.Equal(c.want.(time.Time)) {
				t.Errorf("%s kind %d %v: got %v, want %v", c.d, c.k, c.in, got, c.want)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s kind %d %v: got %#v, want %#v", c.d, c.k, c.in, got, c.want)
		}
	}
}
