package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"zhengzhi"
)

// IndicatorValues computes the named indicators — every indicator the rule set
// uses when names is empty — for every unit of rs.Level in the registry, as of
// D, the as-of date already clamped to the rule set's window (RuleSet.WindowEnd).
// Each indicator is one grouped query over the whole warehouse
// (sql/indicators/<Indicator.Query>.sql); indicators over the same rows run
// as one statement. A unit without rows gets 0, or 0 over its denominator
// where that comes from the registry or the rule set (Indicator.Complete).
func (w *Warehouse) IndicatorValues(ctx context.Context, reg *zhengzhi.Registry, rs *zhengzhi.RuleSet, d zhengzhi.Date, names ...string) (zhengzhi.Values, error) {
	if rs.Level != zhengzhi.LevelCity && rs.Level != zhengzhi.LevelCounty {
		return nil, fmt.Errorf("rule set %s: level %q: indicators are computed for cities or counties", rs.ID, rs.Level)
	}
	if len(names) == 0 {
		names = rs.UsedIndicators()
	}
	run := newIndicatorRun(w, reg, rs, d)
	var queries []indicatorQuery
	indicators := make([]zhengzhi.Indicator, len(names))
	for i, name := range names {
		in, ok := zhengzhi.LookupIndicator(name)
		if !ok {
			return nil, fmt.Errorf("rule set %s: unknown indicator %q (the library's are listed in the assessment spec)", rs.ID, name)
		}
		indicators[i] = in
		q, err := run.query(in)
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
		for _, in := range indicators {
			values[u.Code][in.Name] = in.Complete(got[in.Name][u.Code], u, reg, rs, d)
		}
	}
	return values, nil
}

// indicatorRun holds what every indicator query of one IndicatorValues call
// shares: the rendering context and the bound parameters.
type indicatorRun struct {
	w        *Warehouse
	rs       *zhengzhi.RuleSet
	d        zhengzhi.Date
	due      []zhengzhi.Reporting
	counties []string
	params   map[string]any
}

func newIndicatorRun(w *Warehouse, reg *zhengzhi.Registry, rs *zhengzhi.RuleSet, d zhengzhi.Date) *indicatorRun {
	r := &indicatorRun{w: w, rs: rs, d: d, counties: reg.CountiesAsked(), due: rs.ReportingDue(d)}
	r.params = ruleParams(rs.Window.Start, d)
	r.params["province"] = reg.Province.Code
	r.params["counties"] = r.counties
	for i, rep := range r.due {
		n := strconv.Itoa(i)
		r.params["kind"+n], r.params["period"+n], r.params["due"+n] = rep.Kind, rep.Period, rep.Due
	}
	return r
}

func (r *indicatorRun) render(file string) (string, error) {
	return r.w.queryText("indicators/"+file+".sql", r.rs.Level, struct{ Due []zhengzhi.Reporting }{r.due})
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

func (r *indicatorRun) query(in zhengzhi.Indicator) (indicatorQuery, error) {
	name, file := in.Name, in.Query
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
	bound, args, err := r.w.bind(query, r.params)
	if err != nil {
		return fmt.Errorf("bind %s: %w", strings.Join(files, ", "), err)
	}
	rows, err := r.w.db.Read.QueryContext(ctx, bound, args...)
	if err != nil {
		return fmt.Errorf("%s on %s: %w", strings.Join(files, ", "), r.w.db.Name, err)
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
