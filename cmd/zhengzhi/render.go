package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/config"
	"zhengzhi/render"
	"zhengzhi/reports/pdf"
	"zhengzhi/warehouse"
)

func runRender(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "render", "Write the PDF and Excel reports of an as-of date into output/<as-of>/ with a manifest.json.\n"+
		"Rule sets are scored first unless a stored result for that date and data exists.")
	asOfFlag := fs.String("as-of", "", "the as-of date YYYY-MM-DD (default: today in the config's time zone)")
	only := fs.String("only", "", "render only these kinds, comma-separated (a prefix such as ledger selects several): "+strings.Join(render.Kinds, ", "))
	unit := fs.String("unit", "", "render the files of one unit only (a city includes its counties)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	loc, err := cfg.Location()
	if err != nil {
		return usageError{err}
	}
	asOf, err := asOfDate(*asOfFlag, time.Now().In(loc))
	if err != nil {
		return usageError{err}
	}
	reg, ruleSets, err := loadAssessments(cfg)
	if err != nil {
		return usageError{err}
	}
	w, err := warehouse.Open(ctx, cfg.ResolveDSN(cfg.Warehouse))
	if err != nil {
		return err
	}
	defer w.Close()
	res, err := render.Run(ctx, renderOptions(cfg, w, reg, ruleSets, asOf, loc, splitList(*only), *unit, e))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d files written to %s; its manifest.json lists all %d files of the date\n",
		len(res.Written), res.Dir, len(res.Manifest.Files))
	if n := len(res.Warnings); n > 0 {
		fmt.Fprintf(e.stdout, "%d texts had characters that cannot be printed and were substituted (see the log)\n", n)
	}
	return nil
}

// loadAssessments reads the registry and every rule set the config names.
func loadAssessments(cfg *config.Config) (*zhengzhi.Registry, []*zhengzhi.RuleSet, error) {
	reg, err := cfg.LoadRegistry()
	if err != nil {
		return nil, nil, err
	}
	var ruleSets []*zhengzhi.RuleSet
	for _, p := range cfg.RuleSets {
		rs, err := assess.LoadRuleSet(cfg.Path(p))
		if err != nil {
			return nil, nil, err
		}
		ruleSets = append(ruleSets, rs)
	}
	return reg, ruleSets, nil
}

// renderOptions are the render step's options from the config.
func renderOptions(cfg *config.Config, w *warehouse.Warehouse, reg *zhengzhi.Registry, ruleSets []*zhengzhi.RuleSet,
	asOf time.Time, loc *time.Location, only []string, unit string, e *env) render.Options {
	var sources []string
	for _, s := range cfg.Sources {
		sources = append(sources, s.Unit)
	}
	return render.Options{
		Warehouse: w, Registry: reg, RuleSets: ruleSets, Sources: sources,
		Output: cfg.Path(cfg.Output), Templates: cfg.Path("templates"),
		Fonts: pdf.FontFiles(cfg.Fonts), AsOf: asOf, Location: loc, Demo: cfg.Demo,
		Only: only, Unit: unit, Log: e.log,
	}
}

// splitList splits a comma-separated flag value, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
