package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/config"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// deployment is what a command works with: its config, the unit registry, the
// time zone and, when the command needs it, the open warehouse.
type deployment struct {
	cfg *config.Config
	reg *zhengzhi.Registry
	loc *time.Location
	w   *warehouse.Warehouse
	// closers run at Close, before the warehouse closes (an audit log's
	// last anchor); each reports its own failure.
	closers []func()
}

// openDeployment loads the registry the config names and, with withWarehouse,
// opens the warehouse. A registry that cannot be read is the config's fault
// (exit 2); a warehouse that cannot be reached is not.
func openDeployment(ctx context.Context, cfg *config.Config, withWarehouse bool) (*deployment, error) {
	reg, err := cfg.LoadRegistry()
	if err != nil {
		return nil, usageError{err}
	}
	for _, dsn := range append([]string{cfg.Warehouse}, sourceDSNs(cfg)...) {
		if _, _, _, err := sqldb.Parse(dsn); err != nil {
			return nil, usageError{fmt.Errorf("config: %w", err)}
		}
	}
	for _, src := range cfg.Sources {
		if _, ok := reg.Unit(src.Unit); !ok {
			return nil, usageError{fmt.Errorf("config: source %s is not a unit of the registry", src.Unit)}
		}
	}
	s := &deployment{cfg: cfg, reg: reg, loc: cfg.Location}
	if withWarehouse {
		if s.w, err = warehouse.OpenCurrent(ctx, cfg.Warehouse); err != nil {
			if errors.Is(err, warehouse.ErrNeedsMigration) {
				return nil, usageError{fmt.Errorf("%w；先备份仓库，再运行 zhengzhi migrate --config %s", err, cfg.File)}
			}
			return nil, err
		}
	}
	return s, nil
}

// parseDeployment parses a command's flags, loads its config and opens its
// deployment with the warehouse.
func parseDeployment(ctx context.Context, fs *flag.FlagSet, cfgPath *string, args []string) (*deployment, error) {
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return nil, err
	}
	return openDeployment(ctx, cfg, true)
}

// sourceDSNs are the bureau databases' DSNs.
func sourceDSNs(cfg *config.Config) []string {
	var out []string
	for _, s := range cfg.Sources {
		if !s.Upload { // a unit reporting by workbook has no database
			out = append(out, s.DSN)
		}
	}
	return out
}

// openAuditLog opens the audit log for writing with the config's key and
// anchor files; the caller closes it, which writes the last anchor.
func (s *deployment) openAuditLog(ctx context.Context) (*account.AuditLog, error) {
	return account.OpenAuditLog(ctx, s.w, s.auditFiles(), nil)
}

// auditFiles are the config's audit key and anchor files.
func (s *deployment) auditFiles() account.AuditFiles {
	return account.AuditFiles{KeyFile: s.cfg.Audit.KeyFile, AnchorFile: s.cfg.Audit.AnchorFile}
}

// Close closes the warehouse, if open.
func (s *deployment) Close() {
	for _, c := range s.closers {
		c()
	}
	if s.w != nil {
		s.w.Close()
	}
}

// today is the date it is now in the config's time zone.
func (s *deployment) today() zhengzhi.Date { return zhengzhi.Today(s.now(), s.loc) }

// now is the clock: the system's, or noon of ZZ_TODAY (YYYY-MM-DD) in the
// config's time zone, so that a rehearsal of a 公示 window — publicize,
// appeal, rule, finalize — can be played through in one afternoon.
func (s *deployment) now() time.Time {
	if v := os.Getenv("ZZ_TODAY"); v != "" {
		if d, err := zhengzhi.ParseDate(v); err == nil {
			return d.Midnight(s.loc).Add(12 * time.Hour)
		}
	}
	return time.Now()
}

// choice is a flag whose value is one of a fixed list, such as --format; a
// value outside the list fails the command line (exit 2).
type choice struct {
	value   string
	choices []string
}

// choiceFlag defines a choice flag with its default (the first choice).
func choiceFlag(fs *flag.FlagSet, name, usage string, choices ...string) *choice {
	c := &choice{value: choices[0], choices: choices}
	fs.Var(c, name, usage+" ("+strings.Join(choices, ", ")+")")
	return c
}

func (c *choice) String() string { return c.value }

// Set accepts one of the choices.
func (c *choice) Set(v string) error {
	if !slices.Contains(c.choices, v) {
		return fmt.Errorf("%q: want %s", v, strings.Join(c.choices, " or "))
	}
	c.value = v
	return nil
}

// formatFlag is the --format flag of a command that prints in these forms.
func formatFlag(fs *flag.FlagSet, forms ...string) *choice {
	return choiceFlag(fs, "format", "output form", forms...)
}

// dateFlag is a YYYY-MM-DD flag such as --as-of; unset is the zero Date.
type dateFlag struct{ date zhengzhi.Date }

// asOfFlag defines the --as-of flag every dated command reads.
func asOfFlag(fs *flag.FlagSet, usage string) *dateFlag {
	d := &dateFlag{}
	fs.Var(d, "as-of", usage+", YYYY-MM-DD (default: today in the config's time zone)")
	return d
}

func (d *dateFlag) String() string { return d.date.String() }

// Set reads YYYY-MM-DD.
func (d *dateFlag) Set(v string) error {
	date, err := zhengzhi.ParseDate(v)
	if err != nil {
		return err
	}
	d.date = date
	return nil
}

// or is the date given, or else the default.
func (d *dateFlag) or(def zhengzhi.Date) zhengzhi.Date {
	if d.date.IsZero() {
		return def
	}
	return d.date
}
