package contract

import (
	"strings"
	"sync"
	"time"
)

// The words a clerk reads. A reason is stored as the contract's checks write
// it — each column named with its column name, 隐患等级(severity), and each
// enumeration value the reason quotes with its label, general（一般隐患） —
// so that whoever keeps a bureau's database can find both. Every page and
// preview that shows a reason to a clerk passes it through Names.Plain, and
// every value through Names.ValueTitle, so that a clerk reads the same words
// wherever a row is set aside: the 填报 preview and confirmation and the
// data-quality page.

// ValueTitle is a stored value as a clerk reads it: an enumeration's value
// by its Chinese label (防爆电气, not explosion_proof); a point in time
// written with its zone (2026-11-24T16:06:57Z) on zone's wall clock, as the
// reasons write it (2026-11-25 00:06:57; nil zone is UTC); any other value,
// and a value the enumeration does not know, as it is.
func (Names) ValueTitle(table, column, value string, zone *time.Location) string {
	t, ok := Lookup(table)
	if !ok {
		return value
	}
	i := t.Index(column)
	if i < 0 {
		return value
	}
	switch t.Columns[i].Kind {
	case Enum:
		return t.Columns[i].Enum.Label(value)
	case Timestamp:
		if ts, err := time.Parse(time.RFC3339Nano, value); err == nil {
			if zone == nil {
				zone = time.UTC
			}
			return ts.In(zone).Format(timeShown)
		}
	}
	return value
}

// Plain rewrites a reason stored for a row of a table for a clerk: each of
// the table's columns named as "统一社会信用代码(uscc)" is named by its
// Chinese name alone, and each enumeration value the reason quotes with its
// label ("explosion_proof（防爆电气）") by the label — the words a 填报
// workbook's drop-down offers.
func (Names) Plain(table, reason string) string {
	if r, ok := plainWords()[table]; ok {
		return r.Replace(reason)
	}
	return reason
}

// plainWords are Plain's rewritings, by table, made once.
var plainWords = sync.OnceValue(func() map[string]*strings.Replacer {
	out := map[string]*strings.Replacer{}
	for _, t := range tables {
		var pairs []string
		for _, c := range t.Columns {
			pairs = append(pairs, c.Label(), c.Title)
			if c.Kind == Enum {
				for _, v := range c.Enum.Values {
					pairs = append(pairs, v+"（"+c.Enum.Label(v)+"）", c.Enum.Label(v))
				}
			}
		}
		out[t.Name] = strings.NewReplacer(pairs...)
	}
	return out
})
