package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// The appeals pages (申诉与复核): a unit sees the provisional result of each
// period in 公示 (the final one once final), the working days left to appeal, a form to file an appeal
// with evidence and its appeals' states; a city sees its counties' appeals
// too; the province office sees every appeal and rules on it from the page.
// What may be filed or ruled, and by whom, is the appeal package's to say;
// which units' appeals a page lists is the access rule's.

// appealsPeriod is one period as the appeals page shows it.
type appealsPeriod struct {
	RuleSetID, Title string
	AsOf             zhengzhi.Date
	State            string
	Open             bool
	// Final is set once the period is final: its results are the final ones.
	Final    bool
	Deadline zhengzhi.Date
	// DaysLeft counts the working days left to appeal, today included.
	DaysLeft int
	// Ranks are the results of the units the viewer sees, in rank order
	// (名次 among all ranked, 否决 and the note on vetoed units), as the home
	// page shows a ranking: provisional, or final once the period is.
	Ranks scoreTable
	// Card is the scorecard of the viewer's one unit, when it sees one.
	Card *reports.Scorecard
	// Accepted counts the period's accepted appeals; before the period is
	// final their rulings are not yet in the result shown.
	Accepted int
	// Items are the rule set's items, for the form.
	Items []appealItem
	// Fileable are the units the viewer may file for.
	Fileable []zhengzhi.Unit
}

// appealItem is an item as the filing form offers it: its 序号 on the
// scorecard, its title, and whether its value is a yes/no (是/否).
type appealItem struct {
	ID, Title string
	No        int
	Flag      bool
}

// appealsRow is one appeal in the page's list.
type appealsRow struct {
	zhengzhi.Appeal
	// UnitName is the unit appealing, Assessment the rule set's short title
	// and Title the item's (its id when the rule set is gone).
	UnitName, Assessment, Title, State string
	// Value and RuledValue are the values claimed and accepted as the
	// scorecard's 指标情况 prints them (是/否 for a yes/no item).
	Value, RuledValue string
	// Flag is set when the item's value is a yes/no: the ruling form offers 是/否.
	Flag bool
	// Frozen is the item's value and score in the frozen result, what a
	// ruling would change; nil when the result lacks the item.
	Frozen *reports.ScorecardItem
	// FiledBy and RuledBy are the accounts' units (省局专项办 for the province office).
	FiledBy, RuledBy string
	// Filed and Ruled are when, in the province's time.
	Filed, Ruled string
	Evidence     []evidenceLink
	Pending      bool
	Accepted     bool
}

// evidenceLink is an evidence file as the page links it: its name and size
// in KB, its sha256 for the link's title.
type evidenceLink struct {
	ID         int64
	Name, Size string
	SHA256     string
}

type appealsData struct {
	Periods []appealsPeriod
	Appeals []appealsRow
	// Rules is set for the province office: it rules from the page, and
	// sees the appeals first, Pending of them awaiting its ruling.
	Rules   bool
	Pending int
	Notice  string
	Error   string
}

// appealsOn reports whether the portal has the appeals pages.
func (s *Server) appealsOn(w http.ResponseWriter, r *http.Request) bool {
	if s.opt.Appeals == nil {
		s.notFound(w, r)
		return false
	}
	return true
}

func (s *Server) appealsPage(w http.ResponseWriter, r *http.Request) {
	if !s.appealsOn(w, r) {
		return
	}
	notice := ""
	if id := r.URL.Query().Get("filed"); id != "" {
		notice = "申诉" + id + "已受理。"
	}
	if id := r.URL.Query().Get("ruled"); id != "" {
		notice = "申诉" + id + "已复核。"
	}
	s.renderAppeals(w, r, http.StatusOK, notice, "")
}

func (s *Server) renderAppeals(w http.ResponseWriter, r *http.Request, status int, notice, problem string) {
	v := viewerOf(r)
	ctx := r.Context()
	svc := s.opt.Appeals
	data := appealsData{Notice: notice, Error: problem, Rules: s.access.SeesOperations(&v.acct)}
	periods, err := s.w.Periods(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every appeal is read: a ruling accepted for any unit may move the
	// ranks the viewer sees; the list shows only the viewer's units' appeals.
	appeals, err := svc.List(ctx, warehouse.AppealFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := svc.Today()
	ruleSets := map[string]*zhengzhi.RuleSet{}
	frozen := map[periodKey]*warehouse.StoredAssessment{}
	for _, p := range periods {
		rs, err := svc.RuleSet(p.RuleSet)
		if err != nil {
			continue // a period of a rule set no longer configured
		}
		ruleSets[rs.ID] = rs
		state := p.StateOn(today)
		ap := appealsPeriod{RuleSetID: rs.ID, Title: rs.Title, AsOf: p.AsOf, State: state.Label(),
			Open: state == zhengzhi.PeriodPublic, Final: state == zhengzhi.PeriodFinal, Deadline: p.Deadline}
		if ap.Open {
			if ap.DaysLeft, err = svc.Calendar.WorkingDaysLeft(today, p.Deadline); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		stored, err := s.w.StoredAssessmentByID(ctx, p.Assessment)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		frozen[periodKey{rs.ID, p.AsOf}] = stored
		if ap.Final {
			// The final result is the period's newest stored one (finalize
			// stores it), as the unit and home pages show it.
			h, err := s.scores.History(ctx, rs.ID, p.AsOf)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if n := len(h); n > 0 && h[n-1].AsOf == p.AsOf {
				stored = &h[n-1]
			}
		}
		sees := func(c zhengzhi.Scorecard) bool { return s.access.Sees(&v.acct, c.Unit.Code) }
		ap.Ranks = s.table(v, period{RuleSet: rs, Current: stored}, sees, true)
		if len(ap.Ranks.Rows) == 0 {
			continue
		}
		if len(ap.Ranks.Rows) == 1 {
			if sc, ok := s.scores.Scorecard(stored, ap.Ranks.Rows[0].Code); ok {
				ap.Card = &sc
			}
		}
		for i, it := range stored.Assessment.Units[0].Items {
			ap.Items = append(ap.Items, appealItem{ID: it.ID, Title: it.Title, No: i + 1, Flag: it.Kind == zhengzhi.Flag})
		}
		if ap.Open && (v.acct.Role == account.RoleCity || v.acct.Role == account.RoleCounty) {
			for _, c := range stored.Assessment.Units {
				if sees(c) {
					ap.Fileable = append(ap.Fileable, c.Unit)
				}
			}
		}
		for _, a := range appeals {
			if a.RuleSet == rs.ID && a.AsOf == p.AsOf && a.State == zhengzhi.AppealAccepted {
				ap.Accepted++
			}
		}
		data.Periods = append(data.Periods, ap)
	}
	var mine map[string]bool
	if !s.access.ProvinceWide(&v.acct) {
		mine = map[string]bool{}
		for _, u := range s.access.Units(&v.acct) {
			mine[u.Code] = true
		}
	}
	var signers map[string]string
	if len(appeals) > 0 {
		if signers, err = s.signers(ctx); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, a := range slices.Backward(appeals) {
		if mine != nil && !mine[a.Unit] {
			continue
		}
		data.Appeals = append(data.Appeals, s.appealRow(a, ruleSets[a.RuleSet], frozen[periodKey{a.RuleSet, a.AsOf}], signers))
		if a.State == zhengzhi.AppealPending {
			data.Pending++
		}
	}
	if err := s.audit(r, v, account.ActPage, r.URL.Path, account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, status, "appeals", layout{Title: "申诉与复核", Data: data})
}

// appealRow is an appeal as the page lists it, read against its rule set
// and its period's frozen result (either nil when the period's rule set is
// no longer configured); signers name the accounts that filed and ruled.
func (s *Server) appealRow(a zhengzhi.Appeal, rs *zhengzhi.RuleSet, frozen *warehouse.StoredAssessment, signers map[string]string) appealsRow {
	row := appealsRow{Appeal: a, UnitName: s.reg.Name(a.Unit), Title: a.Item, State: a.State.Label(),
		Pending: a.State == zhengzhi.AppealPending, Accepted: a.State == zhengzhi.AppealAccepted,
		FiledBy: signer(signers, a.FiledBy), Filed: s.localTime(a.FiledAt)}
	value := func(v *zhengzhi.Value) string { return appeal.ValueText(v) }
	if rs != nil {
		row.Assessment = rs.ShortTitle()
		if kind, ok := rs.ItemKind(a.Item); ok {
			row.Flag = kind == zhengzhi.Flag
			value = func(v *zhengzhi.Value) string { return reports.Basis(kind, *v) }
		}
		for _, it := range rs.Items {
			if it.ID == a.Item {
				row.Title = it.Title
			}
		}
	}
	if frozen != nil {
		if sc, ok := s.scores.Scorecard(frozen, a.Unit); ok {
			for _, it := range sc.Items {
				if it.ID == a.Item {
					row.Frozen = &it
				}
			}
		}
	}
	if a.Value != nil {
		row.Value = value(a.Value)
	}
	for _, e := range a.Evidence {
		row.Evidence = append(row.Evidence, evidenceLink{ID: e.ID, Name: e.Name, Size: kilobytes(e.Size), SHA256: e.SHA256})
	}
	if a.Ruling != nil {
		row.Ruled, row.RuledBy = s.localTime(a.Ruling.At), signer(signers, a.Ruling.By)
		if a.Ruling.Value != nil {
			row.RuledValue = value(a.Ruling.Value)
		}
	}
	return row
}

// signers names each account by what signs its filings and rulings: its
// unit's name, or 省局专项办 for the province office.
func (s *Server) signers(ctx context.Context) (map[string]string, error) {
	accts, err := s.w.Accounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, a := range accts {
		out[a.Login] = s.reg.Name(a.Unit)
		if a.Role == account.RoleProvince {
			out[a.Login] = account.RoleLabel(a.Role)
		}
	}
	return out, nil
}

// signer is an account's name among signers; the login itself when the
// account is gone.
func signer(signers map[string]string, login string) string {
	if name, ok := signers[login]; ok {
		return name
	}
	return login
}

// kilobytes is a file's size in KB with one decimal, in MB from 1 MB on.
func kilobytes(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}

// maxAppealForm bounds a filing's request: every evidence file at its
// limit, and room for the fields.
const maxAppealForm = appeal.MaxEvidenceFiles*appeal.MaxEvidenceSize + 1<<20

func (s *Server) fileAppeal(w http.ResponseWriter, r *http.Request) {
	if !s.appealsOn(w, r) {
		return
	}
	v := viewerOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxAppealForm)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "申诉表单无法读取（证明材料合计过大？）："+err.Error())
		return
	}
	defer r.MultipartForm.RemoveAll()
	asOf, err := zhengzhi.ParseDate(r.FormValue("as_of"))
	if err != nil {
		s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "考核期日期有误")
		return
	}
	f := appeal.Filing{RuleSet: r.FormValue("ruleset"), AsOf: asOf, Unit: r.FormValue("unit"), Item: r.FormValue("item"),
		Claim: r.FormValue("claim")}
	if text := s.claimedValue(r, f.RuleSet, f.Item); text != "" {
		val, err := appeal.ParseValue(text)
		if err != nil {
			s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "申诉值："+err.Error())
			return
		}
		f.Value = &val
	}
	for _, fh := range r.MultipartForm.File["evidence"] {
		if fh.Size > appeal.MaxEvidenceSize {
			s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "证明材料"+fh.Filename+"超过10MB的上限")
			return
		}
		file, err := fh.Open()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		b, err := io.ReadAll(file)
		file.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.Evidence = append(f.Evidence, appeal.Upload{Name: fh.Filename, Content: b})
	}
	a, err := s.opt.Appeals.File(r.Context(), f, appeal.Actor{Login: v.acct.Login, Client: s.proxies.clientAddr(r)})
	if s.appealRefused(w, r, err) {
		return
	}
	http.Redirect(w, r, "/appeals?filed="+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

func (s *Server) ruleAppeal(w http.ResponseWriter, r *http.Request) {
	if !s.appealsOn(w, r) {
		return
	}
	v := viewerOf(r)
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	rl := appeal.Ruling{Accept: r.FormValue("decision") == "accept", Reason: r.FormValue("reason")}
	if text := strings.TrimSpace(r.FormValue("value")); text != "" {
		val, err := appeal.ParseValue(text)
		if err != nil {
			s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "认定值："+err.Error())
			return
		}
		rl.Value = &val
	}
	if text := strings.TrimSpace(r.FormValue("score")); text != "" {
		var sc zhengzhi.Score
		if err := sc.UnmarshalJSON([]byte(text)); err != nil {
			s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", "认定得分应为数字")
			return
		}
		rl.Score = &sc
	}
	if _, err := s.opt.Appeals.Rule(r.Context(), id, rl, appeal.Actor{Login: v.acct.Login, Client: s.proxies.clientAddr(r)}); s.appealRefused(w, r, err) {
		return
	}
	http.Redirect(w, r, "/appeals?ruled="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// claimedValue is the value a filing claims for an item: for a yes/no item
// the 是/否 chosen (or, where the browser showed no choice, what was typed),
// for the others what was typed.
func (s *Server) claimedValue(r *http.Request, ruleSet, item string) string {
	typed := strings.TrimSpace(r.FormValue("value"))
	if rs, err := s.opt.Appeals.RuleSet(ruleSet); err == nil {
		if kind, ok := rs.ItemKind(item); ok && kind == zhengzhi.Flag {
			if chosen := r.FormValue("flag"); chosen != "" {
				return chosen
			}
		}
	}
	return typed
}

// pathID is the id a path such as /appeals/{id}/rule names; a path whose
// id is no number is answered as not found, and ok is false.
func (s *Server) pathID(w http.ResponseWriter, r *http.Request) (id int64, ok bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return 0, false
	}
	return id, true
}

// appealRefused answers a refused filing or ruling with the page and its
// reason, and any other error as a failure; false when there was none.
func (s *Server) appealRefused(w http.ResponseWriter, r *http.Request, err error) bool {
	if err == nil {
		return false
	}
	var refusal *appeal.Refusal
	if errors.As(err, &refusal) {
		s.renderAppeals(w, r, http.StatusUnprocessableEntity, "", refusal.Reason)
	} else {
		s.fail(w, r, err)
	}
	return true
}

// evidenceFile serves an evidence file to an account that sees its unit,
// as an attachment of the type read from its bytes when it was filed.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) {
	if !s.appealsOn(w, r) {
		return
	}
	v := viewerOf(r)
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	f, appealID, err := s.w.EvidenceContent(r.Context(), id)
	if errors.Is(err, warehouse.ErrNoAppeal) {
		s.refuse(w, r, r.URL.Path, "证明材料不存在")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.w.Appeal(r.Context(), appealID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.access.Sees(&v.acct, a.Unit) {
		s.refuse(w, r, r.URL.Path, "无权查看该证明材料")
		return
	}
	if err := s.audit(r, v, account.ActDownload, r.URL.Path, account.OutcomeOK+" sha256:"+f.SHA256); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `attachment; filename="evidence-`+strconv.FormatInt(f.ID, 10)+`"; filename*=UTF-8''`+rfc5987(f.Name))
	w.Write(f.Content)
}
