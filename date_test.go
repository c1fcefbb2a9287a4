package zhengzhi_test

import (
	"encoding/json"
	"testing"
	"time"

	"zhengzhi"
)

func TestDate(t *testing.T) {
	d, err := zhengzhi.ParseDate("2026-11-24")
	if err != nil {
		t.Fatal(err)
	}
	if d.String() != "2026-11-24" || d.Year() != 2026 || d.Month() != time.November || d.Day() != 24 {
		t.Errorf("parts of %s: %d %d %d", d, d.Year(), d.Month(), d.Day())
	}
	if got := d.AddDays(75).String(); got != "2027-02-07" {
		t.Errorf("+75 days = %s", got)
	}
	if got := d.AddDays(-24).String(); got != "2026-10-31" {
		t.Errorf("-24 days = %s", got)
	}
	if got := zhengzhi.NewDate(2026, 1, 31).AddMonths(1).String(); got != "2026-03-03" {
		t.Errorf("Jan 31 + 1 month = %s (normalised as time.AddDate)", got)
	}
	if n := d.DaysSince(zhengzhi.NewDate(2026, 8, 1)); n != 115 {
		t.Errorf("days since 2026-08-01 = %d", n)
	}
	if d.Chinese() != "2026年11月24日" {
		t.Errorf("Chinese = %s", d.Chinese())
	}
	// A civil date has no zone: the same instant is a different day in Shanghai.
	inst := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if zhengzhi.Today(inst, sh).String() != "2026-11-25" || zhengzhi.Today(inst, time.UTC) != d {
		t.Errorf("today of %s: %s in Shanghai, %s in UTC", inst, zhengzhi.Today(inst, sh), zhengzhi.Today(inst, time.UTC))
	}
	if got := d.Midnight(sh); !got.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, sh)) {
		t.Errorf("midnight = %s", got)
	}
	for _, bad := range []string{"", "2026-13-01", "2026-02-30", "0000-01-01", "26-11-24", "2026-11-24T00:00:00Z"} {
		if _, err := zhengzhi.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var zero zhengzhi.Date
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("zero date prints %q", zero.String())
	}
}

func TestDateStorage(t *testing.T) {
	want := zhengzhi.NewDate(2026, 9, 5)
	for _, src := range []any{"2026-09-05", []byte("2026-09-05"), "2026-09-05 00:00:00+00:00",
		time.Date(2026, 9, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 5, 23, 0, 0, 0, time.FixedZone("", 8*3600))} {
		var d zhengzhi.Date
		if err := d.Scan(src); err != nil || d != want {
			t.Errorf("Scan(%#v) = %s, %v", src, d, err)
		}
	}
	var d zhengzhi.Date = want
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("Scan(nil) = %s, %v", d, err)
	}
	if v, _ := want.Value(); v != "2026-09-05" {
		t.Errorf("Value = %#v", v)
	}
	if v, _ := zhengzhi.Date(0).Value(); v != nil {
		t.Errorf("Value of no date = %#v, want NULL", v)
	}
	b, _ := json.Marshal(struct{ D zhengzhi.Date }{want})
	if string(b) != `{"D":"2026-09-05"}` {
		t.Errorf("JSON %s", b)
	}
	var back struct{ D zhengzhi.Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != want {
		t.Errorf("JSON back %s, %v", back.D, err)
	}
}
