package sqldb

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date as "YYYY-MM-DD"; the empty Date is SQL NULL. It is
// stored as DATE on PostgreSQL and MySQL and as that text on SQLite, so the
// same comparison with a "YYYY-MM-DD" parameter works on all three.
type Date string

// DateOf formats a time's calendar date.
func DateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// Value writes the date as text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d == "" {
		return nil, nil
	}
	return string(d), nil
}

// Scan reads a DATE, a timestamp or text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = ""
	case time.Time:
		*d = DateOf(v)
	case string:
		*d = Date(trimDate(v))
	case []byte:
		*d = Date(trimDate(string(v)))
	default:
		return fmt.Errorf("cannot read %T as a date", src)
	}
	return nil
}

// Time is the date at midnight UTC; the zero time for NULL.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

func trimDate(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}
