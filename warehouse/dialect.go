package warehouse

import (
	"strings"

	"zhengzhi/sqldb"
)

// The few places the engines spell the warehouse's SQL differently, kept
// together so that a reader finds every difference here. What differs in
// behaviour rather than in spelling — PostgreSQL's COPY, the session locks
// against SQLite's lease row, the migration lock — stays with the code it
// serves; the new row's id is sqldb.InsertID; the report queries' variants
// are the SQL templates' functions (sqlFuncs).

// upsert ends an INSERT so that a row whose key (the columns of key, a
// unique key of the table) is already stored takes the new row's values of
// the columns in set instead: ON DUPLICATE KEY UPDATE on MySQL, ON CONFLICT
// on PostgreSQL and SQLite.
func upsert(d sqldb.Dialect, key []string, set ...string) string {
	parts := make([]string, len(set))
	if d == sqldb.MySQL {
		for i, c := range set {
			parts[i] = c + " = VALUES(" + c + ")"
		}
		return "ON DUPLICATE KEY UPDATE " + strings.Join(parts, ", ")
	}
	for i, c := range set {
		parts[i] = c + " = excluded." + c
	}
	return "ON CONFLICT (" + strings.Join(key, ", ") + ") DO UPDATE SET " + strings.Join(parts, ", ")
}

// rowLock ends a SELECT in a transaction so that the rows it read stay
// locked until the transaction ends; SQLite has none, and needs none: its
// one writer serialises the transactions that write.
func rowLock(d sqldb.Dialect) string {
	if d == sqldb.SQLite {
		return ""
	}
	return " FOR UPDATE"
}

// constantsFrom is the FROM a SELECT of constants needs to carry a WHERE:
// MySQL wants a table (DUAL); the others need none.
func constantsFrom(d sqldb.Dialect) string {
	if d == sqldb.MySQL {
		return " FROM DUAL"
	}
	return ""
}
