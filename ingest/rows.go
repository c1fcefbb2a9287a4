package ingest

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"

	"zhengzhi/contract"
)

// issueValueLen is the longest value, in characters, a data-issue record
// keeps of each raw value: enough to recognise it, and small enough that a
// record fits any engine's statement (MySQL's max_allowed_packet) whatever
// the bureau wrote.
const issueValueLen = 500

// keyless reports whether a source row's id cannot name it: missing, blank,
// beginning or ending with a space (MariaDB's PAD SPACE collations take
// 'H-1 ' for 'H-1'), or longer than the warehouse keeps (contract.IDLen; such
// an id is itself a rejected value, shown whole in the raw row). Such rows are set
// aside under a copy key (see tablePull) and found again by a query that
// asks for exactly these ids.
func keyless(id any) bool {
	s, ok := contract.RawString(id)
	if !ok || s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	return len(s) > contract.IDLen && utf8.RuneCountInString(s) > contract.IDLen
}

// rowHash fingerprints a source row as the driver returned it (FNV-1a over
// each value with its kind and length), so that a row read again can be
// told unchanged without reading the warehouse's copy of it.
func rowHash(raw []any) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	word := func(kind byte, v uint64) {
		h = (h ^ uint64(kind)) * prime
		for i := 0; i < 8; i++ {
			h = (h ^ (v & 0xff)) * prime
			v >>= 8
		}
	}
	text := func(s string) {
		word('s', uint64(len(s)))
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
	}
	for _, v := range raw {
		switch x := v.(type) {
		case nil:
			word('n', 0)
		case string:
			text(x)
		case []byte:
			text(string(x))
		case int64:
			word('i', uint64(x))
		case float64:
			word('f', math.Float64bits(x))
		case bool:
			if x {
				word('b', 1)
			} else {
				word('b', 0)
			}
		case time.Time:
			word('t', uint64(x.UnixMicro()))
		default:
			s, _ := contract.RawString(x)
			text(s)
		}
	}
	return h
}

// storable is text as the warehouse of any engine can store it: bytes that
// are not UTF-8 replaced by U+FFFD, NUL written \x00.
func storable(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", `\x00`)
}

// shown is a raw value as a data-issue record keeps it: storable, and cut
// to issueValueLen characters with its whole length said.
func shown(s string) string {
	s = storable(s)
	if len(s) <= issueValueLen {
		return s
	}
	n := utf8.RuneCountInString(s)
	if n <= issueValueLen {
		return s
	}
	return zhengzhi.Clip(s, issueValueLen, "") + "…（共 " + strconv.Itoa(n) + " 字，已截断）"
}

// rawJSON writes a source row as a JSON object in column order, values as
// text the way the bureau's database shows them (each cut as shown does),
// null for NULL.
func rawJSON(t *contract.Table, raw []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Name)
		b.Write(k)
		b.WriteByte(':')
		if s, ok := contract.RawString(raw[i]); ok {
			v, _ := json.Marshal(shown(s))
			b.Write(v)
		} else {
			b.WriteString("null")
		}
	}
	b.WriteByte('}')
	return b.String()
}

// keys lists a map's keys in order.
func keys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func hex16(v uint64) string {
	s := strconv.FormatUint(v, 16)
	return strings.Repeat("0", 16-len(s)) + s
}

func itoa(n int) string { return strconv.Itoa(n) }
