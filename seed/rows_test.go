package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhengzhi/sqldb"
)

// value is a read-back column value in one form for every engine: integers
// as int64, timestamps as UTC RFC 3339, text as string, NULL as nil.
type value = any

// bureauRows is every row of one bureau database: table → rows → column → value.
type bureauRows map[string][]map[string]value

// integerColumns are the contract's integer columns.
var integerColumns = map[string]bool{
	"producing": true, "traced": true, "exposed": true, "first_failed_year": true, "fail_count": true,
	"briefing_held": true, "experts": true, "monitoring_projects": true, "escalated": true,
	"emergency_plan": true, "random_pick": true, "enterprises_visited": true, "hazards_checked": true,
	"hazards_confirmed_cleared": true, "problems_found": true, "adopted": true,
	"direct_responsibility": true, "systemic": true, "deleted": true,
}

func normalise(v any) value {
	switch x := v.(type) {
	case nil:
		return nil
	case []byte:
		return normalise(string(x))
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case int64:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case int:
		return int64(x)
	case string:
		return x
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// readBureau reads every contract table of a bureau database, ordered by id.
func readBureau(t testing.TB, dsn string) bureauRows {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := bureauRows{}
	for _, spec := range contractTables {
		rows, err := db.QueryxContext(ctx, "SELECT "+strings.Join(spec.cols, ", ")+" FROM "+spec.name+" ORDER BY id")
		if err != nil {
			t.Fatalf("%s: %v", spec.name, err)
		}
		for rows.Next() {
			m := map[string]any{}
			if err := rows.MapScan(m); err != nil {
				t.Fatalf("%s: %v", spec.name, err)
			}
			r := map[string]value{}
			for k, v := range m {
				r[k] = normalise(v)
				// MySQL's text protocol returns integers as text.
				if s, ok := r[k].(string); ok && integerColumns[k] {
					if n, err := strconv.ParseInt(s, 10, 64); err == nil {
						r[k] = n
					}
				}
			}
			// MySQL's DATETIME and SQLite's TIMESTAMP may come back as text.
			if s, ok := r["updated_at"].(string); ok {
				r["updated_at"] = normaliseStamp(s)
			}
			out[spec.name] = append(out[spec.name], r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

func normaliseStamp(s string) string {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
		if ts, err := time.Parse(layout, s); err == nil {
			return ts.UTC().Format(time.RFC3339Nano)
		}
	}
	return s
}

// digest hashes a bureau's rows in a fixed order.
func (b bureauRows) digest() string {
	h := sha256.New()
	for _, spec := range contractTables {
		for _, r := range b[spec.name] {
			for _, c := range spec.cols {
				fmt.Fprintf(h, "%v\x1f", r[c])
			}
			h.Write([]byte{'\n'})
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func text(v value) string {
	s, _ := v.(string)
	return s
}

func integer(v value) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return -1 << 62
}

// dateOf reads a date column: ok is false for NULL and for text that is not a date.
func dateOf(v value) (time.Time, bool) {
	s := text(v)
	if s == "" {
		return time.Time{}, false
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}
