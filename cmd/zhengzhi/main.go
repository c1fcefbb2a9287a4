// Command zhengzhi pulls the bureau databases of the provincial campaign
// against key-product quality hazards, scores every city and county, and
// renders the reports. Run `zhengzhi help` for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"zhengzhi"

	"zhengzhi/appeal"
	"zhengzhi/config"
	"zhengzhi/draw"
	"zhengzhi/pipeline"
	"zhengzhi/render"
	"zhengzhi/sqldb"
)

// Exit codes: 0 done; 1 the work failed; 2 the command line or config is wrong;
// 3 done, but some bureau sources were refused or unreachable.
const (
	exitOK       = 0
	exitFailed   = 1
	exitUsage    = 2
	exitDegraded = 3
)

// errDegraded marks a run that finished but with sources refused or unreachable.
var errDegraded = pipeline.ErrDegraded

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "write a new deployment's config, registry, rule sets and templates into a folder", runInit},
		{"seed", "generate the synthetic demo province's bureau databases", runSeed},
		{"check", "check everything a run needs without running it (one line per finding)", runCheck},
		{"migrate", "apply the warehouse's pending schema migrations (back it up first)", runMigrate},
		{"ingest", "pull every bureau database into the warehouse", runIngest},
		{"rejects", "list the rows set aside and the rows loaded with warnings", runRejects},
		{"template", "write a unit's prefilled workbook for reporting by upload (填报)", runTemplate},
		{"upload", "preview a unit's filled workbook, or store it with --confirm", runUpload},
		{"assess", "score every unit against a rule set as of a date", runAssess},
		{"publicize", "freeze a period's result and open appeals (公示) for a window of working days", runPublicize},
		{"appeal", "file, rule on and list appeals (申诉、复核) of a period in 公示", runAppeal},
		{"finalize", "make a period's result final once every appeal is ruled", runFinalize},
		{"render", "write the PDF and Excel reports of a date into output/", runRender},
		{"draw", "draw 1–2 counties per city for the province's supervision visits (draw commit: publish the seed's digest first)", runDraw},
		{"schedule", "run the scheduler: ingest, assess, render and draw on their schedule", runSchedule},
		{"run", "run one scheduled job once, recorded in the job ledger", runJob},
		{"jobs", "show the job ledger and the next planned runs", runJobs},
		{"bench", "measure the whole pipeline against its raw engines", runBench},
		{"serve", "serve the web portal: each bureau logs in and reads its own reports", runServe},
		{"user", "manage the portal's accounts (add, passwd, disable, enable, unlock, list, demo)", runUser},
		{"audit", "verify the portal's audit log, or export it as Excel", runAudit},
		{"notify", "notices to the portal, mail and group robots: send what is due, or list their state", runNotify},
		{"version", "print the version, commit, build date and Go version", runVersion},
	}
}

// env is what every subcommand shares: where it writes and its logger.
type env struct {
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, log: slog.New(slog.NewTextHandler(stderr, logOptions()))}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		// Errors of a step may begin with the step's name ("render: …"),
		// which the line already says.
		var msg string
		if err != nil {
			msg = strings.TrimPrefix(err.Error(), c.name+": ")
		}
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errCheckFailed):
			return exitFailed
		case isUsage(err):
			fmt.Fprintf(stderr, "zhengzhi %s: %s\n", c.name, msg)
			return exitUsage
		case errors.Is(err, errDegraded):
			fmt.Fprintf(stderr, "zhengzhi %s: %s\n", c.name, msg)
			return exitDegraded
		default:
			fmt.Fprintf(stderr, "zhengzhi %s: %s\n", c.name, msg)
			return exitFailed
		}
	}
	fmt.Fprintf(stderr, "zhengzhi: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: zhengzhi COMMAND [flags]   (zhengzhi COMMAND --help for its flags)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
}

// isUsage reports whether an error is the command line's or the config's
// (exit 2, which a service manager does not retry): a usage error, a DSN
// that cannot be read, an as-of date before the window, a render asked for
// a kind, unit or font the configuration lacks, an appeal's request refused
// with its reason, a draw or seed commitment refused with its reason.
func isUsage(err error) bool {
	var u usageError
	var refused *appeal.Refusal
	var drawRefused *draw.Refusal
	return errors.As(err, &u) || errors.As(err, &refused) || errors.As(err, &drawRefused) || errors.Is(err, sqldb.ErrBadDSN) ||
		errors.Is(err, zhengzhi.ErrOutsideWindow) || errors.Is(err, render.ErrConfig)
}

// usageError is a wrong command line or config: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// newFlagSet starts a subcommand's flag set.
func newFlagSet(e *env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: zhengzhi %s [flags]\n%s\n\nflags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// flags starts a subcommand's flag set with the --config flag every
// subcommand that reads a config has.
func flags(e *env, name, summary string) (*flag.FlagSet, *string) {
	fs := newFlagSet(e, name, summary)
	return fs, fs.String("config", "zhengzhi.yaml", "the run's config file")
}

// parseFlags parses the flags; a wrong flag or a stray argument is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %v", fs.Args())}
	}
	return nil
}

// logZone is the zone log lines are timed in: the config's once a command
// has loaded it, UTC before — never the process's TZ.
var logZone atomic.Pointer[time.Location]

// logOptions are every logger's options: Info and above, times in logZone.
func logOptions() *slog.HandlerOptions {
	return &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 && a.Value.Kind() == slog.KindTime {
			zone := logZone.Load()
			if zone == nil {
				zone = time.UTC
			}
			a.Value = slog.TimeValue(a.Value.Time().In(zone))
		}
		return a
	}}
}

// parse parses the flags and loads the config file.
func parse(fs *flag.FlagSet, cfgPath *string, args []string) (*config.Config, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return nil, usageError{err}
	}
	logZone.Store(cfg.Location)
	return cfg, nil
}
