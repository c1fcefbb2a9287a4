package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/config"
	"zhengzhi/render"
	"zhengzhi/render/manifest"
	"zhengzhi/reports/pdf"
	"zhengzhi/templates"
)

func runRender(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "render", "Write the PDF and Excel reports of an as-of date into output/<as-of>/ with a manifest.json.\n"+
		"Rule sets are scored first unless a stored result for that date and data exists.")
	asOf := asOfFlag(fs, "the as-of date")
	only := fs.String("only", "", "render only these kinds, comma-separated (a prefix such as ledger selects several): "+strings.Join(manifest.Kinds, ", "))
	unit := fs.String("unit", "", "render the files of one unit only (a city includes its counties)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	ruleSets, err := loadRuleSets(cfg)
	if err != nil {
		return usageError{err}
	}
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := render.Run(ctx, s.renderOptions(ruleSets, asOf.or(s.today()), splitList(*only), *unit, e.log))
	s.newNotifier(ruleSets, e.log).recordAfterRender(ctx)
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

// loadRuleSets reads every rule set the config names.
func loadRuleSets(cfg *config.Config) ([]*zhengzhi.RuleSet, error) {
	var ruleSets []*zhengzhi.RuleSet
	for _, p := range cfg.RuleSets {
		rs, err := assess.LoadRuleSet(p)
		if err != nil {
			return nil, err
		}
		ruleSets = append(ruleSets, rs)
	}
	return ruleSets, nil
}

// renderOptions are the render step's options from the session's config.
func (s *session) renderOptions(ruleSets []*zhengzhi.RuleSet, asOf zhengzhi.Date, only []string, unit string, log *slog.Logger) render.Options {
	var sources []string
	for _, src := range s.cfg.Sources {
		sources = append(sources, src.Unit)
	}
	return render.Options{
		Warehouse: s.w, Registry: s.reg, RuleSets: ruleSets, Sources: sources,
		Output: s.cfg.Output, Templates: templates.Overlay(s.cfg.Templates),
		Fonts: pdf.FontFiles(s.cfg.Fonts), AsOf: asOf, Location: s.loc, Demo: s.cfg.Demo,
		Only: only, Unit: unit, Log: log,
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
