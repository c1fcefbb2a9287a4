package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"zhengzhi/sqldb"
)

// openBureau gives an empty bureau database with the contract's tables: a
// SQLite file is removed and made anew (with its folder); on PostgreSQL and
// MySQL the twelve tables are dropped and created again, leaving anything
// else in that database alone.
func openBureau(ctx context.Context, dsn string) (*sqldb.DB, error) {
	dialect, _, _, err := sqldb.Parse(dsn)
	if err != nil {
		return nil, err
	}
	if dialect == sqldb.SQLite {
		if err := removeSQLite(dsn); err != nil {
			return nil, err
		}
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := createContractTables(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", db.Name, err)
	}
	return db, nil
}

// removeSQLite deletes a SQLite file and its WAL companions and makes its folder.
func removeSQLite(dsn string) error {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	path, _, _ = strings.Cut(path, "?")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the old bureau file: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("make the bureau folder: %w", err)
	}
	return nil
}

// createContractTables runs the contract's DDL (ContractDDL) after dropping
// the tables it makes.
func createContractTables(ctx context.Context, db *sqldb.DB) error {
	ddl, err := ContractDDL(db.Dialect)
	if err != nil {
		return err
	}
	for _, t := range append(slices.Clone(Tables), markerTable) {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			return fmt.Errorf("drop table %s: %w", t, err)
		}
	}
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create the contract tables: %w\n%s", err, stmt)
		}
	}
	return nil
}
