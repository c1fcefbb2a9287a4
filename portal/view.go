package portal

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"zhengzhi/account"
	"zhengzhi/publish"
	"zhengzhi/reports"

	"zhengzhi"
)

//go:embed templates
var templateFS embed.FS

// pages are the parsed templates, one per page, each with the layout.
type pages struct {
	byName map[string]*template.Template
}

// pageNames are the templates under templates/ besides the layout.
var pageNames = []string{"login", "error", "password", "totp", "home", "unit", "rankings", "quality",
	"province", "admin", "audit", "raw", "notices", "upload", "appeals"}

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("portal: template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// templateFuncs format numbers, dates and labels for the pages.
var templateFuncs = template.FuncMap{
	"role":   account.RoleLabel,
	"action": account.ActionLabel,
	"kind":   kindLabel,
	"level":  func(l zhengzhi.Level) string { return l.Label() },
	"signed": func(s zhengzhi.Score) string {
		if s > 0 {
			return "+" + s.String()
		}
		return s.String()
	},
	"chinese":  func(d zhengzhi.Date) string { return d.Chinese() },
	"fileName": fileName,
	"vetoNote": vetoNote,
	"fours":    fours,
	"issues": func(rows []qualityRow, counties bool) issueTable {
		return issueTable{Rows: rows, Counties: counties}
	},
	"abs": func(n int) int {
		if n < 0 {
			return -n
		}
		return n
	},
	"size": func(n int64) string {
		switch {
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d 字节", n)
	},
}

// datedEnd is the end of a download name: its date and extension.
var datedEnd = regexp.MustCompile(`\d{4}-\d{2}-\d{2}(\.[0-9A-Za-z]+)?$`)

// fileName writes a download name with its date and extension
// ("2026-11-24.pdf") on one line: on a phone the name wraps between its
// words, never inside the date.
func fileName(name string) template.HTML {
	loc := datedEnd.FindStringIndex(name)
	if loc == nil {
		return template.HTML(template.HTMLEscapeString(name))
	}
	return template.HTML(template.HTMLEscapeString(name[:loc[0]]) + `<span class="nowrap">` + template.HTMLEscapeString(name[loc[0]:]) + `</span>`)
}

// issueTable is a list of the data-quality page, with or without the
// county column.
type issueTable struct {
	Rows     []qualityRow
	Counties bool
}

// fours writes a TOTP secret in groups of four, as it is typed into an
// authenticator app by hand ("ABCD EFGH …"); the apps ignore the spaces.
func fours(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// vetoNote says beside a vetoed unit's total what the veto did to it: the
// lowest cap of the vetoes that hit it, and — when the items alone scored
// less than the cap — that the total is what they scored.
func vetoNote(total zhengzhi.Score, hits []zhengzhi.VetoHit) string {
	if len(hits) == 0 {
		return ""
	}
	limit := hits[0].Cap
	for _, h := range hits[1:] {
		limit = min(limit, h.Cap)
	}
	note := "一票否决，总分按" + limit.Text() + "分封顶"
	if total < limit {
		note += "（实得" + total.Text() + "分，低于封顶分）"
	}
	return note
}

// kindLabels are the Chinese names of the manifest's kinds of file.
var kindLabels = map[string]string{
	publish.KindScorecard:        "考核评分表",
	publish.KindProgress:         "阶段进展情况报告",
	publish.KindSummary:          "年度考核结果通报",
	publish.KindSummaryWord:      "年度考核结果通报（Word）",
	publish.KindScoringRules:     "考核评分细则",
	publish.KindScoringRulesWord: "考核评分细则（Word）",
	publish.KindInterviewNotice:  "约谈通知",
	publish.KindInterviewWord:    "约谈通知（Word）",
	publish.KindSixOnes:          "“六个一”行动进展情况统计表",
	publish.KindScoreDetail:      "考核得分明细",
	publish.KindHazardLedger:     "隐患排查治理台账",
	publish.KindFollowupLedger:   "不合格企业后处理台账",
	publish.KindRiskPointLedger:  "风险点台账",
	publish.KindDataQuality:      "数据质量问题清单",
	"draw_json":                  "随机抽查结果（数据）",
	"draw_sheet":                 "随机抽查结果（表格）",
	"draw_pdf":                   "随机抽查结果",
	publish.KindDrawCommitment:   "随机种子承诺",
}

func kindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}

// layout is what every page shows around its content.
type layout struct {
	Title string
	// Who is logged in; nil on the login and error pages of a visitor.
	Who  *whoInfo
	Demo bool
	// Campaign is the campaign's name in the header.
	Campaign string
	// Dates and AsOf fill the date selector, shown when Dates is set.
	Dates []zhengzhi.Date
	AsOf  zhengzhi.Date
	// Path is where the date selector sends its choice.
	Path string
	Data any
}

// whoInfo is the account in the page's header and what its menu offers.
type whoInfo struct {
	Login, UnitName, Role string
	Demo                  bool
	Admin, Auditor        bool
	Operations            bool
	// Unread counts the account's notices not yet read.
	Unread int
	// Appeals is set when the portal has the appeals pages.
	Appeals bool
	// Limited is set while the account must change its password or enrol
	// a second factor: the menu offers only logging out.
	Limited bool
}

func (s *Server) who(ctx context.Context, v *viewer) *whoInfo {
	if v == nil {
		return nil
	}
	a := &v.acct
	who := &whoInfo{Login: a.Login, UnitName: s.reg.Name(a.Unit), Role: account.RoleLabel(a.Role), Demo: a.Demo,
		Admin: s.access.Administers(a), Auditor: s.access.Audits(a), Operations: s.access.SeesOperations(a), Appeals: s.opt.Appeals != nil,
		Limited: a.PasswordTemporary || (s.needsTOTP(a) && a.TOTPSecret == "")}
	if !who.Limited {
		// A count that cannot be read leaves the badge off; the page says more.
		who.Unread = s.unread.count(ctx, s.w, recipientOf(v), s.now())
	}
	return who
}

// show writes a page.
func (s *Server) show(w http.ResponseWriter, r *http.Request, status int, name string, l layout) {
	l.Demo = s.opt.Demo
	l.Campaign = s.opt.Campaign
	if l.Campaign == "" {
		l.Campaign = reports.DefaultCampaign
	}
	if l.Who == nil {
		l.Who = s.who(r.Context(), viewerOf(r))
	}
	var b bytes.Buffer
	if err := s.pages.byName[name].Execute(&b, l); err != nil {
		s.log.Error("render page", "page", name, "error", err)
		http.Error(w, "页面生成失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// content renders a page's content alone, for a page cache.
func (s *Server) content(name string, l layout) (template.HTML, error) {
	var b bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&b, "content", l); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// errorPage is a Chinese page for a refusal or a failure.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	s.show(w, r, status, "error", layout{Title: title, Data: text})
}

// localTime shows an instant in the config's time zone.
func (s *Server) localTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(s.opt.Location).Format("2006-01-02 15:04")
}

// dated is what a page of one date starts from: the date (?as_of= when it
// is a date with output, else the newest; zero when there is none), every
// date for the selector, that date's output (nil when it has none) and each
// rule set's results as of it, with the stamp of what they were read from.
type dated struct {
	d       zhengzhi.Date
	dates   []zhengzhi.Date
	out     *publish.Dated
	periods []period
	stamp   scoresStamp
}

func (s *Server) dated(r *http.Request) (dated, error) {
	var p dated
	var err error
	if p.dates, err = s.out.Dates(); err != nil {
		return p, err
	}
	if len(p.dates) > 0 {
		p.d = p.dates[0]
	}
	if q, err := zhengzhi.ParseDate(r.URL.Query().Get("as_of")); err == nil && slices.Contains(p.dates, q) {
		p.d = q
	}
	if !p.d.IsZero() {
		if p.out, err = s.out.Date(p.d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return p, err
		}
	}
	p.periods, p.stamp, err = s.scores.Periods(r.Context(), p.d)
	return p, err
}

// fileLink is a downloadable file as a page lists it. View, set for a PDF,
// opens it in the browser instead of downloading it.
type fileLink struct {
	URL, View, Name, Kind string
	Size                  int64
}

// linkOf is a file of a date's manifest as a page links it.
func (s *Server) linkOf(d *publish.Dated, f publish.File) fileLink {
	l := fileLink{URL: "/files/" + d.Date.String() + "/" + f.Path, Name: s.downloadName(d.Date, f), Kind: f.Kind, Size: f.Size}
	if strings.HasSuffix(f.Path, ".pdf") {
		l.View = l.URL + "?inline=1"
	}
	return l
}

// filesOf lists the files of a date the viewer may download that keep, in
// manifest order.
func (s *Server) filesOf(v *viewer, d *publish.Dated, keep func(publish.File) bool) []fileLink {
	var out []fileLink
	if d == nil {
		return nil
	}
	for _, f := range d.Files {
		if keep(f) && s.access.SeesFile(&v.acct, f) {
			out = append(out, s.linkOf(d, f))
		}
	}
	return out
}

// downloadName is a file's Chinese name: unit, kind, rule set and date
// ("东川市-考核评分表-平安市考核-2026-11-24.pdf").
func (s *Server) downloadName(d zhengzhi.Date, f publish.File) string {
	parts := []string{}
	if f.Unit != "" {
		parts = append(parts, s.reg.Name(f.Unit))
	}
	parts = append(parts, kindLabel(f.Kind))
	if f.RuleSet != "" {
		parts = append(parts, s.ruleSetTitle(f.RuleSet))
	}
	parts = append(parts, d.String())
	ext := ""
	if i := strings.LastIndex(f.Path, "."); i >= 0 {
		ext = f.Path[i:]
	}
	return strings.Join(parts, "-") + ext
}

// ruleSetTitle is a configured rule set's Chinese title, or its id.
func (s *Server) ruleSetTitle(id string) string {
	for _, rs := range s.opt.RuleSets {
		if rs.ID == id {
			return rs.Title
		}
	}
	return id
}
