package notify_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"zhengzhi/internal/dbtest"
	"zhengzhi/internal/demotest"
	"zhengzhi/notify"
	"zhengzhi/warehouse"
)

// The demo province's units the tests speak of: two cities, one county of the first.
const (
	province = "990000"
	cityA    = "990100"
	countyA  = "990101"
	cityB    = "990200"
)

// under is the access rule's shape for a test: a unit sees itself and,
// for a city, its counties; the province sees everything.
func under(home string) func(string) bool {
	return func(unit string) bool {
		switch {
		case home == province:
			return true
		case unit == home:
			return true
		case strings.HasSuffix(home, "00") && len(unit) == 6 && unit[:4] == home[:4] && unit != home:
			return true
		}
		return false
	}
}

func recipients() []notify.Recipient {
	return []notify.Recipient{
		{Key: "account:prov", Channel: notify.Inbox, Sees: under(province)},
		{Key: "account:citya", Channel: notify.Inbox, Sees: under(cityA)},
		{Key: "account:citya", Channel: notify.Mail, Address: "citya@example.cn", Sees: under(cityA)},
		{Key: "account:countya", Channel: notify.Inbox, Sees: under(countyA)},
		{Key: "robot:cityb", Channel: notify.Robot, Address: "cityb", Sees: under(cityB)},
	}
}

var t0 = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

func generation(key string, files ...notify.File) notify.Event {
	return notify.Event{
		Key: key, Kind: notify.KindGeneration, Title: "2026年11月24日考核结果和报告已更新", Link: "/?as_of=2026-11-24",
		Files: files, At: t0,
		Lines: []notify.Line{
			{Unit: cityA, Text: "东川市 市局目标责任制考核 46.38分，不合格，第8名（共12个）"},
			{Unit: countyA, Text: "东川区 县局目标责任制考核 71.02分，合格，第3名（共99个）"},
			{Unit: cityB, Text: "临江市 市局目标责任制考核 34.05分，不合格，第12名（共12个）"},
		},
	}
}

var (
	fileA   = notify.File{Path: "cities/990100/scorecard.pdf", Unit: cityA, SHA256: strings.Repeat("a", 64)}
	fileA1  = notify.File{Path: "cities/990100/990101/scorecard.pdf", Unit: countyA, SHA256: strings.Repeat("b", 64)}
	fileB   = notify.File{Path: "cities/990200/scorecard.pdf", Unit: cityB, SHA256: strings.Repeat("c", 64)}
	fileB2  = notify.File{Path: "cities/990200/scorecard.pdf", Unit: cityB, SHA256: strings.Repeat("d", 64)}
	fileNew = notify.File{Path: "province/summary.pdf", Unit: province, SHA256: strings.Repeat("e", 64)}
)

func open(t *testing.T, dsn string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func recorder(w *warehouse.Warehouse) notify.Recorder {
	return notify.Recorder{Store: w, Spread: time.Minute,
		Recipients: func(context.Context) ([]notify.Recipient, error) { return recipients(), nil }}
}

func TestOneNoticePerRecipientWithinScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := open(t, dsn)
		rec := recorder(w)
		n, err := rec.Record(ctx, generation("generation:2026-11-24:1", fileA, fileA1, fileB))
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 {
			t.Fatalf("first render: %d notices, want 5 (province, city inbox and mail, county, robot)", n)
		}
		all, err := w.Notices(ctx, warehouse.NoticeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, nt := range all {
			switch nt.Recipient {
			case "account:countya":
				if strings.Contains(nt.Body, "东川市") || strings.Contains(nt.Body, "临江市") || !strings.Contains(nt.Body, "新文件 1 个") {
					t.Errorf("county hears of what is not its own: %q", nt.Body)
				}
			case "account:citya":
				if strings.Contains(nt.Body, "临江市") || !strings.Contains(nt.Body, "东川区") || !strings.Contains(nt.Body, "新文件 2 个") {
					t.Errorf("city notice out of scope: %q", nt.Body)
				}
			case "robot:cityb":
				if strings.Contains(nt.Body, "东川") || !strings.Contains(nt.Body, "临江市") {
					t.Errorf("robot of 临江市 hears of 东川: %q", nt.Body)
				}
			}
			if nt.Channel == notify.Inbox && nt.State != warehouse.NoticeSent {
				t.Errorf("inbox notice %d is %s, want sent", nt.ID, nt.State)
			}
		}
		// The same render recorded again (a second instance, a restart): nothing.
		if n, err := rec.Record(ctx, generation("generation:2026-11-24:1", fileA, fileA1, fileB)); err != nil || n != 0 {
			t.Fatalf("same event again: %d notices, %v", n, err)
		}
		// A re-render of unchanged data: a new generation, the same files.
		if n, err := rec.Record(ctx, generation("generation:2026-11-24:2", fileA, fileA1, fileB)); err != nil || n != 0 {
			t.Fatalf("unchanged re-render: %d notices, %v", n, err)
		}
		// One city's file changed: only those who see that city hear.
		n, err = rec.Record(ctx, generation("generation:2026-11-24:3", fileA, fileA1, fileB2))
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("changed file of 临江市: %d notices, want 2 (province, its robot)", n)
		}
		// A province file: the province alone.
		if n, _ := rec.Record(ctx, generation("generation:2026-11-24:4", fileA, fileNew)); n != 1 {
			t.Fatalf("province file: %d notices, want 1", n)
		}
	})
}

func TestTwoInstancesRecordOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w1, w2 := open(t, dsn), open(t, dsn)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			w := w1
			if i%2 == 1 {
				w = w2
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := recorder(w).Record(ctx, generation("generation:2026-11-24:1", fileA, fileA1, fileB)); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			// SQLite's one writer may make a racing instance wait, not fail.
			t.Fatal(err)
		}
		all, err := w1.Notices(ctx, warehouse.NoticeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 5 {
			t.Fatalf("%d notices after 8 racing records, want 5", len(all))
		}
	})
}

func TestNonFileEventsFollowScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := open(t, dsn)
		ev := notify.Event{Key: "appeal-ruled:7", Kind: notify.KindAppealRule, Unit: countyA,
			Title: "申诉已裁决", Link: "/unit/990101", At: t0}
		n, err := recorder(w).Record(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 { // province, city inbox, city mail, county; not the robot of 临江市
			t.Fatalf("%d notices, want 4", n)
		}
		got, _ := w.Notices(ctx, warehouse.NoticeFilter{Recipient: "robot:cityb"})
		if len(got) != 0 {
			t.Fatalf("临江市's robot heard of 东川区's appeal")
		}
	})
}

func TestInboxReadAndUnread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := open(t, dsn)
		rec := recorder(w)
		rec.Record(ctx, generation("generation:2026-11-24:1", fileA, fileA1, fileB))
		rec.Record(ctx, notify.Event{Key: "stale:990101", Kind: notify.KindStale, Unit: countyA, Title: "数据已逾期未更新", At: t0})
		if n, _ := w.UnreadNotices(ctx, "account:countya"); n != 2 {
			t.Fatalf("county unread %d, want 2", n)
		}
		mine, _ := w.Notices(ctx, warehouse.NoticeFilter{Recipient: "account:countya", Channel: notify.Inbox})
		theirs, _ := w.Notices(ctx, warehouse.NoticeFilter{Recipient: "account:citya", Channel: notify.Inbox})
		// Marking another account's notice read does nothing.
		if err := w.MarkNoticesRead(ctx, "account:countya", theirs[0].ID, t0); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.UnreadNotices(ctx, "account:citya"); n != 2 {
			t.Fatalf("city unread %d after the county marked its notice, want 2", n)
		}
		w.MarkNoticesRead(ctx, "account:countya", mine[0].ID, t0)
		if n, _ := w.UnreadNotices(ctx, "account:countya"); n != 1 {
			t.Fatalf("county unread %d, want 1", n)
		}
		w.MarkNoticesRead(ctx, "account:countya", 0, t0)
		if n, _ := w.UnreadNotices(ctx, "account:countya"); n != 0 {
			t.Fatalf("county unread %d after marking all, want 0", n)
		}
		if k, err := w.PurgeInbox(ctx, t0.Add(time.Second)); err != nil || k != 6 {
			t.Fatalf("purge: %d, %v (want the 6 inbox notices)", k, err)
		}
	})
}

func TestIngestEventsSetAsideAndStaleOncePerStretch(t *testing.T) {
	reg := demotest.Registry(t)
	now := t0
	pulls := []warehouse.PullStatus{
		{Bureau: cityA, PullID: 9, Outcome: warehouse.PullOK, Tables: map[string]warehouse.TableCounts{"hazards": {Rejected: 3}, "enterprises": {Rejected: 1}},
			LastGoodID: 9, LastGoodFinished: now.Add(-time.Hour)},
		{Bureau: cityB, PullID: 12, Outcome: warehouse.PullUnreachable, LastGoodID: 4, LastGoodFinished: now.Add(-80 * time.Hour)},
		{Bureau: "990300", PullID: 2, Outcome: warehouse.PullRefused},
	}
	evs := notify.IngestEvents(pulls, reg, now, 72*time.Hour)
	var keys []string
	for _, e := range evs {
		keys = append(keys, e.Key+" "+e.Title)
	}
	want := []string{"set-aside:990100:9 东川市本次拉取有4行数据被搁置", "stale:990200:4 催报：临江市数据已80小时未成功更新", "stale:990300:0 催报：" + reg.Name("990300") + "数据从未成功拉取"}
	if strings.Join(keys, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(keys, "\n"), strings.Join(want, "\n"))
	}
	// An hour later, still stale since the same good pull: the same key, so no second 催报.
	later := notify.IngestEvents(pulls, reg, now.Add(time.Hour), 72*time.Hour)
	if later[1].Key != evs[1].Key {
		t.Errorf("the same stretch of staleness has a new key: %s", later[1].Key)
	}
}

// TestFilesFollowTheFileRule: a province document addressed to the counties
// (the 通报) reaches a county whose file rule allows it, though the county
// does not see the province's unit; another province file does not.
func TestFilesFollowTheFileRule(t *testing.T) {
	ctx := context.Background()
	w := open(t, dbtest.New(t, "sqlite"))
	county := notify.Recipient{Key: "account:countya", Channel: notify.Inbox, Sees: under(countyA),
		SeesFile: func(f notify.File) bool { return under(countyA)(f.Unit) || f.Kind == "yearend_summary" }}
	rec := notify.Recorder{Store: w, Recipients: func(context.Context) ([]notify.Recipient, error) { return []notify.Recipient{county}, nil }}
	summary := notify.File{Path: "province/yearend-summary.pdf", Kind: "yearend_summary", Unit: province, SHA256: strings.Repeat("f", 64)}
	progress := notify.File{Path: "province/progress-report.pdf", Kind: "progress_report", Unit: province, SHA256: strings.Repeat("9", 64)}
	if n, err := rec.Record(ctx, generation("generation:x", summary, progress)); err != nil || n != 1 {
		t.Fatalf("%d notices, %v; want the county told of the 通报", n, err)
	}
	got, _ := w.Notices(ctx, warehouse.NoticeFilter{Recipient: "account:countya"})
	if len(got) != 1 || !strings.Contains(got[0].Body, "新文件 1 个") {
		t.Fatalf("county notice %+v: want one new file", got)
	}
}
