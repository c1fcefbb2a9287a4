package zhengzhi

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a civil date — a day of the calendar, with no clock and no time
// zone — as the campaign's records and rules speak of days (发现日期, 整改期限,
// 统计截止). It counts days from 0001-01-01 (day 1), so that dates compare with
// < and the day arithmetic of the rules (ordered_on + 75 days) is addition.
// The zero Date is no date (SQL NULL, an empty cell).
type Date int32

// epochDay is the Date of 1970-01-01: the days from 0001-01-01 to it, plus one.
const epochDay = 719163

// DateOf is the calendar date of a time in its own location: the caller
// chooses the zone ("today in Asia/Shanghai" is DateOf(now.In(loc))).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// NewDate is the date of a year, month and day; out-of-range values
// normalise as time.Date does (February 30 is March 2).
func NewDate(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix()/86400 + epochDay)
}

// ParseDate reads "YYYY-MM-DD": four digits of year (0001 or later), a real
// month and a real day of that month. It accepts what
// time.Parse(time.DateOnly) accepts from year 1 on, checked by hand: every
// date of every ingested row passes here, and the general parser was a tenth
// of an ingest's time.
func ParseDate(s string) (Date, error) {
	y, m, d, ok := dateParts(s)
	if !ok || y < 1 {
		return 0, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return NewDate(y, time.Month(m), d), nil
}

// dateParts reads a real calendar date written YYYY-MM-DD.
func dateParts(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, okY := digits(s[0:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:10])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 {
		return 0, 0, 0, false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return y, m, d, d <= days
}

// digits reads a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Today is the date it is now in a location.
func Today(now time.Time, loc *time.Location) Date { return DateOf(now.In(loc)) }

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == 0 }

// civil is the date at midnight UTC, for the time package's calendar only.
func (d Date) civil() time.Time { return time.Unix(int64(d-epochDay)*86400, 0).UTC() }

// Year, Month and Day are the date's parts.
func (d Date) Year() int { return d.civil().Year() }

// Month is the date's month.
func (d Date) Month() time.Month { return d.civil().Month() }

// Day is the date's day of the month.
func (d Date) Day() int { return d.civil().Day() }

// AddDays is the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths is the same day n months later, normalised as time.AddDate does.
func (d Date) AddMonths(n int) Date { return DateOf(d.civil().AddDate(0, n, 0)) }

// DaysSince counts the days from earlier to d (negative when earlier is later).
func (d Date) DaysSince(earlier Date) int { return int(d - earlier) }

// Midnight is the start of the date in a location, for comparing with instants.
func (d Date) Midnight(loc *time.Location) time.Time {
	y, m, day := d.civil().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// String is "YYYY-MM-DD", or "" for no date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.civil().Format(time.DateOnly)
}

// Format writes the date with a layout of the time package ("01-02",
// "2006年1月"); clock fields of the layout print as midnight.
func (d Date) Format(layout string) string {
	if d == 0 {
		return ""
	}
	return d.civil().Format(layout)
}

// Chinese is the date as a Chinese text writes it: "2026年11月24日".
func (d Date) Chinese() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.civil().Date()
	return fmt.Sprintf("%d年%d月%d日", y, int(m), day)
}

// MarshalText writes "YYYY-MM-DD" ("" for no date): JSON, YAML and flags use it.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD"; "" is no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the date as "YYYY-MM-DD" text, or NULL: a DATE column on
// PostgreSQL and MySQL takes it, and on SQLite the text compares as dates do.
func (d Date) Value() (driver.Value, error) {
	if d == 0 {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE (a driver's time.Time, whose calendar day is taken as
// it stands), "YYYY-MM-DD…" text, or NULL.
func (d *Date) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*d = 0
		return nil
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("cannot read %T as a date", src)
	}
	if len(s) > 10 {
		s = s[:10]
	}
	return d.UnmarshalText([]byte(s))
}
