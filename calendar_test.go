package zhengzhi_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"zhengzhi"
	"zhengzhi/templates"
)

// calendar is the embedded calendar (2025 and 2026 as the State Council
// published them).
func calendar(t *testing.T) *zhengzhi.Calendar {
	t.Helper()
	c, err := templates.Calendar("")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCalendarWorkdays(t *testing.T) {
	c := calendar(t)
	for _, tc := range []struct {
		day  zhengzhi.Date
		work bool
		why  string
	}{
		{zhengzhi.NewDate(2026, 1, 4), true, "周日调休上班（元旦）"},
		{zhengzhi.NewDate(2026, 1, 2), false, "周五元旦假期"},
		{zhengzhi.NewDate(2026, 2, 14), true, "周六调休上班（春节前）"},
		{zhengzhi.NewDate(2026, 2, 23), false, "周一春节假期"},
		{zhengzhi.NewDate(2026, 2, 28), true, "周六调休上班（春节后）"},
		{zhengzhi.NewDate(2026, 3, 7), false, "普通周六"},
		{zhengzhi.NewDate(2026, 3, 9), true, "普通周一"},
		{zhengzhi.NewDate(2026, 10, 10), true, "周六调休上班（国庆后）"},
		{zhengzhi.NewDate(2026, 10, 7), false, "周三国庆假期"},
		{zhengzhi.NewDate(2025, 1, 26), true, "周日调休上班（2025春节前）"},
		{zhengzhi.NewDate(2025, 10, 8), false, "周三国庆中秋假期"},
	} {
		got, err := c.IsWorkday(tc.day)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.work {
			t.Errorf("%s (%s): workday %v, want %v", tc.day, tc.why, got, tc.work)
		}
	}
}

func TestCalendarDeadline(t *testing.T) {
	c := calendar(t)
	for _, tc := range []struct {
		published zhengzhi.Date
		n         int
		want      zhengzhi.Date
		why       string
	}{
		// 12-31 (Wed) is 1; 1-1..1-3 off; 1-4 (Sun, 调休) is 2; 1-5, 1-6, 1-7.
		{zhengzhi.NewDate(2025, 12, 30), 5, zhengzhi.NewDate(2026, 1, 7), "跨年且经过调休周日"},
		// 2-13 (Fri) is 1, 2-14 (Sat, 调休) is 2, then 2-15..2-23 off, 2-24 is 3.
		{zhengzhi.NewDate(2026, 2, 12), 3, zhengzhi.NewDate(2026, 2, 24), "春节假期与调休周六"},
		{zhengzhi.NewDate(2026, 3, 6), 1, zhengzhi.NewDate(2026, 3, 9), "周五公示，下周一截止"},
		{zhengzhi.NewDate(2026, 9, 30), 1, zhengzhi.NewDate(2026, 10, 8), "国庆假期"},
	} {
		got, err := c.Deadline(tc.published, tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: %s + %d working days = %s, want %s", tc.why, tc.published, tc.n, got, tc.want)
		}
	}
	left, err := c.WorkingDaysLeft(zhengzhi.NewDate(2026, 1, 3), zhengzhi.NewDate(2026, 1, 7))
	if err != nil || left != 4 {
		t.Errorf("working days left from 2026-01-03 to 01-07 = %d, %v; want 4 (1-4 调休, 1-5, 1-6, 1-7)", left, err)
	}
}

func TestCalendarMissingYearIsAnError(t *testing.T) {
	c := calendar(t)
	if _, err := c.Deadline(zhengzhi.NewDate(2026, 12, 28), 5); !errors.Is(err, zhengzhi.ErrNoCalendarYear) {
		t.Fatalf("deadline into 2027: %v, want ErrNoCalendarYear", err)
	}
	if _, err := c.IsWorkday(zhengzhi.NewDate(2024, 6, 3)); !errors.Is(err, zhengzhi.ErrNoCalendarYear) {
		t.Fatalf("2024: %v, want ErrNoCalendarYear", err)
	}
}

func TestCalendarOverride(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/calendar/2027.yaml", "year: 2027\nsource: 测试\nholidays:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\nworkdays: []\n")
	c, err := templates.Calendar(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Deadline(zhengzhi.NewDate(2026, 12, 30), 2)
	if err != nil || got != zhengzhi.NewDate(2027, 1, 4) {
		t.Fatalf("deadline with an added 2027 = %s, %v; want 2027-01-04", got, err)
	}
	// An override of a year takes the default's place.
	writeFile(t, dir+"/calendar/2026.yaml", "year: 2026\nsource: 测试\nholidays: []\nworkdays: []\n")
	if c, err = templates.Calendar(dir); err != nil {
		t.Fatal(err)
	}
	if work, _ := c.IsWorkday(zhengzhi.NewDate(2026, 1, 2)); !work {
		t.Fatal("the folder's 2026 did not take the default's place")
	}
}

func TestParseCalendarYearRefusals(t *testing.T) {
	for _, text := range []string{
		"year: 2026\nholidays: [{name: 元旦, from: 2025-12-31, to: 2026-01-01}]\n",
		"year: 2026\nholidays: [{name: 元旦, from: 2026-01-03, to: 2026-01-01}]\n",
		"year: 2026\nworkdays: [2026-01-05]\n",
		"year: 2026\nholidays: [{name: X, from: 2026-01-03, to: 2026-01-04}]\nworkdays: [2026-01-04]\n",
		"year: 2026\nbogus: 1\n",
	} {
		if _, err := zhengzhi.ParseCalendarYear("t.yaml", []byte(text)); err == nil {
			t.Errorf("accepted:\n%s", text)
		}
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
