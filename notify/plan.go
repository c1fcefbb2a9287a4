// Package notify tells each reader that something of theirs is ready: an
// event (a published generation, an appeal filed or ruled, a period put into
// 公示, a deadline near, rows set aside, a bureau's data stale) becomes one
// notice per recipient and channel in the warehouse's outbox, and the
// deliverer sends what is due — to the portal's 通知 list, by mail and to the
// offices' group robots — retrying with backoff until it is sent or marked
// failed.
//
// Who hears of what is not decided here: a Recipient carries the access
// rule's answer for its account (or, for a robot, for its unit), and a
// notice names only the files and lines of units that answer allows. A
// notice carries titles, dates and a link; never a file, never a score of a
// unit the recipient may not see.
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"zhengzhi/warehouse"
)

// The channels a notice travels by.
const (
	Inbox = "inbox" // the portal's 通知 list
	Mail  = "mail"
	Robot = "robot" // an office's group robot (钉钉, 企业微信, 飞书, a JSON webhook)
)

// The kinds of event.
const (
	KindGeneration = "generation"   // a date's reports published
	KindPublicized = "publicized"   // a period's provisional results in 公示
	KindAppealFile = "appeal-filed" // an appeal filed
	KindAppealRule = "appeal-ruled" // an appeal ruled
	KindDeadline   = "deadline"     // an appeal window closes in two working days
	KindSetAside   = "set-aside"    // a bureau's rows set aside
	KindStale      = "stale"        // a bureau's data older than the config allows (催报)
)

// File is a published file an event tells of.
type File struct {
	Path   string
	Name   string
	Kind   string
	Unit   string
	SHA256 string
}

// Line is a sentence about one unit, told only to those who see that unit.
type Line struct {
	Unit string
	Text string
}

// Event is something readers should hear of.
type Event struct {
	// Key names the event once and for all: the same key is never planned twice.
	Key  string
	Kind string
	// Unit is the unit the event is about; for an event with files, each
	// file's own unit decides instead, and for one with Units, any of them.
	Unit string
	// Units are the units an event about many is about (a period put into
	// 公示 is about every unit it assesses): a recipient that sees any hears.
	Units []string
	Title string
	Lines []Line
	// Link is the portal path the notice points to.
	Link  string
	Files []File
	At    time.Time
}

// Recipient is an account or a robot on one channel, with the access rule's
// answer for it.
type Recipient struct {
	// Key is "account:<login>" or "robot:<name>".
	Key     string
	Channel string
	// Address is the mail address, or the robot's name.
	Address string
	// Sees is the access rule applied to this recipient: whether a unit's
	// pages and files are its to see.
	Sees func(unit string) bool
	// SeesFile, when set, is the rule for a published file (a province
	// document addressed to the recipient's level is its to see); unset,
	// Sees decides by the file's unit.
	SeesFile func(f File) bool
}

// seesFile applies the access rule to a published file.
func (r Recipient) seesFile(f File) bool {
	if r.SeesFile != nil {
		return r.SeesFile(f)
	}
	return r.Sees(f.Unit)
}

// Told gives the hashes of the files a recipient has been told of on a channel.
type Told func(recipient, channel string) (map[string]bool, error)

// Plan makes the notices of one event: for each recipient that sees what
// the event is about — for a generation, the files it sees and has not been
// told of — one notice naming only what it sees. The second result lists the
// files each notice tells of, to be recorded with it.
func Plan(ev Event, recipients []Recipient, told Told, spread time.Duration) ([]warehouse.Notice, []warehouse.ToldFile, error) {
	var notices []warehouse.Notice
	var files []warehouse.ToldFile
	for _, r := range recipients {
		if r.Sees == nil {
			continue
		}
		var fresh []File
		if len(ev.Files) > 0 {
			known, err := told(r.Key, r.Channel)
			if err != nil {
				return nil, nil, err
			}
			seen := map[string]bool{}
			for _, f := range ev.Files {
				if r.seesFile(f) && !known[f.SHA256] && !seen[f.SHA256] {
					seen[f.SHA256] = true
					fresh = append(fresh, f)
				}
			}
			if len(fresh) == 0 {
				continue
			}
		} else if !seesAny(r, ev) {
			continue
		}
		n := warehouse.Notice{
			Key:       Key(ev.Key, r.Key, r.Channel),
			Event:     ev.Key,
			Kind:      ev.Kind,
			Recipient: r.Key,
			Channel:   r.Channel,
			Address:   r.Address,
			Unit:      ev.Unit,
			Title:     ev.Title,
			Body:      body(ev, r, fresh),
			Link:      ev.Link,
			State:     warehouse.NoticePending,
			CreatedAt: ev.At,
			NextAt:    ev.At.Add(jitter(ev.Key+r.Key+r.Channel, spread)),
		}
		if r.Channel == Inbox {
			// The list in the portal is the delivery.
			n.State, n.SentAt, n.NextAt = warehouse.NoticeSent, ev.At, ev.At
		}
		notices = append(notices, n)
		for _, f := range fresh {
			files = append(files, warehouse.ToldFile{Recipient: r.Key, Channel: r.Channel, SHA256: f.SHA256})
		}
	}
	return notices, files, nil
}

// seesAny reports whether a recipient sees the unit of an event without
// files, or one of its units.
func seesAny(r Recipient, ev Event) bool {
	if len(ev.Units) == 0 {
		return r.Sees(ev.Unit)
	}
	for _, u := range ev.Units {
		if r.Sees(u) {
			return true
		}
	}
	return false
}

// Key is a notice's idempotency key: the SHA-256 of event, recipient and channel.
func Key(event, recipient, channel string) string {
	sum := sha256.Sum256([]byte(event + "\x00" + recipient + "\x00" + channel))
	return hex.EncodeToString(sum[:])
}

// body is the notice's text for one recipient: the lines about units it
// sees, in unit order, and how many new files it may fetch.
func body(ev Event, r Recipient, fresh []File) string {
	var b strings.Builder
	lines := append([]Line(nil), ev.Lines...)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Unit < lines[j].Unit })
	for _, l := range lines {
		if r.Sees(l.Unit) {
			b.WriteString(l.Text)
			b.WriteString("\n")
		}
	}
	if len(fresh) > 0 {
		fmt.Fprintf(&b, "可下载的新文件 %d 个。", len(fresh))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// jitter is a delay in [0, spread) that a key always gets, so notices are
// sent spread over a minute rather than all at once, the same on every instance.
func jitter(key string, spread time.Duration) time.Duration {
	if spread <= 0 {
		return 0
	}
	sum := sha256.Sum256([]byte(key))
	var v uint64
	for _, b := range sum[:8] {
		v = v<<8 | uint64(b)
	}
	return time.Duration(v % uint64(spread))
}
