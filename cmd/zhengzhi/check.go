package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"zhengzhi/assess"
	"zhengzhi/config"
	"zhengzhi/reports/pdf"
	"zhengzhi/sqldb"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// finding is one thing `check` found wrong. fatal ones fail every run of
// every job (a bad config, an unwritable output): schedule refuses to start
// on them; the others (a bureau unreachable) fail or degrade some runs only.
type finding struct {
	text  string
	fatal bool
}

// errCheckFailed is check's exit 1: it found something.
var errCheckFailed = errors.New("检查发现问题")

// runCheck checks everything a run needs, without running it, and prints one
// Chinese line per finding: exit 0 when there is none, 1 otherwise.
func runCheck(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "check", "check everything a run needs without running it: the config and its ${VAR}s, every source\n"+
		"reachable read-only, the registry keys the reports need, the rule sets, the fonts, output and warehouse\n"+
		"writable, pending migrations; one line per finding, exit 0 when none, 1 otherwise")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var found []finding
	if cfg, err := config.Load(*cfgPath); err != nil {
		found = append(found, finding{"配置：" + oneLine(err), true})
	} else {
		found = checkAll(ctx, cfg)
	}
	for _, f := range found {
		fmt.Fprintln(e.stdout, f.text)
	}
	if len(found) > 0 {
		return errCheckFailed
	}
	fmt.Fprintln(e.stdout, "检查通过：配置、数据源、单位名录、规则、字体、输出目录和仓库均无问题")
	return nil
}

// checkAll checks a loaded config; schedule and serve run it as they start.
func checkAll(ctx context.Context, cfg *config.Config) []finding {
	var found []finding
	add := func(fatal bool, format string, args ...any) {
		found = append(found, finding{fmt.Sprintf(format, args...), fatal})
	}
	reg, err := cfg.LoadRegistry()
	if err != nil {
		add(true, "单位名录 %s 无法读取：%s", cfg.Registry, oneLine(err))
	} else {
		if missing := reg.Issuer.Missing(); missing != "" {
			add(false, "单位名录的省局条目缺少 %s：年终通报（yearend_summary）无法生成", missing)
		}
		for _, src := range cfg.Sources {
			if _, ok := reg.Unit(src.Unit); !ok {
				add(true, "数据源 %s 不是单位名录中的单位", src.Unit)
			}
		}
		for _, p := range cfg.RuleSets {
			rs, err := assess.LoadRuleSet(p)
			switch {
			case err != nil:
				add(true, "规则 %s 无效：%s", p, oneLine(err))
			case len(reg.Units(rs.Level)) == 0:
				add(true, "规则 %s 考核 %s 级单位，单位名录中没有", p, rs.Level)
			}
		}
	}
	for _, src := range cfg.Sources {
		db, err := sqldb.OpenReadOnlyIn(ctx, src.DSN, src.Location)
		if err != nil {
			add(false, "数据源 %s 无法以只读方式连接：%s", src.Unit, oneLine(err))
			continue
		}
		db.Close()
	}
	if files, err := pdf.ReadFontFiles(templates.Overlay(cfg.Templates)); err != nil {
		add(true, "字体配置无法读取：%s", oneLine(err))
	} else if _, err := pdf.LoadFonts(files.With(pdf.FontFiles(cfg.Fonts))); err != nil {
		add(true, "字体无法读取：%s", oneLine(err))
	}
	if err := writable(cfg.Output); err != nil {
		add(true, "输出目录 %s 不可写：%s", cfg.Output, oneLine(err))
	}
	if path, ok := sqldb.SQLiteFile(cfg.Warehouse); ok {
		if err := writable(filepath.Dir(path)); err != nil {
			add(true, "仓库所在目录 %s 不可写：%s", filepath.Dir(path), oneLine(err))
		}
	}
	w, err := warehouse.OpenCurrent(ctx, cfg.Warehouse)
	switch {
	case errors.Is(err, warehouse.ErrNeedsMigration):
		add(true, "%s；先备份仓库，再运行 zhengzhi migrate --config %s", oneLine(err), cfg.File)
	case err != nil:
		add(true, "仓库无法连接：%s", oneLine(err))
	default:
		if err := w.CheckWritable(ctx); err != nil {
			add(true, "仓库不可写：%s", oneLine(err))
		}
		w.Close()
	}
	return found
}

// writable checks that a folder exists (or can be made) and takes a file.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".zhengzhi-check-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// oneLine is an error's text on one line, without tabs: a driver's message
// may span lines.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// logFindings logs what check found as a command starts, and returns the
// fatal findings joined, or nil.
func logFindings(e *env, found []finding) error {
	var fatal []string
	for _, f := range found {
		if f.fatal {
			e.log.Error(f.text)
			fatal = append(fatal, f.text)
		} else {
			e.log.Warn(f.text)
		}
	}
	if len(fatal) > 0 {
		return usageError{fmt.Errorf("启动检查发现每次运行都会失败的问题：%s", strings.Join(fatal, "；"))}
	}
	return nil
}
