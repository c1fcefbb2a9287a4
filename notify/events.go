package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// Store is the part of the warehouse events are recorded in.
type Store interface {
	EnqueueNotices(ctx context.Context, notices []warehouse.Notice, told []warehouse.ToldFile) (int, error)
	ToldFiles(ctx context.Context, recipient, channel string) (map[string]bool, error)
	RecordEvent(ctx context.Context, key, kind string, at time.Time) (bool, error)
	EventRecorded(ctx context.Context, key string) (bool, error)
}

// Recorder turns events into notices in the outbox.
type Recorder struct {
	Store Store
	// Recipients lists everyone who may hear of something, each with the
	// access rule's answer for it, as of now: a disabled account hears nothing.
	Recipients func(ctx context.Context) ([]Recipient, error)
	// Spread is how far apart notices of one event may be sent.
	Spread time.Duration
}

// Record plans an event's notices and stores them; it returns how many were
// new. Recording the same event again — on another instance, after a crash
// between publishing and recording, on a retry — stores nothing twice: each
// notice's key is unique and files already told are not told again. The
// event is marked recorded only after its notices are stored.
func (r Recorder) Record(ctx context.Context, ev Event) (int, error) {
	recipients, err := r.Recipients(ctx)
	if err != nil {
		return 0, fmt.Errorf("notices: recipients: %w", err)
	}
	told := func(recipient, channel string) (map[string]bool, error) {
		return r.Store.ToldFiles(ctx, recipient, channel)
	}
	notices, files, err := Plan(ev, recipients, told, r.Spread)
	if err != nil {
		return 0, fmt.Errorf("notices: %w", err)
	}
	added, err := r.Store.EnqueueNotices(ctx, notices, files)
	if err != nil {
		return 0, err
	}
	if _, err := r.Store.RecordEvent(ctx, ev.Key, ev.Kind, ev.At); err != nil {
		return added, err
	}
	return added, nil
}

// RecordOnce records an event unless it was recorded before: the cheap path
// for events found again at every start (the published generations).
func (r Recorder) RecordOnce(ctx context.Context, ev Event) (int, error) {
	done, err := r.Store.EventRecorded(ctx, ev.Key)
	if err != nil || done {
		return 0, err
	}
	return r.Record(ctx, ev)
}

// Generation is a published set of one as-of date's reports.
type Generation struct {
	AsOf zhengzhi.Date
	// Files are the set's files: two sets with the same files (paths and
	// contents) are the same reports, and one event.
	Files []File
	// Results are the stored assessments of the date, for a line per unit.
	Results []*zhengzhi.Assessment
}

// GenerationEvent is the event of a published generation: per recipient,
// the files it sees and has not been told of, and a line for each unit it
// sees, with its grade, its rank among the units assessed and, past open,
// the result's standing ("东川市 市局目标责任制考核（公示稿） 46.38分，不合格，第8名（共12个）").
func GenerationEvent(g Generation, reg *zhengzhi.Registry, at time.Time) Event {
	h := sha256.New()
	for _, f := range g.Files {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", f.Path, f.Unit, f.SHA256)
	}
	sum := h.Sum(nil)
	ev := Event{
		Key:   "generation:" + g.AsOf.String() + ":" + hex.EncodeToString(sum[:8]),
		Kind:  KindGeneration,
		Title: ChineseDate(g.AsOf) + "考核结果和报告已更新",
		Link:  "/?as_of=" + g.AsOf.String(),
		Files: g.Files,
		At:    at,
	}
	for _, a := range g.Results {
		name := a.RuleSet.Short
		if name == "" {
			name = a.RuleSet.Title
		}
		if mark := a.StateMark(); mark != "" {
			name += "（" + mark + "）"
		}
		for _, sc := range a.Units {
			ev.Lines = append(ev.Lines, Line{Unit: sc.Unit.Code,
				Text: fmt.Sprintf("%s %s %s分，%s，第%d名（共%d个）", reg.Name(sc.Unit.Code), name, sc.Total.String(), sc.Grade, sc.Rank, len(a.Units))})
		}
	}
	return ev
}

// ChineseDate writes a date as 2026年11月24日.
func ChineseDate(d zhengzhi.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// IngestEvents are the events the bureaus' latest pulls leave: a pull that
// set rows aside (the office should correct them at the source), and a
// bureau whose last good pull is older than staleAfter (催报), once per
// stretch of staleness — its key names the last good pull.
func IngestEvents(pulls []warehouse.PullStatus, reg *zhengzhi.Registry, now time.Time, staleAfter time.Duration) []Event {
	var out []Event
	for _, p := range pulls {
		name := reg.Name(p.Bureau)
		link := "/quality/" + p.Bureau
		rejected := 0
		for _, c := range p.Tables {
			rejected += c.Rejected
		}
		if p.Outcome == warehouse.PullOK && rejected > 0 {
			out = append(out, Event{Key: fmt.Sprintf("set-aside:%s:%d", p.Bureau, p.PullID), Kind: KindSetAside, Unit: p.Bureau,
				Title: fmt.Sprintf("%s本次拉取有%d行数据被搁置", name, rejected),
				Lines: []Line{{Unit: p.Bureau, Text: "请在数据质量页查看每行的原因，并在本单位系统中更正。"}},
				Link:  link, At: now})
		}
		if staleAfter > 0 && (p.LastGoodID == 0 || now.Sub(p.LastGoodFinished) > staleAfter) {
			since := "从未成功拉取"
			if p.LastGoodID != 0 {
				since = fmt.Sprintf("已%d小时未成功更新", int(now.Sub(p.LastGoodFinished).Hours()))
			}
			out = append(out, Event{Key: fmt.Sprintf("stale:%s:%d", p.Bureau, p.LastGoodID), Kind: KindStale, Unit: p.Bureau,
				Title: fmt.Sprintf("催报：%s数据%s", name, since),
				Lines: []Line{{Unit: p.Bureau, Text: "请检查本单位数据库的连接和报送，尽快恢复更新。"}},
				Link:  link, At: now})
		}
	}
	return out
}
