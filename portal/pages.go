package portal

import (
	"html/template"
	"net/http"
	"slices"
	"sync"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/warehouse"
)

// scoreRow is one unit's result in one rule set, with its change since the
// period before.
type scoreRow struct {
	Code, Name string
	Link       bool // the viewer may open the unit's page
	Total      zhengzhi.Score
	Grade      string
	Rank       int
	Peers      int
	Vetoed     bool
	// Own marks the viewer's own unit, highlighted in a ranking.
	Own bool
	// HasPrevious is set when the unit was scored in the period before;
	// Change is the total's change and RankChange the places gained.
	HasPrevious bool
	Change      zhengzhi.Score
	RankChange  int
}

// scoreTable is a rule set's rows on a page.
type scoreTable struct {
	RuleSet  string
	Title    string
	Level    zhengzhi.Level
	AsOf     zhengzhi.Date
	Previous zhengzhi.Date
	Rows     []scoreRow
	// VetoedLast is set on a ranking where a vetoed unit ranks last (列末位),
	// so its order is not the totals' order and the page says why.
	VetoedLast bool
	// State is where the result stands once its period is past open, as the
	// reports mark it: 公示稿 (in 公示 or 复核, with the window's Deadline) or
	// 最终结果; "" while open.
	State    string
	Deadline zhengzhi.Date
}

// table lists a period's results of the units keep selects, in the order
// given (registry order, or rank order for a ranking).
func (s *Server) table(v *viewer, p period, keep func(zhengzhi.Scorecard) bool, byRank bool) scoreTable {
	t := scoreTable{RuleSet: p.RuleSet.ID, Title: p.RuleSet.Title, Level: p.RuleSet.Level}
	if p.Current == nil {
		return t
	}
	t.AsOf = p.Current.AsOf
	if r := p.Current.Assessment.Review; r != nil {
		t.State, t.Deadline = p.Current.Assessment.StateMark(), r.Deadline
	}
	if p.Previous != nil {
		t.Previous = p.Previous.AsOf
	}
	cards := p.Current.Assessment.Units
	if byRank {
		cards = slices.Clone(cards)
		slices.SortStableFunc(cards, func(a, b zhengzhi.Scorecard) int { return a.Rank - b.Rank })
	}
	for _, c := range cards {
		if !keep(c) {
			continue
		}
		// Another unit's row is as the province circulates it: rank, total,
		// grade and its veto (the 通报 issued to every city names the vetoed
		// units), so a vetoed unit ranked last below lower totals is marked for
		// every reader. Only the link to its page depends on the account.
		row := scoreRow{Code: c.Unit.Code, Name: c.Unit.Name, Link: s.access.Sees(&v.acct, c.Unit.Code), Total: c.Total,
			Grade: c.Grade, Rank: c.Rank, Peers: len(cards), Vetoed: c.Vetoed, Own: c.Unit.Code == v.acct.Unit}
		t.VetoedLast = t.VetoedLast || byRank && p.RuleSet.RanksLast(c)
		if prev, ok := card(p.Previous, c.Unit.Code); ok {
			row.HasPrevious, row.Change, row.RankChange = true, c.Total-prev.Total, prev.Rank-c.Rank
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// homeData fills the home page.
type homeData struct {
	Leader    bool
	Tables    []scoreTable
	Summary   []fileLink
	NewDates  []newDate
	LastVisit string
	Units     []zhengzhi.Unit
	NoReports bool
	// Province lists the province's own files (and any of no known
	// unit), for the province roles.
	Province     []fileLink
	ProvinceCode string
	// Reports is the 本期报告 card: every file of the date the account may
	// download, and the bundle of them all.
	Reports *periodReports
}

// newDate is a date whose reports were written since the account's last visit.
type newDate struct {
	Date  zhengzhi.Date
	Files int
}

// home shows the newest date's results of the account's units, what is new
// since its last visit, and — for leadership — the year-end summary and the
// full rankings.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	page, err := s.dated(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, dates, out := page.d, page.dates, page.out
	data := homeData{Leader: s.access.Leads(&v.acct), LastVisit: s.localTime(v.acct.PreviousLoginAt), NoReports: len(dates) == 0}
	if d.IsZero() {
		s.show(w, r, http.StatusOK, "home", layout{Title: "首页", Data: data})
		return
	}
	provinceWide := s.access.ProvinceWide(&v.acct)
	for _, p := range page.periods {
		if data.Leader {
			if s.access.SeesRanking(&v.acct, p.RuleSet.Level) {
				data.Tables = append(data.Tables, s.table(v, p, func(zhengzhi.Scorecard) bool { return true }, true))
			}
			continue
		}
		// The province office's home lists the cities; counties are a click away.
		if provinceWide && p.RuleSet.Level != zhengzhi.LevelCity {
			continue
		}
		t := s.table(v, p, func(c zhengzhi.Scorecard) bool { return s.access.Sees(&v.acct, c.Unit.Code) }, true)
		if len(t.Rows) > 0 {
			data.Tables = append(data.Tables, t)
		}
	}
	if data.Leader {
		data.Summary = s.filesOf(v, out, func(f publish.File) bool { return f.Kind == publish.KindSummary })
	}
	if provinceWide {
		data.ProvinceCode = s.reg.Province.Code
		data.Province = s.filesOf(v, out, func(f publish.File) bool {
			u, known := s.reg.Unit(f.Unit)
			return !known || u.Level == zhengzhi.LevelProvince
		})
	}
	if out != nil {
		if data.Reports, err = s.periodReportsOf(r.Context(), v, out); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !v.acct.PreviousLoginAt.IsZero() {
		for _, nd := range dates {
			o, err := s.out.Date(nd)
			if err != nil || !o.Written.After(v.acct.PreviousLoginAt) {
				continue
			}
			n := 0
			for _, f := range o.Files {
				if s.access.SeesFile(&v.acct, f) {
					n++
				}
			}
			if n > 0 {
				data.NewDates = append(data.NewDates, newDate{Date: nd, Files: n})
			}
		}
	}
	if !provinceWide {
		data.Units = s.access.Units(&v.acct)
	}
	s.show(w, r, http.StatusOK, "home", layout{Title: "首页", Dates: dates, AsOf: d, Path: "/", Data: data})
}

// unitCard is one rule set's scorecard on a unit page.
type unitCard struct {
	Table     scoreTable
	Card      reports.Scorecard
	Trend     template.HTML
	HasResult bool
}

// unitData fills a unit's page.
type unitData struct {
	Unit     zhengzhi.Unit
	Parent   *zhengzhi.Unit
	Counties []zhengzhi.Unit
	Cards    []unitCard
	Files    []fileLink
	Quality  bool
	// Appeals is set when the portal has the appeals pages, where a 公示稿
	// may be appealed.
	Appeals bool
}

// unitPage shows a unit's scorecards per rule set — past open marked 公示稿
// or 最终结果, with the unit's 复核情况 —, the trend of its total and its
// files of the date. The content is the same for every account that may see
// the unit (but for the link to its city), so it is rendered once per unit,
// date, stamp of the scores (stored results, periods' states and appeals)
// and manifest, and kept.
func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	code := r.PathValue("code")
	unit, known := s.reg.Unit(code)
	if !known || unit.Level == zhengzhi.LevelProvince || !s.access.Sees(&v.acct, code) {
		s.refuse(w, r, r.URL.Path, "无权查看或单位不存在")
		return
	}
	page, err := s.dated(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, dates, out := page.d, page.dates, page.out
	parent := unit.Level == zhengzhi.LevelCounty && s.access.Sees(&v.acct, unit.Parent)
	key := pageKey{unit: code, asOf: d, scores: page.stamp, parent: parent}
	if out != nil {
		key.manifest = out.Stamp()
	}
	content, ok := s.unitPages.get(key)
	if !ok {
		data := s.unitData(v, unit, parent, page.periods, out)
		if content, err = s.content("unit", layout{Data: data}); err != nil {
			s.fail(w, r, err)
			return
		}
		s.unitPages.put(key, content)
	}
	if err := s.audit(r, v, account.ActPage, r.URL.Path, account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, http.StatusOK, "raw", layout{Title: unit.Name, Dates: dates, AsOf: d, Path: r.URL.Path, Data: s.uploadBox(v, unit, content)})
}

// unitData gathers a unit page's content.
func (s *Server) unitData(v *viewer, unit zhengzhi.Unit, parent bool, periods []period, out *publish.Dated) unitData {
	code := unit.Code
	data := unitData{Unit: unit, Quality: true, Appeals: s.opt.Appeals != nil}
	if parent {
		p, _ := s.reg.Unit(unit.Parent)
		data.Parent = &p
	}
	if unit.Level == zhengzhi.LevelCity {
		for _, c := range s.reg.Counties(code) {
			if s.access.Sees(&v.acct, c.Code) {
				data.Counties = append(data.Counties, c)
			}
		}
	}
	for _, p := range periods {
		if p.RuleSet.Level != unit.Level {
			continue
		}
		uc := unitCard{Table: s.table(v, p, func(c zhengzhi.Scorecard) bool { return c.Unit.Code == code }, false)}
		if p.Current != nil {
			uc.Card, uc.HasResult = s.scores.Scorecard(p.Current, code)
			var points []trendPoint
			for _, h := range p.History {
				if c, ok := card(&h, code); ok {
					points = append(points, trendPoint{AsOf: h.AsOf, Total: c.Total, Grade: c.Grade})
				}
			}
			uc.Trend = trendSVG(points, uc.Card.Points, unit.Name+p.RuleSet.Title+"总分趋势")
		}
		data.Cards = append(data.Cards, uc)
	}
	data.Files = s.filesOf(v, out, func(f publish.File) bool { return f.Unit == code })
	return data
}

// pageKey names one rendering of a unit page's content.
type pageKey struct {
	unit     string
	asOf     zhengzhi.Date
	scores   scoresStamp
	manifest publish.Stamp
	parent   bool
}

// pageCache keeps rendered page contents, forgetting them all when full.
type pageCache struct {
	mu    sync.Mutex
	pages map[pageKey]template.HTML
}

// maxCachedPages bounds the cache: a few dates of every unit.
const maxCachedPages = 2000

func (c *pageCache) get(k pageKey) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.pages[k]
	return h, ok
}

func (c *pageCache) put(k pageKey, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxCachedPages {
		c.pages = map[pageKey]template.HTML{}
	}
	c.pages[k] = h
}

// rankings shows the ranking table of every rule set whose level the
// account reads, as the province circulates it: unit, total, grade, rank.
func (s *Server) rankings(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	page, err := s.dated(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var tables []scoreTable
	for _, p := range page.periods {
		if s.access.SeesRanking(&v.acct, p.RuleSet.Level) {
			tables = append(tables, s.table(v, p, func(zhengzhi.Scorecard) bool { return true }, true))
		}
	}
	s.show(w, r, http.StatusOK, "rankings", layout{Title: "考核排名", Dates: page.dates, AsOf: page.d, Path: "/rankings", Data: tables})
}

// qualityRow is a row set aside or loaded with a warning, as the clerk reads it.
type qualityRow struct {
	Table, RowID, Column, Value, Reason string
	// County is the county the row names, for a city's clerk.
	County   string
	Rejected bool
}

// qualityData fills the data-quality page.
type qualityData struct {
	Unit     zhengzhi.Unit
	Bureau   zhengzhi.Unit
	Rejects  []qualityRow
	Warnings []qualityRow
	Shown    int
	Total    int
	Workbook []fileLink
	// Counties is set on a city's page: its rows name their county.
	Counties bool
}

// maxQualityRows bounds the rows the page lists; the workbook has them all.
const maxQualityRows = 500

// qualityPage lists the rows of a unit's bureau currently set aside, with
// table, id, column, value and the Chinese reason. A county reads the rows of
// its city's database that name it.
func (s *Server) qualityPage(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	code := r.PathValue("code")
	unit, known := s.reg.Unit(code)
	if !known || !s.access.Sees(&v.acct, code) {
		s.refuse(w, r, r.URL.Path, "无权查看或单位不存在")
		return
	}
	bureau := unit
	if unit.Level == zhengzhi.LevelCounty && !slices.Contains(s.opt.Sources, code) {
		bureau, _ = s.reg.Unit(unit.Parent)
	}
	issues, err := s.w.DataIssues(r.Context(), bureau.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	src := reports.QualitySource{Issues: make([]reports.DataIssue, len(issues))}
	for i, d := range issues {
		src.Issues[i] = reports.DataIssue{Table: d.Table, RowID: d.RowID, Severity: d.Severity, Column: d.Column,
			Value: d.Value, Reason: d.Reason, Raw: d.Raw}
	}
	// The model the workbook is built from; a county's holds the rows naming it.
	q := reports.BuildDataQuality(reports.Meta{}, bureau, unit, src, s.opt.Contract)
	names := s.opt.Contract
	data := qualityData{Unit: unit, Bureau: bureau, Total: len(q.Issues), Counties: unit.Level == zhengzhi.LevelCity}
	shown := q.Issues[:min(len(q.Issues), maxQualityRows)]
	var counties []string
	if data.Counties {
		if counties, err = s.issueCounties(r.Context(), bureau, shown); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	zone := s.opt.Location // the bureau's clock, on which its reasons write times
	if z := s.opt.BureauZones[bureau.Code]; z != nil {
		zone = z
	}
	for i, is := range shown {
		data.Shown++
		row := qualityRow{Table: is.TableTitle, RowID: is.RowID, Column: is.ColumnTitle,
			Value: names.ValueTitle(is.Table, is.Column, is.Value, zone), Reason: names.Plain(is.Table, is.Reason),
			Rejected: is.Severity == reports.SeverityReject}
		if data.Counties {
			row.County = counties[i]
		}
		if row.Rejected {
			data.Rejects = append(data.Rejects, row)
		} else {
			data.Warnings = append(data.Warnings, row)
		}
	}
	page, err := s.dated(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Workbook = s.filesOf(v, page.out, func(f publish.File) bool { return f.Kind == publish.KindDataQuality && f.Unit == bureau.Code })
	if err := s.audit(r, v, account.ActPage, r.URL.Path, account.OutcomeOK); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, http.StatusOK, "quality", layout{Title: unit.Name + "数据质量", Dates: page.dates, AsOf: page.d, Path: r.URL.Path, Data: data})
}

// provinceData fills the province office's page.
type provinceData struct {
	Pulls []pullRow
	// PullNotes is set when some pull has an error to tell: the 说明
	// column is shown only then.
	PullNotes bool
	// Receipts are who fetched the reports of the date shown; nil when the
	// date has no output.
	Receipts *receipts
	// Failed are the reports of the date shown whose last render failed:
	// the file offered is the one before, kept in its place.
	Failed []failedFile
	Runs   []jobRow
	Draws  []*drawMonth
	// FailedNotices are the notices whose every try failed, newest first.
	FailedNotices []failedNotice
}

// failedFile is a report that failed to render, with the file kept in its place.
type failedFile struct {
	File  fileLink
	Error string
}

// failedNotice is a notice that could not be delivered, as the province page shows it.
type failedNotice struct {
	Recipient, Channel, Title, When, Error string
	Attempts                               int
}

// pullRow is a bureau's data freshness.
type pullRow struct {
	Code, Name, Outcome, LastAttempt, LastGood, Error string
	Stale                                             bool
}

// jobRow is a run of the job ledger as the page shows it.
type jobRow struct {
	Job, Planned, Started, Finished, Outcome, AsOf, Error string
	Attempt                                               int
}

// drawMonth is a month's published draw; Title is its month in Chinese
// (2026年12月).
type drawMonth struct {
	Month, Title string
	Files        []fileLink
	Rows         []drawRow
}

// drawRow is a city's drawn counties.
type drawRow struct {
	City     string
	Counties []string
}

// jobOutcome is a job run's outcome in Chinese.
func jobOutcome(o string) string {
	switch o {
	case warehouse.OutcomeOK:
		return "成功"
	case warehouse.OutcomeFailed:
		return "失败"
	case warehouse.OutcomeRunning:
		return "运行中"
	case warehouse.OutcomeSkipped:
		return "跳过"
	}
	return o
}

// provincePage shows the province office the bureaus' last pulls, who
// fetched the reports of the date chosen, the job ledger and the draws.
func (s *Server) provincePage(w http.ResponseWriter, r *http.Request) {
	statuses, err := s.w.LatestPulls(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byBureau := map[string]warehouse.PullStatus{}
	for _, st := range statuses {
		byBureau[st.Bureau] = st
	}
	var data provinceData
	for _, code := range s.opt.Sources {
		st := byBureau[code]
		data.Pulls = append(data.Pulls, pullRow{Code: code, Name: s.reg.Name(code), Outcome: reports.PullOutcome(st.Outcome),
			LastAttempt: s.localTime(st.Finished), LastGood: s.localTime(st.LastGoodFinished), Error: st.Error,
			Stale: reports.Pull{Outcome: st.Outcome}.Stale()})
		data.PullNotes = data.PullNotes || st.Error != ""
	}
	page, err := s.dated(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.out != nil {
		if data.Receipts, err = s.receiptsOf(r.Context(), page.out); err != nil {
			s.fail(w, r, err)
			return
		}
		for _, f := range page.out.Files {
			if f.CarriedOver {
				data.Failed = append(data.Failed, failedFile{Error: f.Error, File: fileLink{URL: "/files/" + page.d.String() + "/" + f.Path,
					Name: s.downloadName(page.d, f), Kind: f.Kind, Size: f.Size}})
			}
		}
	}
	failed, err := s.w.Notices(r.Context(), warehouse.NoticeFilter{State: warehouse.NoticeFailed, Limit: 50})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, n := range failed {
		data.FailedNotices = append(data.FailedNotices, failedNotice{Recipient: n.Recipient, Channel: noticeChannels[n.Channel],
			Title: n.Title, When: s.localTime(n.CreatedAt), Error: n.LastError, Attempts: n.Attempts})
	}
	runs, err := s.w.LastRuns(r.Context(), 30)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, run := range runs {
		row := jobRow{Job: run.Job, Planned: "手动", Started: s.localTime(run.StartedAt), Finished: s.localTime(run.FinishedAt),
			Outcome: jobOutcome(run.Outcome), Error: run.Error, Attempt: run.Attempt}
		if !run.PlannedAt.IsZero() {
			row.Planned = s.localTime(run.PlannedAt)
		}
		if !run.AsOf.IsZero() {
			row.AsOf = run.AsOf.String()
		}
		data.Runs = append(data.Runs, row)
	}
	draws, err := s.out.Draws()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var drawFiles []publish.File
	if draws != nil {
		drawFiles = draws.DrawsNewestFirst()
	}
	for _, f := range drawFiles {
		month := f.Month
		if len(data.Draws) == 0 || data.Draws[len(data.Draws)-1].Month != month {
			m := &drawMonth{Month: month, Title: reports.Draw{Month: month}.MonthText()}
			rec, err := s.w.DrawOf(r.Context(), month)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if rec != nil {
				for _, row := range rec.Picks {
					dr := drawRow{City: s.reg.Name(row.City)}
					for _, c := range row.Counties {
						dr.Counties = append(dr.Counties, s.reg.Name(c))
					}
					m.Rows = append(m.Rows, dr)
				}
			}
			data.Draws = append(data.Draws, m)
		}
		m := data.Draws[len(data.Draws)-1]
		m.Files = append(m.Files, fileLink{URL: "/draws/" + f.Path, Name: drawTitle(f), Kind: f.Kind, Size: f.Size})
	}
	s.show(w, r, http.StatusOK, "province", layout{Title: "省局专项办", Dates: page.dates, AsOf: page.d, Path: "/province", Data: data})
}
