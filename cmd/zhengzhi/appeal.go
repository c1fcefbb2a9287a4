package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/assess"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// cliClient is the audit log's client for what is done on the command line.
const cliClient = "命令行"

// appealService is the appeals of the deployment's warehouse, with the
// config's rule sets and the working-day calendar of its templates.
func appealService(s *deployment, log *account.AuditLog, teller appeal.Teller) (*appeal.Service, error) {
	cal, err := templates.Calendar(s.cfg.Templates)
	if err != nil {
		return nil, usageError{err}
	}
	var sets []*zhengzhi.RuleSet
	for _, path := range s.cfg.RuleSets {
		rs, err := assess.LoadRuleSet(path)
		if err != nil {
			return nil, usageError{err}
		}
		sets = append(sets, rs)
	}
	return &appeal.Service{W: s.w, Audit: log, Teller: teller, Registry: s.reg, Calendar: cal, RuleSets: sets,
		Access: account.NewAccess(s.reg), Loc: s.loc, Now: s.now}, nil
}

// openAppeals parses a command's flags and opens its deployment and appeals.
func openAppeals(ctx context.Context, fs *flag.FlagSet, cfgPath *string, args []string) (*deployment, *appeal.Service, error) {
	s, err := parseDeployment(ctx, fs, cfgPath, args)
	if err != nil {
		return nil, nil, err
	}
	log, err := s.openAuditLog(ctx)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	// The deployment's close writes the audit log's last anchor.
	s.closers = append(s.closers, func() {
		if err := log.Close(); err != nil {
			slog.Error("审计日志未能正常关闭（最后的锚点可能未写入）", "原因", err.Error())
		}
	})
	svc, err := appealService(s, log, s.newNotifier(slog.Default()))
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, svc, nil
}

func runPublicize(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "publicize", "Freeze a rule set's result as of a date and open appeals (公示) for a window of working days or until a date.")
	id := fs.String("ruleset", "", "the rule set's id (required)")
	asOf := asOfFlag(fs, "the period's as-of date")
	days := fs.Int("working-days", 0, "the window: this many working days after today")
	until := &dateFlag{}
	fs.Var(until, "until", "the window: until this date, YYYY-MM-DD")
	s, svc, err := openAppeals(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	rs, err := svc.RuleSet(*id)
	if err != nil {
		return usageError{err}
	}
	d, err := rs.WindowEnd(asOf.or(s.today()))
	if err != nil {
		return usageError{err}
	}
	if _, ok, err := s.w.Period(ctx, rs.ID, d); err != nil {
		return err
	} else if ok {
		return &appeal.Refusal{Reason: fmt.Sprintf("%s（截至%s）已公示，不能再次公示", rs.Title, d)}
	}
	res, err := assess.Run(ctx, s.w, s.reg, rs, d)
	if err != nil {
		return err
	}
	p, err := svc.Publicize(ctx, rs, d, res.ID, appeal.Window{Days: *days, Until: until.date}, appeal.Actor{Login: cliAccount(), Client: cliClient})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s（截至%s）已公示：公示期自%s起至%s止；申诉请用 zhengzhi appeal file\n", rs.Title, p.AsOf, p.Published, p.Deadline)
	return err
}

func runFinalize(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "finalize", "Make a period's result final once its window has closed and every appeal is ruled.")
	id := fs.String("ruleset", "", "the rule set's id (required)")
	asOf := asOfFlag(fs, "the period's as-of date")
	s, svc, err := openAppeals(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := svc.Finalize(ctx, *id, asOf.or(s.today()), appeal.Actor{Login: cliAccount(), Client: cliClient})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s（截至%s）已定稿：请重新运行 zhengzhi render 出具最终结果\n", p.RuleSet, p.AsOf)
	return err
}

func runAppeal(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("appeal: want file, rule or list")}
	}
	switch args[0] {
	case "file":
		return runAppealFile(ctx, e, args[1:])
	case "rule":
		return runAppealRule(ctx, e, args[1:])
	case "list":
		return runAppealList(ctx, e, args[1:])
	}
	return usageError{fmt.Errorf("appeal: unknown action %q: want file, rule or list", args[0])}
}

// valueFlag is --value: NUM/DEN for a ratio, N for a count or a flag.
type valueFlag struct{ value *zhengzhi.Value }

func (v *valueFlag) String() string {
	if v.value == nil {
		return ""
	}
	return appeal.ValueText(v.value)
}

// Set reads NUM/DEN or N.
func (v *valueFlag) Set(s string) error {
	val, err := appeal.ParseValue(s)
	if err != nil {
		return err
	}
	v.value = &val
	return nil
}

// listFlag is a flag given once per value, such as --evidence.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set adds one value.
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func runAppealFile(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "appeal file", "File an appeal (申诉) on one item of a unit's result in a period in 公示.")
	id := fs.String("ruleset", "", "the rule set's id (required)")
	asOf := asOfFlag(fs, "the period's as-of date")
	unit := fs.String("unit", "", "the unit's code (required)")
	item := fs.String("item", "", "the item's id, e.g. A4 (required)")
	claim := fs.String("claim", "", "the claim in words (required)")
	by := fs.String("by", "", "the login of the account filing (required)")
	var value valueFlag
	fs.Var(&value, "value", "the corrected value proposed: NUM/DEN for a ratio, N for a count or a yes/no (1/0)")
	var evidence listFlag
	fs.Var(&evidence, "evidence", "an evidence file (PDF, PNG/JPEG, Excel); repeat for more")
	s, svc, err := openAppeals(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if *by == "" {
		return usageError{errors.New("--by is required: the login of the account filing")}
	}
	var uploads []appeal.Upload
	for _, path := range evidence {
		b, err := os.ReadFile(path)
		if err != nil {
			return usageError{fmt.Errorf("证明材料：%w", err)}
		}
		uploads = append(uploads, appeal.Upload{Name: filepath.Base(path), Content: b})
	}
	a, err := svc.File(ctx, appeal.Filing{RuleSet: *id, AsOf: asOf.or(s.today()), Unit: *unit, Item: *item,
		Claim: *claim, Value: value.value, Evidence: uploads}, appeal.Actor{Login: *by, Client: cliClient})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "申诉%d已受理：%s %s %s，证明材料%d份\n", a.ID, a.Unit, s.reg.Name(a.Unit), a.Item, len(a.Evidence))
	return err
}

func runAppealRule(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{errors.New("appeal rule: the appeal's id comes first: zhengzhi appeal rule ID (--accept|--reject) --reason TEXT --by LOGIN")}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return usageError{fmt.Errorf("appeal rule: %q is not an appeal id", args[0])}
	}
	fs, cfgPath := flags(e, "appeal rule", "Rule on an appeal (复核): accept with the value (or score) found, or reject; with the reason.")
	accept := fs.Bool("accept", false, "accept the appeal")
	reject := fs.Bool("reject", false, "reject the appeal")
	reason := fs.String("reason", "", "the reason (required)")
	by := fs.String("by", "", "the login of the province account ruling (required)")
	score := fs.String("score", "", "accept with this item score, where the rule set allows it (appeal_score: true)")
	var value valueFlag
	fs.Var(&value, "value", "accept with this value: NUM/DEN for a ratio, N for a count or a yes/no; default the value the unit proposed")
	s, svc, err := openAppeals(ctx, fs, cfgPath, args[1:])
	if err != nil {
		return err
	}
	defer s.Close()
	if *accept == *reject {
		return usageError{errors.New("appeal rule: give exactly one of --accept and --reject")}
	}
	if *by == "" {
		return usageError{errors.New("--by is required: the login of the province account ruling")}
	}
	r := appeal.Ruling{Accept: *accept, Value: value.value, Reason: *reason}
	if *score != "" {
		var sc zhengzhi.Score
		if err := sc.UnmarshalJSON([]byte(*score)); err != nil {
			return usageError{fmt.Errorf("--score: %w", err)}
		}
		r.Score = &sc
	}
	a, err := svc.Rule(ctx, id, r, appeal.Actor{Login: *by, Client: cliClient})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "申诉%d：%s（%s）\n", a.ID, a.State.Label(), a.Ruling.Reason)
	return err
}

func runAppealList(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "appeal list", "List the appeals, with their evidence and rulings.")
	id := fs.String("ruleset", "", "only this rule set's appeals")
	asOf := &dateFlag{}
	fs.Var(asOf, "as-of", "only this period's appeals, YYYY-MM-DD")
	format := formatFlag(fs, "table", "json", "csv")
	s, svc, err := openAppeals(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	f := warehouse.AppealFilter{RuleSet: *id, AsOf: asOf.date}
	if *id != "" && !asOf.date.IsZero() {
		rs, err := svc.RuleSet(*id)
		if err != nil {
			return usageError{err}
		}
		if f.AsOf, err = rs.WindowEnd(asOf.date); err != nil {
			return usageError{err}
		}
	}
	appeals, err := svc.List(ctx, f)
	if err != nil {
		return err
	}
	switch format.value {
	case "json":
		return appeal.NewListing(appeals).Write(e.stdout)
	case "csv":
		return writeAppealsCSV(e.stdout, appeals)
	}
	return writeAppealsTable(e.stdout, s.reg, appeals)
}

func writeAppealsCSV(w io.Writer, appeals []zhengzhi.Appeal) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "ruleset", "as_of", "unit", "item", "claim", "value", "evidence", "filed_by", "filed_at",
		"state", "ruling_value", "ruling_score", "ruling_reason", "ruled_by", "ruled_at"})
	for _, r := range appeal.NewListing(appeals).Appeals {
		var ev []string
		for _, e := range r.Evidence {
			ev = append(ev, e.Name+" sha256:"+e.SHA256)
		}
		row := []string{strconv.FormatInt(r.ID, 10), r.RuleSet, r.AsOf, r.Unit, r.Item, r.Claim, deref(r.Value),
			strings.Join(ev, "；"), r.FiledBy, r.FiledAt, r.State, "", "", "", "", ""}
		if g := r.Ruling; g != nil {
			score := ""
			if g.Score != nil {
				score = g.Score.String()
			}
			row = append(row[:11], deref(g.Value), score, g.Reason, g.By, g.At)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func writeAppealsTable(w io.Writer, reg *zhengzhi.Registry, appeals []zhengzhi.Appeal) error {
	t := newTable("编号", "考核", "单位", "考核项", "申诉值", "状态", "复核理由").alignRight(0)
	for _, r := range appeals {
		value, reason := "", ""
		if r.Value != nil {
			value = appeal.ValueText(r.Value)
		}
		if r.Ruling != nil {
			reason = r.Ruling.Reason
		}
		t.add(strconv.FormatInt(r.ID, 10), r.RuleSet+" "+r.AsOf.String(), reg.Name(r.Unit), r.Item, value, r.State.Label(), reason)
	}
	return t.write(w)
}
