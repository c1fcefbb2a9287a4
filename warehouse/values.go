package warehouse

import (
	"database/sql"
	"time"
)

// instant stores a time in UTC at microsecond precision, the finest all three
// engines keep, so that the same instant compares equal everywhere (SQLite
// compares the stored text); the zero time is NULL.
func instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nullString stores the empty string as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullTime reads a nullable time in UTC; NULL is the zero time.
func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
