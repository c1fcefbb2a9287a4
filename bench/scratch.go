package bench

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"zhengzhi/sqldb"
)

// scratchWarehouse makes a fresh, empty warehouse database for the run on
// the engine the user named, and returns its DSN and a function that removes
// it. The database the user named is never touched beyond connecting to it:
// on PostgreSQL and MySQL a database zz_bench_<pid> is created beside it on
// the same server; for SQLite a file in dir.
func scratchWarehouse(ctx context.Context, dsn, dir string) (string, func(), error) {
	dialect, _, _, err := sqldb.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	if dialect == sqldb.SQLite {
		return "sqlite:" + filepath.Join(dir, "warehouse.db"), func() {}, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("warehouse dsn %s: %w", sqldb.Mask(dsn), err)
	}
	name := fmt.Sprintf("zz_bench_%d", os.Getpid())
	admin, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("connect to the server of %s to make the scratch database %s: %w", sqldb.Mask(dsn), name, err)
	}
	defer admin.Close()
	// A scratch database of an earlier run that died has the same name only
	// if the pid came round again; it is ours to replace.
	if _, err := admin.ExecContext(ctx, dropDatabase(dialect, name)); err != nil {
		return "", nil, fmt.Errorf("drop stale scratch database %s: %w", name, err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		return "", nil, fmt.Errorf("create scratch database %s on %s: %w", name, sqldb.Mask(dsn), err)
	}
	scratch := *u
	scratch.Path = "/" + name
	drop := func() {
		// The run's context may be cancelled by now; the drop must still happen.
		db, err := sqldb.Open(context.WithoutCancel(ctx), dsn)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: could not drop scratch database %s: %v\n", name, err)
			return
		}
		defer db.Close()
		if _, err := db.ExecContext(context.WithoutCancel(ctx), dropDatabase(dialect, name)); err != nil {
			fmt.Fprintf(os.Stderr, "bench: could not drop scratch database %s: %v\n", name, err)
		}
	}
	return scratch.String(), drop, nil
}

// dropDatabase drops a database even while connections to it remain open
// (PostgreSQL's FORCE, from version 13, ends them).
func dropDatabase(d sqldb.Dialect, name string) string {
	if d == sqldb.Postgres {
		return `DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`
	}
	return `DROP DATABASE IF EXISTS ` + name
}

// dialectOf names the engine of a DSN.
func dialectOf(dsn string) string {
	d, _, _, err := sqldb.Parse(dsn)
	if err != nil {
		return strings.SplitN(dsn, ":", 2)[0]
	}
	return string(d)
}
