package sqldb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
)

// OpenReadOnly opens a database zhengzhi only reads — a bureau's — so that
// opening and reading it changes nothing there, and works with an account
// that may only read (least privilege).
//
// A SQLite file is opened with mode=ro and no pragma that writes: its bytes,
// its journal mode and its folder stay as they were. How it is read depends on
// its journal mode, read from the file's header:
//   - a rollback-journal file (SQLite's default) is read with shared locks,
//     safe beside a bureau program writing it;
//   - a WAL file whose -shm file exists (a program has it open) is read
//     through that -shm, like any reader beside a writer;
//   - a WAL file without -shm (nobody has it open) cannot be read in WAL mode
//     without creating -wal and -shm beside it — which a read-only folder
//     forbids and which would be left behind — so it is opened immutable=1:
//     no lock, no file created. immutable is safe only while nobody writes,
//     so the file's size and modification time are taken now, and Changed
//     reports whether a writer came in meanwhile; the caller then discards
//     what it read.
//
// PostgreSQL sessions start with default_transaction_read_only=on and MySQL
// sessions with their transaction read only: a statement that writes fails
// on the server too.
func OpenReadOnly(ctx context.Context, dsn string) (*DB, error) {
	return OpenReadOnlyIn(ctx, dsn, time.UTC)
}

// OpenReadOnlyIn is OpenReadOnly for a database whose wall clock is zone: a
// SQLite timestamp written without a zone is read as a time there (the
// driver's own parsing of TIMESTAMP columns). On PostgreSQL and MySQL the
// reader knows from each column's type which values are wall times.
func OpenReadOnlyIn(ctx context.Context, dsn string, zone *time.Location) (*DB, error) {
	dialect, driver, source, err := Parse(dsn)
	if err != nil {
		return nil, err
	}
	var snap *fileSnapshot
	switch dialect {
	case SQLite:
		source, snap, err = readOnlySQLite(dsn, zone)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", Mask(dsn), err)
		}
	case Postgres:
		d, _ := splitURL(dsn) // Parse has read it
		d.query.Set("default_transaction_read_only", "on")
		source = d.String()
	case MySQL:
		return openReadOnlyMySQL(ctx, dsn, source)
	}
	db, err := openPinged(ctx, driver, source, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(runtime.GOMAXPROCS(0))
	return &DB{DB: db, Read: db, Dialect: dialect, Name: Mask(dsn), snapshot: snap}, nil
}

// openReadOnlyMySQL sets the session's transactions read only as the driver
// connects: MySQL 8 calls the variable transaction_read_only, MariaDB before
// 11.1 only tx_read_only, so the second is tried when the first is unknown.
func openReadOnlyMySQL(ctx context.Context, dsn, source string) (*DB, error) {
	cfg, err := mysql.ParseDSN(source)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Mask(dsn), err)
	}
	for _, variable := range []string{"transaction_read_only", "tx_read_only"} {
		// Each pass sets its variable alone on a copy (Params too) of the parsed source.
		try := cfg.Clone()
		if try.Params == nil {
			try.Params = map[string]string{}
		}
		try.Params[variable] = "1"
		var db *sqlx.DB
		db, err = openPinged(ctx, "mysql", try.FormatDSN(), dsn)
		var me *mysql.MySQLError
		if errors.As(err, &me) && me.Number == 1193 { // unknown system variable
			continue
		}
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(runtime.GOMAXPROCS(0))
		return &DB{DB: db, Read: db, Dialect: MySQL, Name: Mask(dsn)}, nil
	}
	return nil, err
}

// openPinged opens a driver's source and pings it, so that an unreachable
// database fails here; errors name the DSN masked.
func openPinged(ctx context.Context, driver, source, dsn string) (*sqlx.DB, error) {
	db, err := sqlx.Open(driver, source)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Mask(dsn), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", Mask(dsn), err)
	}
	return db, nil
}

// walHeader is what bytes 18 and 19 of a SQLite file hold in WAL mode (the
// file format's write and read versions; 1 and 1 for a rollback journal).
var walHeader = []byte{2, 2}

// readOnlySQLite is the modernc source that reads a SQLite file without
// writing anything (see OpenReadOnly), with the snapshot of the file to
// check afterwards when it had to be opened immutable.
func readOnlySQLite(dsn string, zone *time.Location) (string, *fileSnapshot, error) {
	path, _, _ := sqlitePath(dsn)
	header := make([]byte, 20)
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	_, err = io.ReadFull(f, header)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", nil, err
	}
	params := "_pragma=busy_timeout(10000)&_pragma=query_only(1)&_time_format=sqlite&_timezone=" +
		url.QueryEscape(zone.String()) + "&mode=ro"
	var snap *fileSnapshot
	if bytes.Equal(header[18:20], walHeader) {
		if _, err := os.Stat(path + "-shm"); errors.Is(err, os.ErrNotExist) {
			if snap, err = takeSnapshot(path); err != nil {
				return "", nil, err
			}
			params += "&immutable=1"
		}
	}
	return "file:" + path + "?" + params, snap, nil
}

// fileSnapshot is what a SQLite file opened immutable looked like when opened.
type fileSnapshot struct {
	path    string
	size    int64
	modTime time.Time
}

func takeSnapshot(path string) (*fileSnapshot, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return &fileSnapshot{path: path, size: fi.Size(), modTime: fi.ModTime()}, nil
}

// ErrChangedWhileRead reports that a SQLite file read without locks (see
// OpenReadOnly) was written meanwhile: what was read may be inconsistent.
var ErrChangedWhileRead = errors.New("the database was written while it was being read; read it again")

// Changed reports, for a SQLite file that had to be opened immutable, whether
// it was written or opened by a writer since it was opened: then what was
// read may mix two states, and ErrChangedWhileRead says to read it again. It
// is nil for every other database.
func (db *DB) Changed() error {
	s := db.snapshot
	if s == nil {
		return nil
	}
	now, err := takeSnapshot(s.path)
	if err != nil {
		return err
	}
	_, walErr := os.Stat(s.path + "-wal")
	if now.size != s.size || !now.modTime.Equal(s.modTime) || walErr == nil {
		return fmt.Errorf("%s: %w", db.Name, ErrChangedWhileRead)
	}
	return nil
}
