package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"zhengzhi/contract"
	"zhengzhi/sqldb"
)

// The warehouse's schema migrations. A migration is either one text for
// every engine, sql/warehouse/NNN_name.sql, a Go template whose functions
// (migrationFuncs) spell the few words the engines spell differently, or
// plain SQL of one engine, sql/warehouse/<dialect>/NNN_name.sql, which the
// other engines then need too under the same number and name. A warehouse
// records the version of every migration applied in schema_migrations, so a
// migration's effect may never change once released: a new need is a new
// migration.

// migrations lists, in version order, the warehouse's migrations for one
// engine, from fsys (sql.FS but in tests). Two files of one number are
// refused: the second would never run on a warehouse that has the first. So
// is a per-engine file that another engine lacks: the engines' schemas would
// part.
func migrations(fsys fs.FS, d sqldb.Dialect) ([]Migration, error) {
	if err := sameOnEveryEngine(fsys); err != nil {
		return nil, err
	}
	var out []Migration
	named := map[int]string{}
	for _, dir := range []string{"warehouse", path.Join("warehouse", string(d))} {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) { // an engine may have no files of its own
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			file := path.Join(dir, e.Name())
			num, _, ok := strings.Cut(e.Name(), "_")
			version, err := strconv.Atoi(num)
			if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
				return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", file)
			}
			if other, ok := named[version]; ok {
				return nil, fmt.Errorf("migrations %s and %s share the number %d: renumber one", other, file, version)
			}
			named[version] = file
			text, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, err
			}
			m := Migration{Version: version, Name: e.Name(), text: string(text)}
			if dir == "warehouse" {
				if m.text, err = renderMigration(d, file, m.text); err != nil {
					return nil, err
				}
			}
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// sameOnEveryEngine checks that the engines' folders hold the same file names.
func sameOnEveryEngine(fsys fs.FS) error {
	var engines []string
	for d := range spellings {
		engines = append(engines, string(d))
	}
	sort.Strings(engines)
	has := map[string]map[string]bool{}
	for _, d := range engines {
		has[d] = map[string]bool{}
		entries, err := fs.ReadDir(fsys, path.Join("warehouse", d))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for _, e := range entries {
			has[d][e.Name()] = true
		}
	}
	for _, d := range engines {
		for _, other := range engines {
			for name := range has[d] {
				if !has[other][name] {
					return fmt.Errorf("migration warehouse/%s/%s has no warehouse/%s/%s: every engine needs it", d, name, other, name)
				}
			}
		}
	}
	return nil
}

// renderMigration spells a migration written for every engine for one.
func renderMigration(d sqldb.Dialect, file, text string) (string, error) {
	tmpl, err := template.New(file).Option("missingkey=error").Funcs(migrationFuncs(d)).Parse(text)
	if err != nil {
		return "", fmt.Errorf("migration %s: %w", file, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, nil); err != nil {
		return "", fmt.Errorf("migration %s: %w", file, err)
	}
	return b.String(), nil
}

// migrationFuncs are the words a migration written for every engine may
// use where the engines differ; each is the engine's spelling (dialect.go).
func migrationFuncs(d sqldb.Dialect) template.FuncMap {
	s := spellingOf(d)
	return template.FuncMap{
		"timestamp":    func() string { return s.timestamp },
		"identity":     func() string { return s.identity },
		"flag":         func() string { return s.flag },
		"boolean":      func() string { return s.boolean },
		"bool":         func(v bool) string { return map[bool]string{true: s.yes, false: s.no}[v] },
		"blob":         func() string { return s.blob },
		"longText":     func() string { return s.longText },
		"varchar":      s.varchar,
		"tableOptions": func() string { return s.tableOptions },
		"dropPrimaryKey": func(table string) (string, error) {
			if s.dropPrimaryKey == nil {
				return "", fmt.Errorf("%s cannot drop a primary key: make the table anew", d)
			}
			return s.dropPrimaryKey(table), nil
		},
		// sqlite is for what SQLite cannot do in place at all, not for
		// spelling: ALTER TABLE there adds and renames columns, nothing more.
		"sqlite":           func() bool { return d == sqldb.SQLite },
		"contractTablesV1": func() string { return contractTablesV1(s) },
	}
}

// contractWidthsAt001 are the MySQL widths migration 001 gave contract
// columns other than their kind's; kept so that a new warehouse's schema is
// the one an old warehouse has.
var contractWidthsAt001 = map[string]int{"samplings.producer_uscc": 255}

// contractIndexesAt001 are the columns by which migration 001 indexed each
// contract table: the unit or enterprise the reports look its rows up by.
var contractIndexesAt001 = map[string][]string{
	"enterprises":        {"county_code"},
	"screenings":         {"bureau", "enterprise_id"},
	"hazards":            {"bureau", "enterprise_id"},
	"samplings":          {"unit_code"},
	"nonconforming":      {"bureau", "enterprise_id"},
	"dormant_checks":     {"bureau", "enterprise_id"},
	"risk_signals":       {"unit_code"},
	"risk_points":        {"county_code"},
	"activities":         {"unit_code"},
	"supervision_visits": {"inspected_unit"},
	"submissions":        {"unit_code"},
	"incidents":          {"county_code"},
}

// contractTablesV1 is migration 001's part that copies the contract: per
// contract table, the bureau the row came from, the contract's columns in
// contract order, the pull that loaded it, the key (bureau, id) and one
// index. The contract has not changed since 001, so its one definition
// (contract.Tables) is 001's contract. When it changes, the change comes as
// a migration of its own, and the tables as they were at 001 must first be
// frozen here — TestMigrationsKeepTheSchema fails otherwise, since it holds
// this text's schema to 001's original text.
func contractTablesV1(s spelling) string {
	var b strings.Builder
	for _, t := range contract.Tables() {
		b.WriteString("CREATE TABLE " + t.Name + " (\n")
		b.WriteString("    bureau " + s.varchar(6) + " NOT NULL,\n")
		for _, c := range t.Columns {
			b.WriteString("    " + c.Name + " " + contractColumnType(s, t.Name, c))
			if !c.Nullable {
				b.WriteString(" NOT NULL")
			}
			if c.Name == "deleted" {
				b.WriteString(" DEFAULT 0")
			}
			b.WriteString(",\n")
		}
		b.WriteString("    pull_id BIGINT NOT NULL,\n    PRIMARY KEY (bureau, id)\n)" + s.tableOptions + ";\n")
		cols := contractIndexesAt001[t.Name]
		fmt.Fprintf(&b, "CREATE INDEX %s_%s ON %s (%s);\n\n", t.Name, cols[len(cols)-1], t.Name, strings.Join(cols, ", "))
	}
	return b.String()
}

// contractColumnType is a contract column's type in the warehouse.
func contractColumnType(s spelling, table string, c contract.Column) string {
	if n, ok := contractWidthsAt001[table+"."+c.Name]; ok {
		return s.varchar(n)
	}
	switch c.Kind {
	case contract.USCC:
		return s.varchar(18)
	case contract.UnitCode, contract.CountyCode:
		return s.varchar(6)
	case contract.Enum:
		return s.varchar(32)
	case contract.Date, contract.EventDate:
		return "DATE"
	case contract.Timestamp:
		return s.timestamp
	case contract.Flag:
		return s.flag
	case contract.Int:
		return s.integer
	}
	if c.MaxLen == 0 || c.MaxLen > 255 {
		return "TEXT"
	}
	return s.varchar(c.MaxLen)
}
