package contract

import (
	"strconv"
	"strings"
	"time"

	"zhengzhi"
)

// RawString renders a value as a driver returned it, the way a clerk would
// see it in the bureau's database: NULL is "" and not ok.
func RawString(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int32:
		return strconv.FormatInt(int64(x), 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		if x {
			return "1", true
		}
		return "0", true
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly), true
		}
		return x.Format(time.RFC3339Nano), true
	}
	return "", false
}

// timestampLayouts are the text forms of a timestamp a bureau database may
// hold: RFC 3339, SQL's space-separated form with or without a zone, and the
// form Go's time.Time.String writes when a driver stores it as text.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
}

// ParseTimestamp reads a timestamp from a driver value: a time.Time or one of
// the text forms above (no zone = UTC). It returns it in UTC, cut to
// microseconds, the finest all three warehouse engines keep — so that a
// timestamp read twice compares equal.
func ParseTimestamp(v any) (time.Time, bool) { return ParseTimestampIn(v, time.UTC) }

// ParseTimestampIn is ParseTimestamp for a source whose wall clock is zone:
// text without a zone is a time there.
func ParseTimestampIn(v any, zone *time.Location) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Truncate(time.Microsecond), true
	case []byte:
		return ParseTimestampIn(string(x), zone)
	case string:
		s := strings.TrimSpace(x)
		for _, layout := range append(timestampLayouts, time.DateOnly) {
			if t, err := time.ParseInLocation(layout, s, zone); err == nil {
				return t.UTC().Truncate(time.Microsecond), true
			}
		}
	}
	return time.Time{}, false
}

// parseDate reads a calendar date: a DATE (time.Time), "YYYY-MM-DD" text, or
// a timestamp, whose date is taken as written.
func parseDate(v any) (zhengzhi.Date, bool) {
	switch x := v.(type) {
	case time.Time:
		return zhengzhi.DateOf(x), true
	case []byte:
		return parseDate(string(x))
	case string:
		s := strings.TrimSpace(x)
		if d, err := zhengzhi.ParseDate(s); err == nil {
			return d, true
		}
		if len(s) > 10 {
			if _, ok := ParseTimestamp(s); ok {
				return parseDate(s[:10])
			}
		}
	}
	return 0, false
}

// parseInt reads a whole number from an integer, an integral float or digits.
func parseInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int:
		return int64(x), true
	case float64:
		if x == float64(int64(x)) {
			return int64(x), true
		}
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case []byte:
		return parseInt(string(x))
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}
