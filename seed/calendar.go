package seed

import "zhengzhi"

// day is a calendar date; the generator does all its date arithmetic on it
// (a day plus a number of days) and formats only when a row is written.
type day = zhengzhi.Date

// campaignStart is the first day of the campaign (专项整治自2026年8月1日起).
var campaignStart = zhengzhi.NewDate(2026, 8, 1)

// campaignYear is the year whose zone marks (黄色警示、红色警情) the generator reads.
const campaignYear = 2026

// date is a date column value: the text, or NULL for no date.
func date(d day) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// monthStart is the first day of the month d falls in.
func monthStart(d day) day { return zhengzhi.NewDate(d.Year(), d.Month(), 1) }
