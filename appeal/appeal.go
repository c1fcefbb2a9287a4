// Package appeal moves an assessment period through its states over the
// warehouse: publicize (公示) freezes a stored result and opens a window of
// working days; units file appeals (申诉) with evidence within it; the
// province office rules on each (复核); finalize closes the period once no
// appeal is pending. Every filing, evidence upload, ruling, refusal and
// state change goes into the audit log. The arithmetic of an accepted
// appeal is the domain's (zhengzhi.ApplyRulings); who may see a unit is the
// access rule's, handed in.
package appeal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/warehouse"
)

// The roles this package tells apart; they are the portal's role names.
const (
	roleProvince = "province"
	roleCity     = "city"
	roleCounty   = "county"
)

// The audit log's actions of this package.
const (
	ActPublicize = account.ActPublicize
	ActReview    = account.ActReview
	ActFinalize  = account.ActFinalize
	ActFile      = account.ActAppealFile
	ActEvidence  = account.ActAppealEvidence
	ActRule      = account.ActAppealRule
)

// The audit log's outcomes: the portal's word for success, and a refusal
// with its reason.
const (
	outcomeOK      = "成功"
	outcomeRefused = "拒绝："
)

// Refusal is a request refused for a reason a clerk reads and can act on
// (the command line exits 2 on it).
type Refusal struct{ Reason string }

// Error is the reason.
func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// ErrPending refuses to finalize a period while an appeal is pending.
var ErrPending = errors.New("尚有申诉待复核，不能定稿")

// Access is the access rule: whether an account sees a unit (its own, or a
// county under its city; every unit for the province). The portal's Access
// is one.
type Access interface {
	Sees(acct *warehouse.Account, unit string) bool
}

// Service is the appeals of one warehouse, registry, calendar and set of
// rule sets.
type Service struct {
	W *warehouse.Warehouse
	// Audit is the audit log every filing, ruling and state change is written to.
	Audit    Auditor
	Registry *zhengzhi.Registry
	Calendar *zhengzhi.Calendar
	RuleSets []*zhengzhi.RuleSet
	Access   Access
	// Loc is the province's time zone: a day ends at its midnight.
	Loc *time.Location
	// Now is the clock; nil is the system's.
	Now func() time.Time
}

// Actor is who asks and from where, for the audit log: an account's login
// (or the operating-system user on the command line) and the client
// (an address, or 命令行).
type Actor struct {
	Login  string
	Client string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Auditor is the audit log (account.AuditLog, whose keyed chain and
// anchors every row follows).
type Auditor interface {
	Append(ctx context.Context, entries []warehouse.AuditEntry) error
}

// Today is the day it is in the province's time zone.
func (s *Service) Today() zhengzhi.Date { return zhengzhi.Today(s.now(), s.Loc) }

// audit appends one row for an action of this package: the one place it
// writes the audit log.
func (s *Service) audit(ctx context.Context, who Actor, unit, action, target, outcome string) error {
	return s.Audit.Append(ctx, []warehouse.AuditEntry{{At: s.now(), Account: who.Login, Unit: unit,
		Client: who.Client, Action: action, Target: target, Outcome: outcome}})
}

// refused audits a refusal and returns it.
func (s *Service) refused(ctx context.Context, who Actor, unit, action, target string, err error) error {
	var r *Refusal
	if errors.As(err, &r) || errors.Is(err, ErrPending) {
		if aerr := s.audit(ctx, who, unit, action, target, outcomeRefused+err.Error()); aerr != nil {
			return errors.Join(err, aerr)
		}
	}
	return err
}

// RuleSet finds a rule set by id.
func (s *Service) RuleSet(id string) (*zhengzhi.RuleSet, error) {
	for _, rs := range s.RuleSets {
		if rs.ID == id {
			return rs, nil
		}
	}
	return nil, refuse("没有规则集 %s", id)
}

// periodTarget names a period in the audit log.
func periodTarget(rulesetID string, asOf zhengzhi.Date) string {
	return "period/" + rulesetID + "/" + asOf.String()
}

// Window is how long a 公示 stays open: Days working days after the day of
// publication, or until a date (inclusive).
type Window struct {
	Days  int
	Until zhengzhi.Date
}

// Publicize freezes a period (a rule set as of D, the date clamped to its
// window) over the stored result assessment, published today, and opens
// appeals until the window's deadline.
func (s *Service) Publicize(ctx context.Context, rs *zhengzhi.RuleSet, asOf zhengzhi.Date, assessment int64, win Window, who Actor) (zhengzhi.Period, error) {
	target := periodTarget(rs.ID, asOf)
	p, err := s.publicize(ctx, rs, asOf, assessment, win)
	if err != nil {
		return p, s.refused(ctx, who, "", ActPublicize, target, err)
	}
	return p, s.audit(ctx, who, "", ActPublicize, target, outcomeOK+"：公示至"+p.Deadline.String())
}

func (s *Service) publicize(ctx context.Context, rs *zhengzhi.RuleSet, asOf zhengzhi.Date, assessment int64, win Window) (zhengzhi.Period, error) {
	today := s.Today()
	p := zhengzhi.Period{RuleSet: rs.ID, AsOf: asOf, State: zhengzhi.PeriodPublic, Assessment: assessment, Published: today}
	switch {
	case win.Days > 0 && !win.Until.IsZero():
		return p, refuse("公示期只能给工作日数或截止日期之一")
	case win.Days > 0:
		d, err := s.Calendar.Deadline(today, win.Days)
		if err != nil {
			return p, refuse("无法计算公示截止日：%v", err)
		}
		p.Deadline = d
	case !win.Until.IsZero():
		if win.Until < today {
			return p, refuse("公示截止日%s早于今天%s", win.Until, today)
		}
		p.Deadline = win.Until
	default:
		return p, refuse("须给出公示期：工作日数或截止日期")
	}
	if _, ok, err := s.W.Period(ctx, rs.ID, asOf); err != nil {
		return p, err
	} else if ok {
		return p, refuse("%s（截至%s）已公示，不能再次公示", rs.Title, asOf)
	}
	if err := s.W.SavePeriod(ctx, p, "", s.now()); err != nil {
		if errors.Is(err, warehouse.ErrPeriodExists) {
			return p, refuse("%s（截至%s）已公示，不能再次公示", rs.Title, asOf)
		}
		return p, err
	}
	return p, nil
}

// Period reads a period past open, first moving a 公示 whose deadline has
// passed to 复核 (audited as a state change); false when the period is open.
func (s *Service) Period(ctx context.Context, rulesetID string, asOf zhengzhi.Date, who Actor) (zhengzhi.Period, bool, error) {
	p, ok, err := s.W.Period(ctx, rulesetID, asOf)
	if err != nil || !ok {
		return p, ok, err
	}
	if p.StateOn(s.Today()) == zhengzhi.PeriodReview && p.State == zhengzhi.PeriodPublic {
		err := s.W.SetPeriodState(ctx, rulesetID, asOf, zhengzhi.PeriodPublic, zhengzhi.PeriodReview, who.Login, s.now())
		if err == nil {
			err = s.audit(ctx, who, "", ActReview, periodTarget(rulesetID, asOf), outcomeOK+"：公示期已于"+p.Deadline.String()+"截止")
		} else if errors.Is(err, warehouse.ErrStateChanged) {
			err = nil // another writer moved it first
		}
		if err != nil {
			return p, true, err
		}
		p.State = zhengzhi.PeriodReview
	}
	return p, true, nil
}

// Filing is an appeal as a unit files it.
type Filing struct {
	RuleSet string
	// AsOf is the period's as-of date, as given; it is clamped to the rule
	// set's window like any assessment's.
	AsOf  zhengzhi.Date
	Unit  string
	Item  string
	Claim string
	// Value is the corrected value proposed, nil for none.
	Value    *zhengzhi.Value
	Evidence []Upload
}

// File files an appeal for the account whose login the actor names:
// refused (a *Refusal) after the deadline, for a unit the account may not
// file for, on an item the rule set does not have, or with a value that
// cannot be; each evidence upload is audited on its own row.
func (s *Service) File(ctx context.Context, f Filing, who Actor) (zhengzhi.Appeal, error) {
	target := "appeal/" + f.RuleSet + "/" + f.AsOf.String() + "/" + f.Unit + "/" + f.Item
	a, files, err := s.check(ctx, f, who)
	if err != nil {
		return a, s.refused(ctx, who, f.Unit, ActFile, target, err)
	}
	id, err := s.W.AddAppeal(ctx, a, files)
	if err != nil {
		return a, err
	}
	stored, err := s.W.Appeal(ctx, id)
	if err != nil {
		return a, err
	}
	target = "appeal/" + strconv.FormatInt(id, 10)
	if err := s.audit(ctx, who, f.Unit, ActFile, target, outcomeOK+"："+f.RuleSet+" "+a.AsOf.String()+" "+f.Unit+" "+f.Item); err != nil {
		return stored, err
	}
	for _, e := range stored.Evidence {
		if err := s.audit(ctx, who, f.Unit, ActEvidence, target+"/evidence/"+strconv.FormatInt(e.ID, 10),
			outcomeOK+"："+e.Name+" "+e.Type+" sha256:"+e.SHA256); err != nil {
			return stored, err
		}
	}
	return stored, nil
}

// check is the filing's refusals in the order a clerk would fix them, and
// the appeal and files to store when there is none.
func (s *Service) check(ctx context.Context, f Filing, who Actor) (zhengzhi.Appeal, []warehouse.EvidenceFile, error) {
	a := zhengzhi.Appeal{RuleSet: f.RuleSet, Unit: f.Unit, Item: f.Item, Claim: strings.TrimSpace(f.Claim),
		Value: f.Value, FiledBy: who.Login, FiledAt: s.now().UTC(), State: zhengzhi.AppealPending}
	rs, err := s.RuleSet(f.RuleSet)
	if err != nil {
		return a, nil, err
	}
	if a.AsOf, err = rs.WindowEnd(f.AsOf); err != nil {
		return a, nil, refuse("%v", err)
	}
	acct, err := s.W.AccountByLogin(ctx, who.Login)
	if errors.Is(err, warehouse.ErrNoAccount) || (err == nil && acct.Disabled) {
		return a, nil, refuse("账号%s不存在或已停用", who.Login)
	}
	if err != nil {
		return a, nil, err
	}
	p, ok, err := s.Period(ctx, rs.ID, a.AsOf, who)
	if err != nil {
		return a, nil, err
	}
	if !ok {
		return a, nil, refuse("%s（截至%s）尚未公示，不能申诉", rs.Title, a.AsOf)
	}
	switch p.State {
	case zhengzhi.PeriodReview:
		return a, nil, refuse("申诉期已于%s截止，不再受理申诉", p.Deadline)
	case zhengzhi.PeriodFinal:
		return a, nil, refuse("%s（截至%s）已是最终结果，不再受理申诉", rs.Title, a.AsOf)
	}
	unit, known := s.Registry.Unit(f.Unit)
	if !known || unit.Level != rs.Level {
		return a, nil, refuse("%s 不是本考核（%s）的被考核单位", f.Unit, rs.Title)
	}
	if (acct.Role != roleCity && acct.Role != roleCounty) || !s.Access.Sees(&acct, f.Unit) {
		return a, nil, refuse("账号%s不能为%s申诉：市、县局只能为本单位申诉（市局也可为所辖县局申诉）", who.Login, unit.Name)
	}
	kind, ok := rs.ItemKind(f.Item)
	if !ok {
		return a, nil, refuse("规则集%s没有考核项%s", rs.ID, f.Item)
	}
	if f.Value != nil {
		if err := zhengzhi.CheckValue(kind, *f.Value); err != nil {
			return a, nil, refuse("%v", err)
		}
	}
	if a.Claim == "" {
		return a, nil, refuse("须写明申诉事项和理由")
	}
	files, err := checkUploads(f.Evidence)
	return a, files, err
}

// Ruling is the province's decision as asked for: accept (with a value or,
// where the rule set allows, a score; or the value the unit proposed) or
// reject, with its reason.
type Ruling struct {
	Accept bool
	Value  *zhengzhi.Value
	Score  *zhengzhi.Score
	Reason string
}

// Rule records the province's final ruling on a pending appeal, signed by
// the actor's account, which must hold the province role.
func (s *Service) Rule(ctx context.Context, id int64, r Ruling, who Actor) (zhengzhi.Appeal, error) {
	target := "appeal/" + strconv.FormatInt(id, 10)
	a, ruling, state, err := s.checkRuling(ctx, id, r, who)
	if err != nil {
		return a, s.refused(ctx, who, a.Unit, ActRule, target, err)
	}
	if err := s.W.RuleAppeal(ctx, id, state, ruling); err != nil {
		if errors.Is(err, warehouse.ErrStateChanged) {
			return a, s.refused(ctx, who, a.Unit, ActRule, target, refuse("申诉%d已复核，裁定是终局的", id))
		}
		return a, err
	}
	if err := s.audit(ctx, who, a.Unit, ActRule, target, outcomeOK+"："+state.Label()); err != nil {
		return a, err
	}
	return s.W.Appeal(ctx, id)
}

func (s *Service) checkRuling(ctx context.Context, id int64, r Ruling, who Actor) (zhengzhi.Appeal, zhengzhi.Ruling, zhengzhi.AppealState, error) {
	ruling := zhengzhi.Ruling{Reason: strings.TrimSpace(r.Reason), By: who.Login, At: s.now().UTC()}
	acct, err := s.W.AccountByLogin(ctx, who.Login)
	if errors.Is(err, warehouse.ErrNoAccount) || (err == nil && (acct.Disabled || acct.Role != roleProvince || !s.Access.Sees(&acct, ""))) {
		return zhengzhi.Appeal{}, ruling, "", refuse("账号%s没有省局专项办角色，不能复核申诉", who.Login)
	}
	if err != nil {
		return zhengzhi.Appeal{}, ruling, "", err
	}
	a, err := s.W.Appeal(ctx, id)
	if errors.Is(err, warehouse.ErrNoAppeal) {
		return a, ruling, "", refuse("没有编号为%d的申诉", id)
	}
	if err != nil {
		return a, ruling, "", err
	}
	if a.State != zhengzhi.AppealPending {
		return a, ruling, "", refuse("申诉%d已复核，裁定是终局的", id)
	}
	rs, err := s.RuleSet(a.RuleSet)
	if err != nil {
		return a, ruling, "", err
	}
	p, ok, err := s.Period(ctx, a.RuleSet, a.AsOf, who)
	if err != nil {
		return a, ruling, "", err
	}
	if !ok || p.State == zhengzhi.PeriodFinal {
		return a, ruling, "", refuse("%s（截至%s）已是最终结果，不能再复核", rs.Title, a.AsOf)
	}
	if ruling.Reason == "" {
		return a, ruling, "", refuse("复核须写明理由")
	}
	if !r.Accept {
		if r.Value != nil || r.Score != nil {
			return a, ruling, "", refuse("不予采纳的裁定不能给认定值或得分")
		}
		return a, ruling, zhengzhi.AppealRejected, nil
	}
	if r.Value != nil && r.Score != nil {
		return a, ruling, "", refuse("采纳时认定值和认定得分只能给其一")
	}
	kind, _ := rs.ItemKind(a.Item)
	switch {
	case r.Score != nil:
		if !rs.AppealScore {
			return a, ruling, "", refuse("规则集%s不允许直接认定得分，请给出认定的指标值", rs.ID)
		}
		points := rs.ItemPoints(a.Item)
		if *r.Score < 0 || *r.Score > points {
			return a, ruling, "", refuse("认定得分%s超出该项分值0至%s", r.Score.Text(), points.Text())
		}
		ruling.Score = r.Score
	case r.Value != nil:
		ruling.Value = r.Value
	case a.Value != nil:
		ruling.Value = a.Value
	default:
		return a, ruling, "", refuse("申诉未提出更正值，采纳须给出认定的指标值")
	}
	if ruling.Value != nil {
		if err := zhengzhi.CheckValue(kind, *ruling.Value); err != nil {
			return a, ruling, "", refuse("%v", err)
		}
	}
	return a, ruling, zhengzhi.AppealAccepted, nil
}

// List lists the appeals the filter keeps.
func (s *Service) List(ctx context.Context, f warehouse.AppealFilter) ([]zhengzhi.Appeal, error) {
	return s.W.Appeals(ctx, f)
}

// Finalize closes a period whose window has ended and whose appeals are all
// ruled: its final result is the frozen one with the accepted rulings
// applied, stored as the period's newest result. ErrPending while an appeal
// is pending.
func (s *Service) Finalize(ctx context.Context, rulesetID string, asOf zhengzhi.Date, who Actor) (zhengzhi.Period, error) {
	target := periodTarget(rulesetID, asOf)
	p, err := s.finalize(ctx, rulesetID, asOf, who)
	if err != nil {
		return p, s.refused(ctx, who, "", ActFinalize, target, err)
	}
	return p, s.audit(ctx, who, "", ActFinalize, target, outcomeOK)
}

func (s *Service) finalize(ctx context.Context, rulesetID string, asOf zhengzhi.Date, who Actor) (zhengzhi.Period, error) {
	rs, err := s.RuleSet(rulesetID)
	if err != nil {
		return zhengzhi.Period{}, err
	}
	d, err := rs.WindowEnd(asOf)
	if err != nil {
		return zhengzhi.Period{}, refuse("%v", err)
	}
	p, ok, err := s.Period(ctx, rulesetID, d, who)
	if err != nil {
		return p, err
	}
	switch {
	case !ok:
		return p, refuse("%s（截至%s）尚未公示，不能定稿", rs.Title, d)
	case p.State == zhengzhi.PeriodFinal:
		return p, refuse("%s（截至%s）已是最终结果", rs.Title, d)
	case p.State == zhengzhi.PeriodPublic:
		return p, refuse("公示期至%s截止，截止前不能定稿", p.Deadline)
	}
	appeals, err := s.W.Appeals(ctx, warehouse.AppealFilter{RuleSet: rulesetID, AsOf: d})
	if err != nil {
		return p, err
	}
	var pending []string
	for _, a := range appeals {
		if a.State == zhengzhi.AppealPending {
			pending = append(pending, strconv.FormatInt(a.ID, 10))
		}
	}
	if len(pending) > 0 {
		return p, fmt.Errorf("%w：申诉%s", ErrPending, strings.Join(pending, "、"))
	}
	// The final result is stored as the newest result of the period, so
	// that every reader of stored results (the portal's pages, the trends
	// of later periods) shows it; it is re-derived from the frozen one and
	// the rulings, as assess does for any later render.
	frozen, err := s.W.StoredAssessmentByID(ctx, p.Assessment)
	if err != nil {
		return p, err
	}
	if frozen.RuleSetHash != rs.Hash {
		return p, refuse("规则集%s的文件在公示后被修改，须恢复公示时的文件后再定稿", rs.ID)
	}
	frozen.Assessment.RuleSet = rs
	final, values := zhengzhi.ApplyRulings(rs, frozen.Assessment, frozen.Values, appeals)
	if _, err := s.W.SaveAssessment(ctx, final, frozen.RegistryHash, values, frozen.Pulls); err != nil {
		return p, err
	}
	if err := s.W.SetPeriodState(ctx, rulesetID, d, zhengzhi.PeriodReview, zhengzhi.PeriodFinal, who.Login, s.now()); err != nil {
		return p, err
	}
	p.State = zhengzhi.PeriodFinal
	return p, nil
}
