package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"zhengzhi/sqldb"
)

// markerTable is the table seed writes into every bureau database it
// generates, with the number of rows it wrote into each table: what tells a
// database seed may replace from a bureau's real one.
const markerTable = "zhengzhi_seed_rows"

// ErrForeignRows marks a source that holds rows seed did not write: seed
// replaces it only when told to (Options.Force).
var ErrForeignRows = errors.New("数据源中有不是 seed 写入的数据")

// foreignRows reads a bureau database without writing to it and says which
// of its tables hold rows seed did not write — a table with more or fewer
// rows than seed's marker records, or any rows at all where there is no
// marker — "" when none does (or when there is no database yet). On SQLite
// every table counts, since seed replaces the whole file; on a server only
// the contract's, the only ones seed drops.
func foreignRows(ctx context.Context, dsn string) (string, error) {
	dialect, _, _, err := sqldb.Parse(dsn)
	if err != nil {
		return "", err
	}
	if path, ok := sqldb.SQLiteFile(dsn); ok {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
	}
	db, err := sqldb.OpenReadOnly(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var tables []string
	switch dialect {
	case sqldb.SQLite:
		err = db.SelectContext(ctx, &tables, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	case sqldb.Postgres:
		err = db.SelectContext(ctx, &tables, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	default:
		err = db.SelectContext(ctx, &tables, `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()`)
	}
	if err != nil {
		return "", fmt.Errorf("list the tables: %w", err)
	}
	for i := range tables {
		tables[i] = strings.ToLower(tables[i])
	}
	wrote := map[string]int{}
	if slices.Contains(tables, markerTable) {
		rows, err := db.QueryContext(ctx, `SELECT table_name, row_count FROM `+markerTable)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", markerTable, err)
		}
		for rows.Next() {
			var name string
			var n int
			if err := rows.Scan(&name, &n); err != nil {
				rows.Close()
				return "", err
			}
			wrote[name] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	var foreign []string
	for _, t := range tables {
		if t == markerTable || (dialect != sqldb.SQLite && !slices.Contains(Tables, t)) {
			continue
		}
		var n int
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+t); err != nil {
			return "", fmt.Errorf("count %s: %w", t, err)
		}
		if n != wrote[t] {
			foreign = append(foreign, t+" 表 "+strconv.Itoa(n)+" 行")
		}
	}
	slices.Sort(foreign)
	return strings.Join(foreign, "、"), nil
}

// writeMarker records, in the database just generated, how many rows each
// contract table holds: a later seed may replace it without --force.
func writeMarker(ctx context.Context, db *sqldb.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE `+markerTable+` (table_name VARCHAR(64) PRIMARY KEY, row_count BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create %s: %w", markerTable, err)
	}
	for _, t := range Tables {
		var n int
		if err := db.GetContext(ctx, &n, `SELECT COUNT(*) FROM `+t); err != nil {
			return fmt.Errorf("count %s: %w", t, err)
		}
		if _, err := db.ExecContext(ctx, db.Rebind(`INSERT INTO `+markerTable+` (table_name, row_count) VALUES (?, ?)`), t, n); err != nil {
			return fmt.Errorf("write %s: %w", markerTable, err)
		}
	}
	return nil
}
