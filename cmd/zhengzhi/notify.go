package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/notify"
	"zhengzhi/pipeline"
	"zhengzhi/publish"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// notifier is a deployment's notices: the recorder that turns events into the
// outbox's rows and the deliverer that sends what is due.
type notifier struct {
	s       *deployment
	rec     notify.Recorder
	deliver *notify.Deliverer
	log     *slog.Logger
}

// newNotifier wires the notices of a deployment: recipients are the enabled
// accounts (the portal's 通知 list, and mail where the account has an
// address and smtp is configured) and the configured robots, each with the
// access rule's answer for it.
func (s *deployment) newNotifier(log *slog.Logger) *notifier {
	cfg := s.cfg.Notify
	access := account.NewAccess(s.reg)
	senders := map[string]notify.Sender{}
	if cfg.SMTP != nil {
		senders[notify.Mail] = notify.MailSender{Portal: cfg.PortalURL, Now: time.Now, Server: notify.SMTP{
			Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, From: cfg.SMTP.From, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, StartTLS: cfg.SMTP.StartTLS}}
	}
	robots := notify.RobotSender{Portal: cfg.PortalURL, Now: time.Now, Robots: map[string]notify.RobotConfig{}}
	for _, r := range cfg.Robots {
		robots.Robots[r.Name] = notify.RobotConfig{Name: r.Name, Unit: r.Unit, Kind: r.Kind, URL: r.URL, Secret: r.Secret}
	}
	if len(cfg.Robots) > 0 {
		senders[notify.Robot] = robots
	}
	recipients := func(ctx context.Context) ([]notify.Recipient, error) {
		accounts, err := s.w.Accounts(ctx)
		if err != nil {
			return nil, err
		}
		emails, err := s.w.AccountEmails(ctx)
		if err != nil {
			return nil, err
		}
		var out []notify.Recipient
		for _, a := range accounts {
			if a.Disabled {
				continue
			}
			sees := func(unit string) bool { return access.Sees(&a, unit) }
			seesFile := func(f notify.File) bool {
				return access.SeesFile(&a, publish.File{Path: f.Path, Kind: f.Kind, Unit: f.Unit})
			}
			key := "account:" + a.Login
			out = append(out, notify.Recipient{Key: key, Channel: notify.Inbox, Sees: sees, SeesFile: seesFile})
			if addr := emails[a.Login]; addr != "" && cfg.SMTP != nil {
				out = append(out, notify.Recipient{Key: key, Channel: notify.Mail, Address: addr, Sees: sees, SeesFile: seesFile})
			}
		}
		for _, r := range cfg.Robots {
			office := &warehouse.Account{Unit: r.Unit, Role: officeRole(s.reg, r.Unit)}
			out = append(out, notify.Recipient{Key: "robot:" + r.Name, Channel: notify.Robot, Address: r.Name,
				Sees: func(unit string) bool { return access.Sees(office, unit) },
				SeesFile: func(f notify.File) bool {
					return access.SeesFile(office, publish.File{Path: f.Path, Kind: f.Kind, Unit: f.Unit})
				}})
		}
		return out, nil
	}
	host, _ := os.Hostname()
	return &notifier{s: s, log: log,
		rec: notify.Recorder{Store: s.w, Recipients: recipients, Spread: time.Minute},
		deliver: &notify.Deliverer{Outbox: s.w, Senders: senders, Now: time.Now, Owner: fmt.Sprintf("%s/%d", host, os.Getpid()),
			MaxAttempts: cfg.MaxAttempts, Backoff: time.Minute, MaxBackoff: time.Hour, Log: log,
			PerMinute: func(n warehouse.Notice) int {
				if n.Channel != notify.Robot {
					return 0
				}
				return robots.Robots[n.Address].PerMinute()
			}}}
}

// officeRole is the role of the office a robot speaks to: the one that
// fits its unit's level, so the robot hears what that office's account would.
func officeRole(reg *zhengzhi.Registry, unit string) string {
	u, _ := reg.Unit(unit)
	switch u.Level {
	case zhengzhi.LevelProvince:
		return account.RoleProvince
	case zhengzhi.LevelCity:
		return account.RoleCity
	}
	return account.RoleCounty
}

// recordPublished records the event of every date's published set not yet
// recorded: after a render, and at the start of schedule and serve, so a
// process that died between publishing and recording loses no notice.
func (n *notifier) recordPublished(ctx context.Context) error {
	out := publish.NewReader(n.s.cfg.Output, time.Now)
	dates, err := out.Dates()
	if err != nil {
		return err
	}
	if len(dates) == 0 {
		return nil
	}
	// The rule sets are read once for every date, not once per date.
	ruleSets, err := pipeline.RuleSets(n.s.cfg)
	if err != nil {
		return err
	}
	var errs []error
	for _, d := range dates {
		set, err := out.Date(d)
		if err == nil {
			err = n.recordDate(ctx, set, ruleSets)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d, err))
		}
	}
	return errors.Join(errs...)
}

func (n *notifier) recordDate(ctx context.Context, set *publish.Dated, ruleSets []*zhengzhi.RuleSet) error {
	d := set.Date
	g := notify.Generation{AsOf: d}
	for _, f := range set.Files {
		g.Files = append(g.Files, notify.File{Path: f.Path, Kind: f.Kind, Unit: f.Unit, SHA256: f.SHA256})
	}
	for _, rs := range ruleSets {
		stored, ok, err := n.s.w.StoredAssessment(ctx, rs.ID, rs.Hash, d)
		if err != nil {
			return err
		}
		if ok {
			a := *stored.Assessment
			a.RuleSet = rs
			g.Results = append(g.Results, &a)
		}
	}
	added, err := n.rec.RecordOnce(ctx, notify.GenerationEvent(g, n.s.reg, time.Now()))
	if added > 0 {
		n.log.Info("已生成通知", "日期", d.String(), "条数", added)
	}
	return err
}

// Published records the notices of what a render published. A render that
// failed whole published nothing new and so tells nobody; a failure to
// record is logged and found again at the next start.
func (n *notifier) Published(ctx context.Context) {
	if err := n.recordPublished(context.WithoutCancel(ctx)); err != nil {
		n.log.Error("通知未能生成，下次启动时补发", "原因", err.Error())
	}
}

// startNotices records what was published while no process was recording,
// then delivers what is due every 15 seconds, and clears the 通知 list of
// notices older than the config keeps, until ctx ends.
func (s *deployment) startNotices(ctx context.Context, log *slog.Logger) error {
	if _, err := pipeline.RuleSets(s.cfg); err != nil {
		return err
	}
	n := s.newNotifier(log)
	n.Published(ctx)
	go n.deliver.Run(ctx, 15*time.Second)
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if _, err := s.w.PurgeInbox(ctx, time.Now().Add(-s.cfg.Notify.Keep)); err != nil && ctx.Err() == nil {
				log.Error("清理过期门户通知出错", "原因", err.Error())
			}
			if err := n.recordDeadlines(ctx); err != nil && ctx.Err() == nil {
				log.Error("公示截止提醒未能生成", "原因", err.Error())
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return nil
}

// Tell records an event of a period or an appeal (appeal.Teller).
func (n *notifier) Tell(ctx context.Context, ev appeal.Event) {
	_, err := n.rec.Record(context.WithoutCancel(ctx), notify.Event{Key: ev.Key, Kind: ev.Kind, Units: ev.Units,
		Title: ev.Title, Link: ev.Link, At: time.Now()})
	if err != nil {
		n.log.Error("申诉通知未能生成", "事件", ev.Key, "原因", err.Error())
	}
}

// recordDeadlines tells the units of every period in 公示 whose window
// closes within two working days (once per period).
func (n *notifier) recordDeadlines(ctx context.Context) error {
	periods, err := n.s.w.Periods(ctx)
	if err != nil || len(periods) == 0 {
		return err
	}
	cal, err := templates.Calendar(n.s.cfg.Templates)
	if err != nil {
		return err
	}
	ruleSets, err := pipeline.RuleSets(n.s.cfg)
	if err != nil {
		return err
	}
	today := n.s.today()
	for _, p := range periods {
		if p.StateOn(today) != zhengzhi.PeriodPublic {
			continue
		}
		left, err := cal.WorkingDaysLeft(today, p.Deadline)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ruleSets, func(rs *zhengzhi.RuleSet) bool { return rs.ID == p.RuleSet })
		if left > 2 || i < 0 {
			continue
		}
		rs := ruleSets[i]
		var units []string
		for _, u := range n.s.reg.Units(rs.Level) {
			units = append(units, u.Code)
		}
		ev := notify.Event{Key: "deadline:" + p.RuleSet + ":" + p.AsOf.String(), Kind: notify.KindDeadline, Units: units,
			Title: fmt.Sprintf("%s（截至%s）公示期将于%s结束，还剩%d个工作日，如有异议请及时申诉", rs.Title, p.AsOf.Chinese(), p.Deadline.Chinese(), left),
			Link:  "/appeals", At: time.Now()}
		if _, err := n.rec.Record(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

// Ingested records the events the bureaus' latest pulls leave: rows set
// aside, and data stale for longer than the config allows (催报).
func (n *notifier) Ingested(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	pulls, err := n.s.w.LatestPulls(ctx)
	if err == nil {
		for _, ev := range notify.IngestEvents(pulls, n.s.reg, time.Now(), n.s.cfg.Notify.StaleAfter) {
			if _, err = n.rec.Record(ctx, ev); err != nil {
				break
			}
		}
	}
	if err != nil {
		n.log.Error("拉取后的通知未能生成", "原因", err.Error())
	}
}

// notifyCommands are the subcommands of `zhengzhi notify`.
var notifyCommands = []struct{ name, summary string }{
	{"send", "send: record the published reports' notices and deliver every notice that is due, once, then exit"},
	{"status", "status [--state pending|sent|failed] [--format table|json|csv]: the notices and their state"},
}

func runNotify(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stderr, "usage: zhengzhi notify COMMAND [flags]   (notices to the portal, mail and group robots)")
		for _, c := range notifyCommands {
			fmt.Fprintf(e.stderr, "  %-7s %s\n", c.name, c.summary)
		}
		if len(args) == 0 {
			return usageError{errors.New("a notify command is required")}
		}
		return flag.ErrHelp
	}
	sub, rest := args[0], args[1:]
	fs, cfgPath := flags(e, "notify "+sub, "Notices to the portal's 通知 list, mail and group robots.")
	format := formatFlag(fs, "table", "json", "csv")
	state := choiceFlag(fs, "state", "notify status: only notices in this state", "", warehouse.NoticePending, warehouse.NoticeSent, warehouse.NoticeFailed)
	switch sub {
	case "send", "status":
	default:
		return usageError{fmt.Errorf("unknown notify command %q: want send or status", sub)}
	}
	cfg, err := parse(fs, cfgPath, rest)
	if err != nil {
		return err
	}
	if _, err := pipeline.RuleSets(cfg); err != nil {
		return usageError{err}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	n := s.newNotifier(e.log)
	if sub == "send" {
		if err := n.recordPublished(ctx); err != nil {
			return err
		}
		n.deliver.Ahead = time.Minute
		rep, err := n.deliver.DeliverDue(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已发送 %d 条，待重试 %d 条，失败 %d 条，顺延 %d 条\n", rep.Sent, rep.Retried, rep.Failed, rep.Postponed)
		return nil
	}
	list, err := s.w.Notices(ctx, warehouse.NoticeFilter{State: state.value})
	if err != nil {
		return err
	}
	switch format.value {
	case "json":
		if list == nil {
			list = []warehouse.Notice{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"notices": list})
	case "csv":
		// A BOM, so Excel on a Chinese Windows desktop reads UTF-8.
		fmt.Fprint(e.stdout, "\ufeff")
		w := csv.NewWriter(e.stdout)
		w.Write(noticeHeader)
		for _, nt := range list {
			w.Write(noticeRow(nt, s.loc))
		}
		w.Flush()
		return w.Error()
	}
	t := newTable(noticeHeader...).alignRight(0, 6)
	for _, nt := range list {
		t.add(noticeRow(nt, s.loc)...)
	}
	return t.write(e.stdout)
}

var noticeHeader = []string{"编号", "接收方", "渠道", "状态", "标题", "生成时间", "尝试次数", "最近错误"}

func noticeRow(n warehouse.Notice, loc *time.Location) []string {
	return []string{fmt.Sprint(n.ID), n.Recipient, channelLabel(n.Channel), stateLabel(n.State), n.Title,
		n.CreatedAt.In(loc).Format("2006-01-02 15:04"), fmt.Sprint(n.Attempts), n.LastError}
}

func channelLabel(c string) string {
	switch c {
	case notify.Inbox:
		return "门户通知"
	case notify.Mail:
		return "邮件"
	case notify.Robot:
		return "群机器人"
	}
	return c
}

func stateLabel(s string) string {
	switch s {
	case warehouse.NoticePending:
		return "待发送"
	case warehouse.NoticeSent:
		return "已送达"
	case warehouse.NoticeFailed:
		return "失败"
	}
	return s
}
