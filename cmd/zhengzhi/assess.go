package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/config"
	"zhengzhi/internal/progress"
	"zhengzhi/pipeline"
	"zhengzhi/reports"
)

func runAssess(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "assess", "Score every unit of each configured rule set's level as of a date, store the result and print it;\n"+
		"the same data scored again stores no second result; a period in 公示 or final gives its frozen or final result.")
	rules := fs.String("rules", "", "score this rule set file only (a relative path is read from the config's folder), e.g. templates/rules/2026/target-responsibility-city.yaml")
	id := fs.String("ruleset", "", "or score the config's rule set of this id only, e.g. target-responsibility-city-2026")
	asOf := asOfFlag(fs, "the as-of date")
	format := formatFlag(fs, "table", "json", "csv")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *rules != "" && *id != "" {
		return usageError{errors.New("give --rules (a rule set file) or --ruleset (its id in the config), not both")}
	}
	ruleSets, err := pipeline.RuleSets(cfg)
	if *rules != "" || *id != "" {
		var rs *zhengzhi.RuleSet
		rs, err = ruleSetOf(cfg, *rules, *id)
		ruleSets = []*zhengzhi.RuleSet{rs}
	}
	if err != nil {
		return usageError{err}
	}
	if len(ruleSets) == 0 {
		return usageError{errors.New("no rule set to score: the config names none under rulesets:, and --rules is not given")}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	var bar *progress.Bar
	if format.value == "table" {
		bar = progress.New(terminal(e.stderr), len(ruleSets), "套规则")
	}
	p := pipeline.New(cfg, s.w, s.reg, e.log)
	for _, rs := range ruleSets {
		bar.Start("评分 " + rs.ID)
		results, err := p.Assess(ctx, s.reg, []*zhengzhi.RuleSet{rs}, asOf.or(s.today()))
		if err != nil {
			return err
		}
		bar.Add(1)
		bar.Step()
		for _, res := range results {
			if err := assessFormats[format.value](e.stdout, res.Assessment, res.Values); err != nil {
				return err
			}
		}
	}
	bar.Finish()
	return nil
}

// ruleSetOf reads the rule set file, or the config's rule set of this id.
func ruleSetOf(cfg *config.Config, path, id string) (*zhengzhi.RuleSet, error) {
	if path != "" {
		return assess.LoadRuleSet(cfg.Path(path))
	}
	for _, p := range cfg.RuleSets {
		rs, err := assess.LoadRuleSet(p)
		if err != nil {
			return nil, err
		}
		if rs.ID == id {
			return rs, nil
		}
	}
	return nil, fmt.Errorf("the config has no rule set %s", id)
}

// assessFormats are the printed forms of an assessment, given the values it
// was scored from.
var assessFormats = map[string]func(io.Writer, *zhengzhi.Assessment, zhengzhi.Values) error{
	"table": writeRankingTable,
	"json":  writeAssessmentJSON,
	"csv":   writeAssessmentCSV,
}

// writeAssessmentJSON prints the assessment as the stable JSON other tools
// read, with each unit's path to the next grade.
func writeAssessmentJSON(w io.Writer, a *zhengzhi.Assessment, values zhengzhi.Values) error {
	return reports.NewScores(a, values).Write(w)
}

func writeAssessmentCSV(w io.Writer, a *zhengzhi.Assessment, _ zhengzhi.Values) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"ruleset", "as_of", "code", "name", "total", "grade", "rank", "vetoed",
		"item", "title", "points", "score", "numerator", "denominator", "value", "empty", "explanation"})
	asOf := a.AsOf.String()
	for _, c := range a.Units {
		for _, it := range c.Items {
			value := ""
			if v := reports.ItemValue(it); v != nil {
				value = strconv.FormatFloat(*v, 'f', -1, 64)
			}
			cw.Write([]string{a.RuleSet.ID, asOf, c.Unit.Code, c.Unit.Name, c.Total.String(), c.Grade,
				strconv.Itoa(c.Rank), strconv.FormatBool(c.Vetoed), it.ID, it.Title, it.Points.String(), it.Score.String(),
				strconv.FormatInt(it.Value.Numerator, 10), strconv.FormatInt(it.Value.Denominator, 10), value,
				strconv.FormatBool(it.Empty), it.Explanation})
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRankingTable prints the ranking (名次 单位 总分 等级 否决) in rank order,
// ties in registry order, with columns aligned for Chinese on a terminal.
func writeRankingTable(w io.Writer, a *zhengzhi.Assessment, _ zhengzhi.Values) error {
	cards := slices.Clone(a.Units)
	slices.SortStableFunc(cards, func(x, y zhengzhi.Scorecard) int { return x.Rank - y.Rank })
	t := newTable("名次", "单位", "总分", "等级", "否决").alignRight(0, 2)
	for _, c := range cards {
		var vetoes []string
		for _, v := range c.Vetoes {
			vetoes = append(vetoes, v.ID+" "+v.Title)
		}
		t.add(strconv.Itoa(c.Rank), c.Unit.Name, c.Total.String(), c.Grade, strings.Join(vetoes, "；"))
	}
	if _, err := fmt.Fprintf(w, "%s（截至%s）\n", a.RuleSet.Title, a.AsOf); err != nil {
		return err
	}
	return t.write(w)
}
