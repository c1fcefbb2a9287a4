package warehouse

import (
	"fmt"
	"strings"

	"zhengzhi/sqldb"
)

// The few places the engines spell the warehouse's SQL differently, kept
// together so that a reader finds every difference here: one spelling per
// engine, for the schema migrations' DDL (see migrations.go) and for the
// statements. What differs in behaviour rather than in spelling —
// PostgreSQL's COPY, the session locks against SQLite's lease row, the
// migration lock — stays with the code it serves; the new row's id is
// sqldb.InsertID; the report queries' variants are the SQL templates'
// functions (sqlFuncs).

// spelling is one engine's words for what the warehouse says alike on every
// engine.
type spelling struct {
	// timestamp is a point in time, kept to the microsecond.
	timestamp string
	// identity is an id column the engine numbers, with its primary key.
	identity string
	// flag is a 0/1 column; integer a contract table's whole number.
	flag, integer string
	// boolean is a true/false column and yes, no its literals.
	boolean, yes, no string
	// blob is bytes; longText is text longer than a VARCHAR holds.
	blob, longText string
	// bounded: a text of at most n characters is a VARCHAR(n) — MySQL
	// cannot key or index TEXT without a prefix; the others store TEXT.
	bounded bool
	// tableOptions end every CREATE TABLE.
	tableOptions string
	// dropPrimaryKey drops a table's primary key in an ALTER TABLE (SQLite
	// cannot: its migrations make the table anew).
	dropPrimaryKey func(table string) string
	// rowLock ends a SELECT in a transaction so that the rows it read stay
	// locked until the transaction ends; SQLite has none, and needs none:
	// its one writer serialises the transactions that write.
	rowLock string
	// constantsFrom is the FROM a SELECT of constants needs to carry a
	// WHERE: MySQL wants a table (DUAL); the others need none.
	constantsFrom string
	// insertIgnore begins, and onConflictNothing ends, an INSERT that skips
	// a row whose unique key is already stored.
	insertIgnore, onConflictNothing string
	// daysBetween is the whole days from one DATE expression to another.
	daysBetween func(from, to string) string
	// analyze refreshes the planner's statistics of the tables named.
	analyze func(tables []string) []string
	// joinInOrder is a JOIN the planner must drive in the written order,
	// and forceIndex tells that the report queries name the index a
	// correlated lookup must use: MySQL plans them badly otherwise (sqlFuncs).
	joinInOrder string
	forceIndex  bool
	// begin starts a transaction by hand; SQLite takes the write lock at
	// once, as the warehouse's own loads do.
	begin string
}

// spellings holds each engine's spelling.
var spellings = map[sqldb.Dialect]spelling{
	sqldb.SQLite: {
		timestamp: "TIMESTAMP", identity: "INTEGER PRIMARY KEY",
		flag: "INTEGER", integer: "INTEGER", boolean: "INTEGER", yes: "1", no: "0",
		blob: "BLOB", longText: "TEXT",
		insertIgnore:      "INSERT",
		onConflictNothing: " ON CONFLICT DO NOTHING",
		daysBetween:       func(from, to string) string { return "(julianday(" + to + ") - julianday(" + from + "))" },
		// SQLite analyses every table; a sample keeps it cheap.
		analyze:     func([]string) []string { return []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`} },
		begin:       "BEGIN IMMEDIATE",
		joinInOrder: "JOIN",
	},
	sqldb.Postgres: {
		timestamp: "TIMESTAMPTZ", identity: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
		flag: "SMALLINT", integer: "INTEGER", boolean: "BOOLEAN", yes: "TRUE", no: "FALSE",
		blob: "BYTEA", longText: "TEXT",
		dropPrimaryKey:    func(table string) string { return "DROP CONSTRAINT " + table + "_pkey" },
		rowLock:           " FOR UPDATE",
		insertIgnore:      "INSERT",
		onConflictNothing: " ON CONFLICT DO NOTHING",
		daysBetween:       func(from, to string) string { return "(" + to + " - " + from + ")" },
		analyze:           func(tables []string) []string { return []string{`ANALYZE ` + strings.Join(tables, ", ")} },
		begin:             "BEGIN",
		joinInOrder:       "JOIN",
	},
	sqldb.MySQL: {
		timestamp: "DATETIME(6)", identity: "BIGINT AUTO_INCREMENT PRIMARY KEY",
		flag: "TINYINT", integer: "INT", boolean: "TINYINT", yes: "1", no: "0",
		blob: "LONGBLOB", longText: "MEDIUMTEXT", bounded: true,
		tableOptions:   " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
		dropPrimaryKey: func(string) string { return "DROP PRIMARY KEY" },
		rowLock:        " FOR UPDATE",
		constantsFrom:  " FROM DUAL",
		insertIgnore:   "INSERT IGNORE",
		daysBetween:    func(from, to string) string { return "DATEDIFF(" + to + ", " + from + ")" },
		analyze:        func(tables []string) []string { return []string{`ANALYZE TABLE ` + strings.Join(tables, ", ")} },
		begin:          "BEGIN",
		joinInOrder:    "STRAIGHT_JOIN",
		forceIndex:     true,
	},
}

// spellingOf is the engine's spelling; sqldb.Open knows no other engines.
func spellingOf(d sqldb.Dialect) spelling { return spellings[d] }

// varchar is the type of a text of at most n characters.
func (s spelling) varchar(n int) string {
	if s.bounded {
		return fmt.Sprintf("VARCHAR(%d)", n)
	}
	return "TEXT"
}

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
// locked until the transaction ends (spelling.rowLock).
func rowLock(d sqldb.Dialect) string { return spellingOf(d).rowLock }

// constantsFrom is the FROM a SELECT of constants needs to carry a WHERE
// (spelling.constantsFrom).
func constantsFrom(d sqldb.Dialect) string { return spellingOf(d).constantsFrom }
