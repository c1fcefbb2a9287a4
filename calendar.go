package zhengzhi

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// ErrNoCalendarYear refuses to count working days in a year the calendar
// does not have: the State Council publishes each year's 调休 only in the
// autumn before, and a guess would move a deadline.
var ErrNoCalendarYear = errors.New("工作日历缺少该年度的节假日安排")

// CalendarYear is one year of the working-day calendar (工作日历): the public
// holidays (放假, weekends inside them included) and the weekends worked in
// their place (调休上班), as the State Council's notice for the year sets them.
type CalendarYear struct {
	Year int `yaml:"year"`
	// Source names the notice the year was copied from.
	Source   string    `yaml:"source"`
	Holidays []Holiday `yaml:"holidays"`
	// Workdays are the weekends worked in a holiday's place.
	Workdays []Date `yaml:"workdays"`
}

// Holiday is one holiday's days off, From to To inclusive.
type Holiday struct {
	Name string `yaml:"name"`
	From Date   `yaml:"from"`
	To   Date   `yaml:"to"`
}

// ParseCalendarYear reads one year of the calendar
// (templates/calendar/<year>.yaml) and checks it: every date in its year, a
// holiday's days in order, no day both off and worked, and every 调休 day a
// weekend (a weekday is a working day already).
func ParseCalendarYear(name string, text []byte) (CalendarYear, error) {
	var y CalendarYear
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		return y, fmt.Errorf("工作日历 %s：%w", name, err)
	}
	bad := func(format string, args ...any) (CalendarYear, error) {
		return y, fmt.Errorf("工作日历 %s："+format, append([]any{name}, args...)...)
	}
	if y.Year < 2000 || y.Year > 2200 {
		return bad("year %d 不是有效年份", y.Year)
	}
	off := map[Date]bool{}
	for _, h := range y.Holidays {
		if h.Name == "" || h.From.IsZero() || h.To.IsZero() {
			return bad("假日须有 name、from、to")
		}
		if h.From.Year() != y.Year || h.To.Year() != y.Year {
			return bad("%s（%s至%s）不在%d年内", h.Name, h.From, h.To, y.Year)
		}
		if h.To < h.From {
			return bad("%s 的结束日 %s 早于开始日 %s", h.Name, h.To, h.From)
		}
		for d := h.From; d <= h.To; d = d.AddDays(1) {
			off[d] = true
		}
	}
	for _, d := range y.Workdays {
		if d.Year() != y.Year {
			return bad("调休上班日 %s 不在%d年内", d, y.Year)
		}
		if !isWeekend(d) {
			return bad("调休上班日 %s 不是周末", d)
		}
		if off[d] {
			return bad("%s 既是假日又是调休上班日", d)
		}
	}
	return y, nil
}

// Calendar is the working-day calendar: the years it knows, and nothing
// assumed about any other.
type Calendar struct {
	years map[int]calendarDays
}

// calendarDays is one year's exceptions to "Monday to Friday".
type calendarDays struct {
	off, worked map[Date]bool
}

// NewCalendar is the calendar of these years; a year given twice is refused.
func NewCalendar(years ...CalendarYear) (*Calendar, error) {
	c := &Calendar{years: map[int]calendarDays{}}
	for _, y := range years {
		if _, dup := c.years[y.Year]; dup {
			return nil, fmt.Errorf("工作日历：%d年重复", y.Year)
		}
		days := calendarDays{off: map[Date]bool{}, worked: map[Date]bool{}}
		for _, h := range y.Holidays {
			for d := h.From; d <= h.To; d = d.AddDays(1) {
				days.off[d] = true
			}
		}
		for _, d := range y.Workdays {
			days.worked[d] = true
		}
		c.years[y.Year] = days
	}
	return c, nil
}

// Years lists the years the calendar has, in order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// IsWorkday says whether d is a working day: a weekday that is no holiday,
// or a weekend worked in a holiday's place (调休). A year the calendar lacks
// is ErrNoCalendarYear.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	days, ok := c.years[d.Year()]
	if !ok {
		return false, fmt.Errorf("%w：%d年（%s）", ErrNoCalendarYear, d.Year(), d)
	}
	if days.worked[d] {
		return true, nil
	}
	return !isWeekend(d) && !days.off[d], nil
}

// Deadline is the last day of a window of n working days after the day of
// publication: the window ends at the end of the nth working day after it
// (the day of publication itself never counts).
func (c *Calendar) Deadline(published Date, n int) (Date, error) {
	if n < 1 {
		return 0, fmt.Errorf("公示期须至少1个工作日，给的是%d", n)
	}
	d := published
	for n > 0 {
		d = d.AddDays(1)
		work, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if work {
			n--
		}
	}
	return d, nil
}

// WorkingDaysLeft counts the working days from today to the deadline, both
// counted: 1 on the deadline itself when it is a working day, 0 once it has
// passed.
func (c *Calendar) WorkingDaysLeft(today, deadline Date) (int, error) {
	n := 0
	for d := today; d <= deadline; d = d.AddDays(1) {
		work, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if work {
			n++
		}
	}
	return n, nil
}

func isWeekend(d Date) bool {
	wd := d.civil().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
