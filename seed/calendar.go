package seed

import "time"

// day is a calendar date as days since 1970-01-01; the generator does all its
// date arithmetic on it and formats only when a row is written.
type day int

// campaignStart is the first day of the campaign (专项整治自2026年8月1日起).
var campaignStart = dayOf(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))

// campaignYear is the year whose zone marks (黄色警示、红色警情) the generator reads.
const campaignYear = 2026

func dayOf(t time.Time) day {
	return day(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD, the contract's date text.
func (d day) String() string { return d.time().Format(time.DateOnly) }

// parseDay reads a YYYY-MM-DD text written by the generator.
func parseDay(s string) (day, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	return dayOf(t), true
}

// date is a date column value: the text, or NULL for the zero day.
func date(d day) any {
	if d == 0 {
		return nil
	}
	return d.String()
}

// monthStart is the first day of the month d falls in.
func monthStart(d day) day {
	t := d.time()
	return dayOf(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC))
}

// addMonths moves the first day of a month by n months.
func addMonths(d day, n int) day {
	t := d.time()
	return dayOf(time.Date(t.Year(), t.Month()+time.Month(n), t.Day(), 0, 0, 0, 0, time.UTC))
}
