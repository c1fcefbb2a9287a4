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
	"zhengzhi/reports"
)

func runAssess(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "assess", "Score every unit of the rule set's level as of a date, store the result and print it.")
	rules := fs.String("rules", "", "the rule set file, e.g. templates/rules/2026/target-responsibility-city.yaml")
	id := fs.String("ruleset", "", "or the id of one of the config's rule sets, e.g. target-responsibility-city-2026")
	asOf := asOfFlag(fs, "the as-of date")
	format := formatFlag(fs, "table", "json", "csv")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if (*rules == "") == (*id == "") {
		return usageError{errors.New("give one of --rules (the rule set file) and --ruleset (its id in the config)")}
	}
	rs, err := ruleSetOf(cfg, *rules, *id)
	if err != nil {
		return usageError{err}
	}
	s, err := openSession(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := assess.Run(ctx, s.w, s.reg, rs, asOf.or(s.today()))
	if err != nil {
		return err
	}
	e.log.Info("assessment stored", "ruleset", rs.ID, "as_of", res.Assessment.AsOf,
		"id", res.ID, "units", len(res.Assessment.Units), "pulls", len(res.Pulls))
	return assessFormats[format.value](e.stdout, res.Assessment, res.Values)
}

// ruleSetOf reads the rule set file, or the config's rule set of this id.
func ruleSetOf(cfg *config.Config, path, id string) (*zhengzhi.RuleSet, error) {
	if path != "" {
		return assess.LoadRuleSet(path)
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
