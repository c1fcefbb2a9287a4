// Package pipeline is the steps of zhengzhi and their order: ingest pulls
// the bureaus, assess scores every configured rule set and stores the
// result, render reads the stored scores and publishes the reports, draw
// publishes the month's counties. The command line (`zhengzhi assess`,
// `render`, `draw`), `zhengzhi run` and the scheduler (`zhengzhi schedule`)
// all call it; it alone orders the steps: a report is always rendered from
// scores assessed first, and a scheduled report job waits for the ingest of
// its tick (jobs.Job.After).
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/config"
	"zhengzhi/draw"
	"zhengzhi/ingest"
	"zhengzhi/jobs"
	"zhengzhi/publish"
	"zhengzhi/render"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/pdf"
	"zhengzhi/templates"
	"zhengzhi/warehouse"
)

// ErrDegraded marks an ingest that finished with sources refused or unreachable.
var ErrDegraded = errors.New("some sources were refused or unreachable")

// Pipeline runs the steps for one configuration on its warehouse.
type Pipeline struct {
	cfg *config.Config
	w   *warehouse.Warehouse
	reg *zhengzhi.Registry
	log *slog.Logger
	// notices, when set, hears of every ingest and render.
	notices Notices
}

// Notices hears what the steps did, to tell readers: the pipeline says
// when, the notices decide who hears what.
type Notices interface {
	// Ingested follows every ingest.
	Ingested(ctx context.Context)
	// Published follows every render, whatever its outcome: only what was
	// published is told, so a render that failed tells nobody.
	Published(ctx context.Context)
}

// WithNotices makes the pipeline tell n after every ingest and render.
func (p *Pipeline) WithNotices(n Notices) *Pipeline {
	p.notices = n
	return p
}

// New is the pipeline of a configuration, its open warehouse and its unit
// registry as loaded at start (a scheduled job loads the registry again at
// each run, so an edited file is picked up).
func New(cfg *config.Config, w *warehouse.Warehouse, reg *zhengzhi.Registry, log *slog.Logger) *Pipeline {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Pipeline{cfg: cfg, w: w, reg: reg, log: log}
}

// Sources are the configured bureaus as ingest reads them.
func Sources(cfg *config.Config) []ingest.Source {
	out := make([]ingest.Source, len(cfg.Sources))
	for i, s := range cfg.Sources {
		out[i] = ingest.Source{Unit: s.Unit, DSN: s.DSN, Upload: s.Upload, Zone: s.Location}
	}
	return out
}

// RuleSets reads every rule set the config names.
func RuleSets(cfg *config.Config) ([]*zhengzhi.RuleSet, error) {
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

// Assess scores each rule set as of the date and stores the results; a rule
// set whose result over the same data is stored already is not stored again.
func (p *Pipeline) Assess(ctx context.Context, reg *zhengzhi.Registry, ruleSets []*zhengzhi.RuleSet, asOf zhengzhi.Date) ([]*assess.Result, error) {
	var out []*assess.Result
	for _, rs := range ruleSets {
		res, err := assess.Run(ctx, p.w, reg, rs, asOf)
		if err != nil {
			return nil, err
		}
		if res.Stored {
			p.log.Info("assessment stored", "ruleset", rs.ID, "as_of", res.Assessment.AsOf, "id", res.ID)
		} else {
			p.log.Info("assessment unchanged: the same data was scored before", "ruleset", rs.ID, "as_of", res.Assessment.AsOf, "id", res.ID)
		}
		out = append(out, res)
	}
	return out, nil
}

// RenderRequest is one render: its date and, optionally, its kinds and unit.
type RenderRequest struct {
	AsOf zhengzhi.Date
	// Only restricts the render to these kinds (or kind prefixes); empty renders all.
	Only []string
	// Unit restricts the render to one unit's files; "" renders all.
	Unit string
	// Progress, when set, shows the render's progress (a terminal).
	Progress io.Writer
	// Document is what the command line says of the official documents.
	Document DocumentRequest
}

// DocumentRequest is what a render is told of the official documents on
// the command line; what it leaves empty comes from the config.
type DocumentRequest struct {
	// DocNumber is the 通报's 发文字号 ("" : the config's, else an empty slot).
	DocNumber string
	// SignedOn is the 通报's 成文日期 (zero: the day of the newest data pull).
	SignedOn zhengzhi.Date
	// InterviewTime and InterviewPlace fill the 约谈通知 ("" : blanks to fill in).
	InterviewTime, InterviewPlace string
}

// Render assesses every configured rule set as of the date (storing only
// what is new) and then renders the reports from the stored scores.
func (p *Pipeline) Render(ctx context.Context, req RenderRequest) (*render.Result, error) {
	return p.render(ctx, p.reg, req)
}

func (p *Pipeline) render(ctx context.Context, reg *zhengzhi.Registry, req RenderRequest) (*render.Result, error) {
	ruleSets, err := RuleSets(p.cfg)
	if err != nil {
		return nil, err
	}
	results, err := p.Assess(ctx, reg, ruleSets, req.AsOf)
	if err != nil {
		return nil, err
	}
	// Render reads what assess gave: the current result, or a period's
	// frozen or final one.
	assessed := make([]reports.Assessed, len(results))
	for i, res := range results {
		assessed[i] = reports.Assessed{Assessment: res.Assessment, Values: res.Values}
	}
	var sources []string
	for _, src := range p.cfg.Sources {
		sources = append(sources, src.Unit)
	}
	res, err := render.Run(ctx, render.Options{
		Warehouse: p.w, Registry: reg, RuleSets: ruleSets, Results: assessed, Sources: sources,
		Output: p.cfg.Output, Templates: templates.Overlay(p.cfg.Templates),
		Fonts: pdf.FontFiles(p.cfg.Fonts), AsOf: req.AsOf, Location: p.cfg.Location, Demo: p.cfg.Demo,
		Only: req.Only, Unit: req.Unit, Log: p.log, Progress: req.Progress,
		Document:  p.documents(req.Document),
		FontNames: docx.FontNames(p.cfg.Documents.FontNames),
	})
	if p.notices != nil {
		p.notices.Published(ctx)
	}
	return res, err
}

// documents are the official documents' settings: the config's, with what
// the command line says in their place.
func (p *Pipeline) documents(req DocumentRequest) reports.DocumentSettings {
	d := p.cfg.Documents
	doc := reports.DocumentSettings{DocNumber: d.DocNumber, Campaign: d.Campaign, Method: d.Method, MethodNumber: d.MethodNumber,
		SignedOn: req.SignedOn, InterviewTime: req.InterviewTime, InterviewPlace: req.InterviewPlace}
	if req.DocNumber != "" {
		doc.DocNumber = req.DocNumber
	}
	return doc
}

// Draw draws a month (see draw.Run) and publishes it; it returns the draw,
// whether it was drawn now, and the published files under the output folder.
func (p *Pipeline) Draw(ctx context.Context, req draw.Request, now time.Time) (draw.Result, bool, []string, error) {
	res, drawn, err := draw.Run(ctx, p.w, p.reg, req, now)
	if err != nil {
		return res, drawn, nil, err
	}
	files, err := p.publishDraw(res)
	return res, drawn, files, err
}

// CommitDraw commits a month to a seed before its draw (see draw.Commit)
// and publishes the commitment as output/draws/<month>-commitment.txt —
// again, unchanged, when the month was already committed to that seed. It
// returns what was committed and the published file under the output
// folder.
func (p *Pipeline) CommitDraw(ctx context.Context, req draw.CommitRequest, now time.Time) (draw.Committed, string, error) {
	done, err := draw.Commit(ctx, p.w, req, now)
	if err != nil {
		return done, "", err
	}
	month, err := draw.ParseMonth(req.Month)
	if err != nil {
		return done, "", err
	}
	c := done.Commitment
	model := reports.SeedCommitment{Meta: reports.Meta{AsOf: month, GeneratedAt: c.CommittedAt.In(p.cfg.Location), Demo: p.cfg.Demo, Province: p.reg.Province},
		Month: req.Month, Commitment: reports.DrawCommitment{Digest: c.Digest, At: c.CommittedAt.In(p.cfg.Location)}}
	if r := done.Replaced; r != nil {
		model.Replaces = &reports.DrawCommitment{Digest: r.Digest, At: r.CommittedAt.In(p.cfg.Location)}
	}
	file, err := render.PublishDrawCommitment(render.DrawOptions{Output: p.cfg.Output, Log: p.log}, model)
	return done, file, err
}

// publishDraw publishes a draw as output/draws/<month>.json, .xlsx and .pdf.
func (p *Pipeline) publishDraw(res draw.Result) ([]string, error) {
	month, err := draw.ParseMonth(res.Month)
	if err != nil {
		return nil, err
	}
	picks := make([]reports.DrawnCity, len(res.Picks))
	for i, pick := range res.Picks {
		picks[i] = reports.DrawnCity{City: pick.City, Counties: pick.Counties}
	}
	var commitment *reports.DrawCommitment
	if res.Commitment != nil {
		commitment = &reports.DrawCommitment{Digest: res.Commitment.Digest, At: res.Commitment.CommittedAt.In(p.cfg.Location)}
	}
	model := reports.BuildDraw(reports.Meta{AsOf: month, GeneratedAt: res.DrawnAt.In(p.cfg.Location), Demo: p.cfg.Demo, Province: p.reg.Province},
		p.reg, res.Month, res.Seed, draw.Rule(res.Month, res.Seed), commitment, picks)
	return render.PublishDraw(render.DrawOptions{Output: p.cfg.Output, Templates: templates.Overlay(p.cfg.Templates), Fonts: pdf.FontFiles(p.cfg.Fonts), Log: p.log},
		model, func(w io.Writer) error { return WriteDrawJSON(w, res) })
}

// WriteDrawJSON writes a draw as the JSON that is published and printed.
func WriteDrawJSON(w io.Writer, res draw.Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// Jobs is the scheduler's job list with its schedule from the config:
// ingest pulls every bureau; progress assesses and renders the province's
// progress report and 'six ones' workbooks; scorecards assesses and renders
// every unit's scorecards, score details, ledgers and data-quality lists;
// yearend renders the year-end summary; draw draws the month's counties.
// The report jobs come after ingest: at a tick they share with it, they
// wait for its run to end, so that a report holds that hour's pull.
func (p *Pipeline) Jobs() []jobs.Job {
	steps := map[string]jobs.Step{
		jobs.JobIngest:     p.ingestStep(),
		jobs.JobProgress:   p.renderStep(publish.KindProgress, publish.KindSixOnes),
		jobs.JobScorecards: p.renderStep(publish.KindScorecard, publish.KindScoreDetail, publish.KindSixOnes, "ledger", publish.KindDataQuality),
		jobs.JobYearEnd:    p.renderStep(publish.KindSummary, publish.KindScoreDetail),
		jobs.JobDraw:       p.drawStep(),
	}
	var list []jobs.Job
	for _, name := range jobs.JobNames {
		j := jobs.Job{Name: name, Cron: jobs.CronFor(name, p.cfg.Schedule), Step: steps[name]}
		if name != jobs.JobIngest {
			j.After = []string{jobs.JobIngest}
		}
		list = append(list, j)
	}
	return list
}

// ingestStep pulls every source; a source refused or unreachable fails the
// run (so it is retried and the ledger shows why) after the others loaded.
func (p *Pipeline) ingestStep() jobs.Step {
	return func(ctx context.Context, _ zhengzhi.Date) ([]string, error) {
		rep, err := ingest.Run(ctx, p.w, p.reg, Sources(p.cfg), ingest.Options{Now: time.Now().In(p.cfg.Location)})
		if p.notices != nil {
			p.notices.Ingested(ctx)
		}
		if err != nil {
			return nil, err
		}
		var bad []string
		for _, src := range rep.Sources {
			if src.Outcome != warehouse.PullOK {
				bad = append(bad, fmt.Sprintf("%s %s: %s", src.Unit, src.Outcome, src.Error))
			}
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("%w: %s", ErrDegraded, strings.Join(bad, "; "))
		}
		return nil, nil
	}
}

// renderStep assesses the config's rule sets as of the run's date and
// renders the given kinds of report from the stored scores. Rule sets and
// the registry are read at each run, so an edited file is picked up.
func (p *Pipeline) renderStep(kinds ...string) jobs.Step {
	return func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		reg, err := p.cfg.LoadRegistry()
		if err != nil {
			return nil, err
		}
		res, err := p.render(ctx, reg, RenderRequest{AsOf: asOf, Only: kinds})
		var files []string
		if res != nil {
			for _, f := range res.Written {
				files = append(files, path.Join(res.Manifest.AsOf, f.Path))
			}
		}
		return files, err
	}
}

// drawStep draws the as-of date's month with its recorded or default seed (a
// month drawn by hand keeps its draw) and publishes it (JSON, Excel, PDF).
// A month committed to a seed and not yet drawn is refused: the seed is the
// operator's, given by hand (zhengzhi draw --seed-file), and the failed run
// puts the reason in the job ledger.
func (p *Pipeline) drawStep() jobs.Step {
	return func(ctx context.Context, asOf zhengzhi.Date) ([]string, error) {
		res, drawn, files, err := p.Draw(ctx, draw.Request{Month: asOf.Format("2006-01")}, time.Now())
		if err != nil {
			return nil, err
		}
		p.log.Info("draw", "month", res.Month, "seed", res.Seed, "new", drawn)
		return files, nil
	}
}
