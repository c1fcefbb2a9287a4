package warehouse

import (
	"fmt"
	"io/fs"
	"strings"
	"text/template"

	"github.com/jmoiron/sqlx"

	"zhengzhi"
	"zhengzhi/sql"
	"zhengzhi/sqldb"
)

// rulesFile holds the campaign's rules over rows as named SQL fragments; every
// indicator and extract query is parsed together with it.
const rulesFile = "rules.sql"

// queryText renders one SQL file of sql/ (say "extracts/ledger_hazards.sql")
// for this warehouse: a text/template parsed with the campaign's rules, given
// the dialect's named variants and, for indicator queries, the assessed
// level's. Comment lines go first: a colon in a comment would read as a
// parameter.
func (w *Warehouse) queryText(file string, level zhengzhi.Level, data any) (string, error) {
	tmpl := template.New(file).Funcs(sqlFuncs(w.db.Dialect, level)).Option("missingkey=error")
	for _, name := range []string{rulesFile, file} {
		text, err := fs.ReadFile(sql.FS, name)
		if err != nil {
			return "", fmt.Errorf("no query file sql/%s: %w", name, err)
		}
		if _, err := tmpl.New(name).Parse(dropComments(string(text))); err != nil {
			return "", fmt.Errorf("sql/%s: %w", name, err)
		}
	}
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, file, data); err != nil {
		return "", fmt.Errorf("sql/%s: %w", file, err)
	}
	return b.String(), nil
}

// dropComments removes the lines that are SQL comments.
func dropComments(text string) string {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// bind turns a query with :name parameters into the dialect's placeholders
// and its argument list; a slice parameter expands to a list (IN (:counties)).
func (w *Warehouse) bind(query string, params map[string]any) (string, []any, error) {
	bound, args, err := sqlx.Named(query, params)
	if err == nil {
		bound, args, err = sqlx.In(bound, args...)
	}
	if err != nil {
		return "", nil, err
	}
	return w.db.Rebind(bound), args, nil
}

// ruleParams are the parameters of the campaign's rules for a window start
// and an as-of date D: the rules' day counts become cut-off dates here, the
// same on every engine.
func ruleParams(start, d zhengzhi.Date) map[string]any {
	return map[string]any{
		"start":             start,
		"d":                 d,
		"correction_cutoff": d.AddDays(-zhengzhi.CorrectionDays),
		"recheck_cutoff":    d.AddDays(-zhengzhi.RecheckDays),
		"timely_days":       zhengzhi.TimelyAssessmentDays,
	}
}

// sqlFuncs are the named variants the SQL files use where the level or the
// dialect changes the text.
func sqlFuncs(dialect sqldb.Dialect, level zhengzhi.Level) template.FuncMap {
	// MySQL reads || as a logical or; CONCAT works on all three engines.
	cityOf := func(col string) string { return "CONCAT(SUBSTR(" + col + ", 1, 4), '00')" }
	return template.FuncMap{
		// unit is the unit of the assessed level a row's unit code counts
		// for: a county itself; at city level its city (a city's own rows
		// already name it). Rows of units outside the level group apart and
		// are not read.
		"unit": func(col string) string {
			if level == zhengzhi.LevelCity {
				return cityOf(col)
			}
			return col
		},
		"cityOf":   cityOf,
		"isCounty": func(col string) string { return "SUBSTR(" + col + ", 5, 2) <> '00'" },
		// joinInOrder joins an event table to its enterprises in the written
		// order: each event row finds its enterprise by primary key. Right
		// after a bulk load, before MySQL has statistics, it otherwise
		// drives from the enterprises and reaches the events through a
		// primary-key prefix (all rows of the bureau), seconds per query.
		"joinInOrder": func() string { return spellingOf(dialect).joinInOrder },
		// useIndex names the index a correlated lookup must use on MySQL,
		// for the same reason as joinInOrder.
		"useIndex": func(index string) string {
			if !spellingOf(dialect).forceIndex {
				return ""
			}
			return "FORCE INDEX (" + index + ")"
		},
		// daysBetween is the whole days from one DATE column to another;
		// each engine spells date subtraction its own way.
		"daysBetween": spellingOf(dialect).daysBetween,
	}
}
