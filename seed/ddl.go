package seed

import (
	"fmt"
	"strings"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// bureauTypes are one engine's column types for a bureau database. Dates are
// kept as YYYY-MM-DD text (the contract allows it), so that a clerk's
// unreadable date reaches zhengzhi and is reported instead of being refused
// by the engine.
type bureauTypes struct {
	// text is a text column's type for its longest value (0: unlimited).
	text                              func(maxLen int) string
	uscc, code, enum, date, flag, num string
	timestamp                         string
	tableOptions                      string // after the closing parenthesis
}

// bureauEngines holds each engine's types: the one place the bureau DDL
// differs from engine to engine.
var bureauEngines = map[sqldb.Dialect]bureauTypes{
	sqldb.SQLite: {text: func(int) string { return "TEXT" }, uscc: "TEXT", code: "TEXT", enum: "TEXT",
		date: "VARCHAR(32)", flag: "INTEGER", num: "INTEGER", timestamp: "TIMESTAMP"},
	sqldb.Postgres: {text: func(int) string { return "TEXT" }, uscc: "TEXT", code: "TEXT", enum: "TEXT",
		date: "VARCHAR(32)", flag: "SMALLINT", num: "INTEGER", timestamp: "TIMESTAMPTZ"},
	// MySQL cannot key or index TEXT without a prefix: bounded texts are VARCHARs.
	sqldb.MySQL: {text: func(n int) string {
		if n == 0 || n > 255 {
			return "TEXT"
		}
		return fmt.Sprintf("VARCHAR(%d)", n)
	}, uscc: "VARCHAR(32)", code: "VARCHAR(16)", enum: "VARCHAR(32)",
		date: "VARCHAR(32)", flag: "TINYINT", num: "INT", timestamp: "DATETIME(6)",
		tableOptions: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"},
}

// ContractDDL is the bureau data contract's DDL on an engine, made from the
// contract's one definition (contract.Tables): per table a CREATE TABLE, the
// columns in contract order with id the primary key, and an index on
// updated_at, which the incremental pulls read by. The demo generator and the
// tests lay out bureau databases with it; zhengzhi itself only reads them.
func ContractDDL(d sqldb.Dialect) ([]string, error) {
	types, ok := bureauEngines[d]
	if !ok {
		return nil, fmt.Errorf("no bureau DDL for engine %q", d)
	}
	var out []string
	for _, t := range contract.Tables() {
		lines := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			line := "    " + c.Name + " " + types.of(c)
			if !c.Nullable {
				line += " NOT NULL"
			}
			switch c.Name {
			case "id":
				line += " PRIMARY KEY"
			case "deleted":
				line += " DEFAULT 0"
			}
			lines[i] = line
		}
		out = append(out,
			"CREATE TABLE "+t.Name+" (\n"+strings.Join(lines, ",\n")+"\n)"+types.tableOptions,
			"CREATE INDEX "+t.Name+"_updated_at ON "+t.Name+" (updated_at)")
	}
	return out, nil
}

// of is a contract column's type.
func (b bureauTypes) of(c contract.Column) string {
	switch c.Kind {
	case contract.USCC:
		return b.uscc
	case contract.UnitCode, contract.CountyCode:
		return b.code
	case contract.Enum:
		return b.enum
	case contract.Date, contract.EventDate:
		return b.date
	case contract.Timestamp:
		return b.timestamp
	case contract.Flag:
		return b.flag
	case contract.Int:
		return b.num
	}
	return b.text(c.MaxLen)
}
