package portal

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/appeal"
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
	// Units are the results of the units the viewer sees: provisional, or
	// final once the period is.
	Units []appealsUnit
	// Items are the rule set's items, for the form.
	Items []zhengzhi.ItemScore
	// Fileable are the units the viewer may file for.
	Fileable []zhengzhi.Unit
}

// appealsUnit is one unit's result in a period.
type appealsUnit struct {
	Unit  zhengzhi.Unit
	Card  zhengzhi.Scorecard
	Items []zhengzhi.ItemScore
}

// appealsRow is one appeal in the page's list.
type appealsRow struct {
	zhengzhi.Appeal
	UnitName, Title, Value, State string
	RuledValue                    string
	// Filed and Ruled are when, in the province's time.
	Filed, Ruled string
	Pending      bool
}

type appealsData struct {
	Periods []appealsPeriod
	Appeals []appealsRow
	// Rules is set for the province office: it rules from the page.
	Rules  bool
	Notice string
	Error  string
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
	today := svc.Today()
	titles := map[string]map[string]string{}
	for _, p := range periods {
		rs, err := svc.RuleSet(p.RuleSet)
		if err != nil {
			continue // a period of a rule set no longer configured
		}
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
		titles[rs.ID] = map[string]string{}
		for _, c := range stored.Assessment.Units {
			for _, it := range c.Items {
				titles[rs.ID][it.ID] = it.Title
			}
			if !s.access.Sees(&v.acct, c.Unit.Code) {
				continue
			}
			if len(ap.Items) == 0 {
				ap.Items = c.Items
			}
			ap.Units = append(ap.Units, appealsUnit{Unit: c.Unit, Card: c, Items: c.Items})
			if ap.Open && (v.acct.Role == account.RoleCity || v.acct.Role == account.RoleCounty) {
				ap.Fileable = append(ap.Fileable, c.Unit)
			}
		}
		slices.SortStableFunc(ap.Units, func(a, b appealsUnit) int { return a.Card.Rank - b.Card.Rank })
		if len(ap.Units) > 0 {
			data.Periods = append(data.Periods, ap)
		}
	}
	var units []string
	if !s.access.ProvinceWide(&v.acct) {
		units = []string{}
		for _, u := range s.access.Units(&v.acct) {
			units = append(units, u.Code)
		}
	}
	appeals, err := svc.List(ctx, warehouse.AppealFilter{Units: units})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range slices.Backward(appeals) {
		row := appealsRow{Appeal: a, UnitName: s.reg.Name(a.Unit), Title: titles[a.RuleSet][a.Item], State: a.State.Label(),
			Pending: a.State == zhengzhi.AppealPending, Filed: s.localTime(a.FiledAt)}
		if a.Value != nil {
			row.Value = appeal.ValueText(a.Value)
		}
		if a.Ruling != nil {
			row.Ruled = s.localTime(a.Ruling.At)
			if a.Ruling.Value != nil {
				row.RuledValue = appeal.ValueText(a.Ruling.Value)
			}
		}
		data.Appeals = append(data.Appeals, row)
	}
	if err := s.audit(r, v, account.ActPage, r.URL.Path, account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, status, "appeals", layout{Title: "申诉与复核", Data: data})
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
	if text := strings.TrimSpace(r.FormValue("value")); text != "" {
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
