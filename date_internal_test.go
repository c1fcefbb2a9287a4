package zhengzhi

import (
	"fmt"
	"testing"
	"time"
)

// TestDatePartsAgreeWithTimeParse checks the hand-written date check against
// the standard library on every day of four years and on malformed text.
func TestDatePartsAgreeWithTimeParse(t *testing.T) {
	var cases []string
	for y := 2023; y <= 2026; y++ {
		for m := 1; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				cases = append(cases, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	cases = append(cases, "1900-02-29", "2000-02-29", "2026-1-01", "2026/01/01", "20260101", "2026-01-0x", "", "昨天", "2026-13-45")
	for _, c := range cases {
		parsed, err := time.Parse(time.DateOnly, c)
		y, m, d, ok := dateParts(c)
		if ok != (err == nil) {
			t.Errorf("dateParts(%q) ok = %v, time.Parse says %v", c, ok, err == nil)
		}
		if ok && (y != parsed.Year() || m != int(parsed.Month()) || d != parsed.Day()) {
			t.Errorf("dateParts(%q) = %d-%d-%d", c, y, m, d)
		}
	}
}

// TestParseDateAgreesWithTimeParse checks ParseDate against the standard
// library on the edges of the calendar and of the text: what time.Parse
// reads with a year of 1 or later, ParseDate reads as the same day, and
// nothing else.
func TestParseDateAgreesWithTimeParse(t *testing.T) {
	cases := []string{"0000-01-01", "0001-01-01", "9999-12-31", "2024-02-29", "2100-02-29", "2000-02-29",
		"1900-01-01", " 2026-01-01", "2026-01-01 ", "-026-01-01", "+026-01-01", "2026-+1-01", "2026-01-+1",
		"2026-00-10", "2026-04-31", "2026-04-30", "２０２６-01-01"}
	for _, c := range cases {
		parsed, perr := time.Parse(time.DateOnly, c)
		want := perr == nil && parsed.Year() >= 1
		d, err := ParseDate(c)
		if (err == nil) != want {
			t.Errorf("ParseDate(%q) error %v, time.Parse says %v (year %d)", c, err, perr, parsed.Year())
		}
		if err == nil && d != DateOf(parsed) {
			t.Errorf("ParseDate(%q) = %s, time.Parse %s", c, d, parsed)
		}
	}
}
