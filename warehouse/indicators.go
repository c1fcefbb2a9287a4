package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/sync/errgroup"

	"zhengzhi"
	sqlfiles "zhengzhi/sql"
	"zhengzhi/sqldb"
)

// IndicatorValues computes the named indicators — every indicator the rule set
// uses when names is empty — for every unit of rs.Level in the registry, as of
// asOf (clamped to the rule set's window end). Each indicator is one grouped
// query over the whole warehouse (sql/indicators/<name>.sql); indicators over
// the same rows run as one statement. A unit without rows gets 0, or 0 over
// its denominator where that comes from the registry or the rule set.
func (w *Warehouse) IndicatorValues(ctx context.Context, reg *zhengzhi.Registry, rs *zhengzhi.RuleSet, asOf time.Time, names ...string) (zhengzhi.Values, error) {
	if rs.Level != zhengzhi.LevelCity && rs.Level != zhengzhi.LevelCounty {
		return nil, fmt.Errorf("rule set %s: level %q: indicators are computed for cities or counties", rs.ID, rs.Level)
	}
	if len(names) == 0 {
		names = rs.UsedIndicators()
	}
	run := newIndicatorRun(w, reg, rs, asOf)
	var queries []indicatorQuery
	for _, name := range names {
		if _, ok := zhengzhi.LookupIndicator(name); !ok {
			return nil, fmt.Errorf("rule set %s: unknown indicator %q (the library's are listed in the assessment spec)", rs.ID, name)
		}
		q, err := run.query(name)
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", name, err)
		}
		queries = append(queries, q)
	}
	// The batches are independent reads: they run side by side on the
	// reader pool, one per core, and their results are merged after.
	batches := batchQueries(queries)
	parts := make([]map[string]map[string]zhengzhi.Value, len(batches))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, batch := range batches {
		g.Go(func() error {
			parts[i] = map[string]map[string]zhengzhi.Value{}
			if err := run.execute(gctx, batch, parts[i]); err != nil {
				return fmt.Errorf("rule set %s as of %s: %w", rs.ID, run.d, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	got := map[string]map[string]zhengzhi.Value{}
	for _, part := range parts {
		maps.Copy(got, part)
	}
	units := reg.Units(rs.Level)
	values := make(zhengzhi.Values, len(units))
	for _, u := range units {
		values[u.Code] = make(map[string]zhengzhi.Value, len(names))
		for _, name := range names {
			values[u.Code][name] = run.finish(name, u, got[name][u.Code])
		}
	}
	return values, nil
}

// indicatorRun holds what every indicator query of one IndicatorValues call
// shares: the rendering context and the bound parameters.
type indicatorRun struct {
	w        *Warehouse
	reg      *zhengzhi.Registry
	rs       *zhengzhi.RuleSet
	d        sqldb.Date
	due      []zhengzhi.Reporting
	counties []string
	params   map[string]any
	funcs    template.FuncMap
}

func newIndicatorRun(w *Warehouse, reg *zhengzhi.Registry, rs *zhengzhi.RuleSet, asOf time.Time) *indicatorRun {
	d := rs.WindowEnd(asOf)
	r := &indicatorRun{w: w, reg: reg, rs: rs, d: sqldb.DateOf(d)}
	for _, c := range reg.Units(zhengzhi.LevelCounty) {
		if !c.Abolished {
			r.counties = append(r.counties, c.Code)
		}
	}
	r.params = map[string]any{
		"start": sqldb.DateOf(rs.Window.Start),
		"d":     r.d,
		// ordered_on + 75 days < D is ordered_on < D − 75 days: the arithmetic
		// stays in Go, the same on every engine.
		"recheck_cutoff": sqldb.DateOf(d.AddDate(0, 0, -75)),
		"province":       reg.Province.Code,
		"counties":       r.counties,
	}
	for _, rep := range rs.Reporting {
		if sqldb.DateOf(rep.Due) > r.d {
			continue
		}
		i := strconv.Itoa(len(r.due))
		r.params["kind"+i], r.params["period"+i], r.params["due"+i] = rep.Kind, rep.Period, sqldb.DateOf(rep.Due)
		r.due = append(r.due, rep)
	}
	r.funcs = indicatorFuncs(w.Dialect, rs.Level)
	return r
}

// indicatorFuncs are the named variants the indicator SQL files use where the
// level or the dialect changes the text.
func indicatorFuncs(dialect sqldb.Dialect, level zhengzhi.Level) template.FuncMap {
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
		"active": func(alias string) string {
			return alias + ".deleted = 0 AND " + alias + ".license_status NOT IN ('revoked', 'cancelled')"
		},
		// joinInOrder joins an event table to its enterprises in the written
		// order: each event row finds its enterprise by primary key. Right
		// after a bulk load, before MySQL has statistics, it otherwise
		// drives from the enterprises and reaches the events through a
		// primary-key prefix (all rows of the bureau), seconds per query.
		"joinInOrder": func() string {
			if dialect == sqldb.MySQL {
				return "STRAIGHT_JOIN"
			}
			return "JOIN"
		},
		// useIndex names the index a correlated lookup must use on MySQL,
		// for the same reason as joinInOrder.
		"useIndex": func(index string) string {
			if dialect == sqldb.MySQL {
				return "FORCE INDEX (" + index + ")"
			}
			return ""
		},
		// daysBetween is the whole days from one DATE column to another;
		// each engine spells date subtraction its own way.
		"daysBetween": func(from, to string) string {
			switch dialect {
			case sqldb.Postgres:
				return "(" + to + " - " + from + ")"
			case sqldb.MySQL:
				return "DATEDIFF(" + to + ", " + from + ")"
			}
			return "(julianday(" + to + ") - julianday(" + from + "))"
		},
	}
}

// queryFile is the SQL file an indicator is computed by: sampling_completion
// is sampling_batches capped at the target.
func queryFile(name string) string {
	if name == "sampling_completion" {
		return "sampling_batches"
	}
	return name
}

func (r *indicatorRun) render(file string) (string, error) {
	text, err := fs.ReadFile(sqlfiles.FS, "indicators/"+file+".sql")
	if err != nil {
		return "", fmt.Errorf("no query file sql/indicators/%s.sql: %w", file, err)
	}
	// Comment lines go before binding: a colon in a comment would read as a parameter.
	var lines []string
	for _, line := range strings.Split(string(text), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			lines = append(lines, line)
		}
	}
	tmpl, err := template.New(file).Funcs(r.funcs).Option("missingkey=error").Parse(strings.Join(lines, "\n"))
	if err != nil {
		return "", fmt.Errorf("sql/indicators/%s.sql: %w", file, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, struct{ Due []zhengzhi.Reporting }{r.due}); err != nil {
		return "", fmt.Errorf("sql/indicators/%s.sql: %w", file, err)
	}
	return b.String(), nil
}

// indicatorQuery is one indicator's rendered query, cut into its parts.
// Every file has the shape
//
//	SELECT <unit> AS unit_code, <numerator> AS numerator, <denominator> AS denominator
//	FROM … GROUP BY <unit>
//
// so that indicators over the same rows (the same FROM … GROUP BY text, say
// the hazards found in W) run as one statement: one pass over the table for
// all of them, each file still a complete query of its own.
type indicatorQuery struct {
	name, file                   string
	unit, numerator, denominator string
	from                         string
}

var indicatorShape = regexp.MustCompile(`(?s)^\s*SELECT\s+(.+?)\s+AS unit_code,\s*(.+?)\s+AS numerator,\s*(.+?)\s+AS denominator\s*\n(FROM\s.*)$`)

func (r *indicatorRun) query(name string) (indicatorQuery, error) {
	file := queryFile(name)
	text, err := r.render(file)
	if err != nil {
		return indicatorQuery{}, err
	}
	m := indicatorShape.FindStringSubmatch(text)
	if m == nil {
		return indicatorQuery{}, fmt.Errorf("sql/indicators/%s.sql must read SELECT … AS unit_code, … AS numerator, … AS denominator, then FROM on a line of its own", file)
	}
	return indicatorQuery{name: name, file: file, unit: m[1], numerator: m[2], denominator: m[3],
		from: strings.TrimSpace(m[4])}, nil
}

// batchQueries groups the queries that share their unit and FROM … GROUP BY
// text, in the order they were asked for.
func batchQueries(queries []indicatorQuery) [][]indicatorQuery {
	var batches [][]indicatorQuery
	index := map[string]int{}
	for _, q := range queries {
		key := q.unit + "\x00" + q.from
		i, ok := index[key]
		if !ok {
			i = len(batches)
			index[key] = i
			batches = append(batches, nil)
		}
		batches[i] = append(batches[i], q)
	}
	return batches
}

// execute runs one batch as a single grouped statement and adds each
// indicator's groups to got[indicator][unit code].
func (r *indicatorRun) execute(ctx context.Context, batch []indicatorQuery, got map[string]map[string]zhengzhi.Value) error {
	var files []string
	var b strings.Builder
	b.WriteString("SELECT " + batch[0].unit + " AS unit_code")
	for i, q := range batch {
		fmt.Fprintf(&b, ",\n    %s AS n%d,\n    %s AS d%d", q.numerator, i, q.denominator, i)
		files = append(files, "sql/indicators/"+q.file+".sql")
	}
	b.WriteString("\n" + batch[0].from)
	query := b.String()
	if strings.Contains(query, ":counties") && len(r.counties) == 0 {
		return nil // no counties in the registry: nothing to count
	}
	bound, args, err := sqlx.Named(query, r.params)
	if err == nil {
		bound, args, err = sqlx.In(bound, args...)
	}
	if err != nil {
		return fmt.Errorf("bind %s: %w", strings.Join(files, ", "), err)
	}
	rows, err := r.w.Read.QueryContext(ctx, r.w.Rebind(bound), args...)
	if err != nil {
		return fmt.Errorf("%s on %s: %w", strings.Join(files, ", "), r.w.Name, err)
	}
	defer rows.Close()
	for _, q := range batch {
		if got[q.name] == nil {
			got[q.name] = map[string]zhengzhi.Value{}
		}
	}
	var unit string
	counts := make([]sql.NullInt64, 2*len(batch))
	dest := []any{&unit}
	for i := range counts {
		dest = append(dest, &counts[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("%s: %w", strings.Join(files, ", "), err)
		}
		for i, q := range batch {
			got[q.name][unit] = zhengzhi.Value{Numerator: counts[2*i].Int64, Denominator: counts[2*i+1].Int64}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(files, ", "), err)
	}
	return nil
}

// finish completes a unit's value where the denominator comes from the
// registry or the rule set rather than from the rows.
func (r *indicatorRun) finish(name string, u zhengzhi.Unit, v zhengzhi.Value) zhengzhi.Value {
	switch name {
	case "self_inspection_coverage", "supervision_coverage":
		v.Denominator = r.countiesOf(u)
	case "submission_timeliness":
		v.Denominator = int64(len(r.due))
	case "sampling_completion":
		target := r.rs.Targets["sampling_batches"].For(u.Code)
		v = zhengzhi.Value{Numerator: min(v.Numerator, target), Denominator: target}
	}
	return v
}

// countiesOf counts the counties a coverage indicator asks about: a county
// itself, a city its counties; abolished counties are not asked (as in the
// six-ones statistics).
func (r *indicatorRun) countiesOf(u zhengzhi.Unit) int64 {
	counties := []zhengzhi.Unit{u}
	if u.Level == zhengzhi.LevelCity {
		counties = r.reg.Counties(u.Code)
	}
	var n int64
	for _, c := range counties {
		if slices.Contains(r.counties, c.Code) {
			n++
		}
	}
	return n
}
