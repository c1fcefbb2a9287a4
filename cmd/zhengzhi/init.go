package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/templates"
)

// runInit writes a new deployment's folder: a commented config, the
// registry and rule sets to start from, and copies of the overridable
// templates.
func runInit(_ context.Context, e *env, args []string) error {
	flagSet := newFlagSet(e, "init DIR", "write a commented config, a registry and rule sets to start from, and copies of the\n"+
		"overridable templates (fonts.yaml, narrative/*.tmpl) into DIR, for a province to edit")
	force := flagSet.Bool("force", false, "overwrite files already in DIR")
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := parseFlags(flagSet, args); err != nil {
		return err
	}
	if dir == "" {
		return usageError{errors.New("which folder? zhengzhi init DIR")}
	}
	registryText, err := fs.ReadFile(templates.Starters, "units/demo-province.yaml")
	if err != nil {
		return err
	}
	reg, err := zhengzhi.ParseRegistry(registryText)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"zhengzhi.yaml":       []byte(initConfig(reg)),
		"units/registry.yaml": registryText,
	}
	for _, from := range []struct {
		fsys         fs.FS
		root, target string
	}{{templates.Starters, "rules", "rules"}, {templates.Defaults, ".", "templates"}} {
		err := fs.WalkDir(from.fsys, from.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			text, err := fs.ReadFile(from.fsys, p)
			rel, _ := filepath.Rel(from.root, p)
			files[path.Join(from.target, filepath.ToSlash(rel))] = text
			return err
		})
		if err != nil {
			return err
		}
	}
	var written []string
	for rel, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if _, err := os.Stat(full); err == nil && !*force {
			return usageError{fmt.Errorf("%s exists: choose an empty folder, or --force to overwrite", full)}
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(full, text, 0o666); err != nil {
			return err
		}
		written = append(written, rel)
	}
	// The audit chain's key, 0600, beside the config (audit.key_file's
	// default); an existing key is kept, even with --force: the log it
	// sealed verifies only with it.
	if _, err := account.OpenAuditKeys(filepath.Join(dir, "audit.key")); err != nil {
		return err
	}
	written = append(written, "audit.key")
	cfg := filepath.Join(dir, "zhengzhi.yaml")
	fmt.Fprintf(e.stdout, "wrote %d files into %s; edit zhengzhi.yaml (sources, warehouse, demo), units/registry.yaml and rules/, then:\n"+
		"  zhengzhi check --config %s\n  zhengzhi migrate --config %s\n  zhengzhi ingest --config %s\n", len(written), dir, cfg, cfg, cfg)
	return nil
}

// initConfig is a new deployment's commented config: a source per bureau of
// the registry, the shipped rule sets, the templates beside it.
func initConfig(reg *zhengzhi.Registry) string {
	var b strings.Builder
	b.WriteString(`# zhengzhi 运行配置. Every key is explained in docs/operating.md ("The config file").
# Relative paths are read from this file's folder; ${VAR} in a value is taken
# from the environment (put passwords there, e.g. in /etc/zhengzhi/env).

# The province's unit registry: province, cities, counties, yellow/red zones per year.
registry: units/registry.yaml

# zhengzhi's own database: sqlite:PATH, postgres://user:${ZZ_PG_PASSWORD}@host:5432/zhengzhi
# or mysql://user:${ZZ_MYSQL_PASSWORD}@host:3306/zhengzhi (a password may hold any character).
warehouse: sqlite:data/warehouse.db

# One bureau database per unit, only ever read (SQLite files are opened read-only).
sources:
`)
	for _, u := range append([]zhengzhi.Unit{reg.Province}, reg.Units(zhengzhi.LevelCity)...) {
		fmt.Fprintf(&b, "  - {unit: %q, dsn: \"sqlite:bureaus/%s.db\"}   # %s\n", u.Code, u.Code, u.Name)
	}
	b.WriteString(`
# The assessments each run scores and renders.
rulesets:
`)
	entries, _ := fs.ReadDir(templates.Starters, "rules/2026")
	for _, e := range entries {
		fmt.Fprintf(&b, "  - rules/2026/%s\n", e.Name())
	}
	b.WriteString(`
# Where the reports go: output/<as-of>/…, with manifest.json.
output: output

# The time zone of schedules and as-of dates.
timezone: Asia/Shanghai

# Files here take the place of the built-in ones: fonts.yaml (the PDF fonts),
# narrative/progress.tmpl and narrative/summary.tmpl. Delete one to use the built-in.
templates: templates

# Font files overriding templates/fonts.yaml one by one (single-file TrueType).
# fonts:
#   heading: /usr/share/fonts/truetype/xxx/HeiTi.ttf

# Cron lines per job, overriding the defaults ("off" takes a job off the schedule).
# schedule:
#   ingest: "0 * * * *"

# The audit log's key (HMAC of its hash chain; made 0600 here by init — keep it
# out of the database backup) and its append-only anchor file (ship it off the
# machine: docs/accounts.md).
# audit:
#   key_file: audit.key
#   anchor_file: audit-anchors.log

# true marks every report 演示数据 (synthetic data), and is what lets
# "zhengzhi seed" write the synthetic province into the sources above. The
# starter registry is the synthetic 东川省: once registry and sources are the
# province's own, set this to false — seed then refuses to touch them.
demo: true
`)
	return b.String()
}
