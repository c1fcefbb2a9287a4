package ingest

import (
	"encoding/json"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
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

// unstorable reports whether an id holds bytes no warehouse can keep — a
// NUL, or bytes that are not UTF-8 — and so can never be the key of a
// loaded row: its storable form may even be another row's id (the literal
// text `\x00`), or that of another such id (every invalid byte reads
// U+FFFD). Such a row is set aside under a rawIDKey.
func unstorable(id string) bool {
	return storable(id) != id
}

// rawIDCopy begins the copy key of a row set aside for an unstorable id;
// the copy keys of the other rows without a usable id are hex digits only.
const rawIDCopy = "id-"

// rawIDKey is the data_issues key of a row whose id is unstorable: its id
// as storable shows it, cut to the length kept, and a copy that is a
// fingerprint (FNV-1a) of the id's own bytes — so that two ids that read
// alike once stored are never one key, and an id keeps its key on every
// pull, whatever else of the row changes, until the bureau fixes it.
func rawIDKey(id string) warehouse.RowKey {
	h := fnv.New64a()
	h.Write([]byte(id))
	return warehouse.RowKey{ID: zhengzhi.Clip(storable(id), contract.IDLen, ""), Copy: rawIDCopy + hex16(h.Sum64())}
}

// isRawIDKey reports whether a data_issues key is a rawIDKey.
func isRawIDKey(k warehouse.RowKey) bool {
	return strings.HasPrefix(k.Copy, rawIDCopy)
}

// unusualIDs is, per source engine, a condition that holds for every id
// that may be unstorable: one with a NUL or a byte outside printable ASCII.
// It takes more than those (every id with a Chinese character, say), which
// read sorts out, but no unstorable id escapes it: it is what finds these
// rows again, since their ids cannot be asked for by value. SQLite's GLOB
// reads each byte that is not UTF-8 as U+FFFD but stops at a NUL, which
// instr over the bytes finds; PostgreSQL text holds no NUL, and bytes that
// are not UTF-8 only in a SQL_ASCII database, where each is a character
// of its own; on MySQL the hexadecimal form is searched byte by byte, since
// MySQL 8's REGEXP refuses binary strings.
var unusualIDs = map[sqldb.Dialect]string{
	sqldb.SQLite:   `(id GLOB '*[^ -~]*' OR instr(CAST(id AS BLOB), X'00') > 0)`,
	sqldb.Postgres: `id ~ '[^ -~]'`,
	sqldb.MySQL:    `HEX(id) REGEXP '^(..)*(00|[89A-F].)'`,
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
