// Package render is the render step: it gathers from the warehouse and the
// stored assessments what each report needs, builds the report models and
// writes the PDF and Excel files of one as-of date through package publish,
// into a new generation of output/<as-of>/ with a manifest.json listing
// each file's kind, unit, rule set, size and sha256 and the data pull every
// bureau's numbers came from. It reads the scores assess stored and never
// scores: the pipeline runs assess first. The layout of output/ is
// publish's.
package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/internal/progress"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
	"zhengzhi/reports/pdf"
	"zhengzhi/warehouse"
)

// Options describe one render.
type Options struct {
	Warehouse *warehouse.Warehouse
	Registry  *zhengzhi.Registry
	RuleSets  []*zhengzhi.RuleSet
	// Results are the results assess gave for RuleSets, in their order —
	// the current, frozen (公示) or final one, as the period's state says.
	// Without them render reads what assess stored over the current pulls.
	Results []reports.Assessed
	// Sources are the configured bureaus, province office first; their pulls are stated in every report.
	Sources []string
	// Output is the output folder; files go to Output/<as-of>/.
	Output string
	// Templates holds the narrative templates (narrative/*.tmpl) and the
	// default font set (fonts.yaml): templates.Overlay of the config's folder.
	Templates fs.FS
	// Fonts override the default font set file by file.
	Fonts pdf.FontFiles
	// Document numbers, dates and cites the official documents (the 通报).
	Document reports.DocumentSettings
	// FontNames are the fonts the Word documents name, over docx.DefaultFontNames.
	FontNames docx.FontNames
	AsOf      zhengzhi.Date
	Location  *time.Location
	Demo      bool
	// Only restricts the render to these kinds (or kind prefixes such as
	// "ledger"); empty renders all.
	Only []string
	// Unit restricts the render to the files of one unit (a city includes its counties); "" renders all.
	Unit string
	Log  *slog.Logger
	// Progress receives a progress bar (a terminal); nil is quiet.
	Progress io.Writer
}

// Result is what a render wrote.
type Result struct {
	Dir string
	// Written are the files this render wrote; Kept are those of the set
	// before kept in place of reports that failed; Manifest lists every file
	// of the date.
	Written  []publish.File
	Kept     []publish.File
	Manifest publish.Manifest
	// Warnings are texts that had to change to be printed (e.g. characters above U+FFFF).
	Warnings []string
}

// ErrConfig marks a render asked for something the configuration does not
// have: an unknown kind or unit, a font file that cannot be read.
var ErrConfig = errors.New("render configuration")

// Run renders the reports of the as-of date into a new generation of
// output/<as-of>/ and, when its set is complete, switches readers to it at
// once (see package publish). A report that fails is reported in the
// returned error and, when the set before had it, carried over from it —
// the same bytes, marked carried_over with the reason in the manifest — so
// that readers never lose the last good file; the others are written and
// published. A partial render (Only, Unit) builds on the current set. A
// render that is stopped (its context cancelled, or the process killed)
// publishes nothing: readers keep the previous set, and the next render
// removes the leftovers.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, only := range opt.Only {
		if !slices.ContainsFunc(publish.Kinds, func(k string) bool { return strings.HasPrefix(k, only) }) {
			return nil, fmt.Errorf("render: %w: unknown kind %q (one of %s)", ErrConfig, only, strings.Join(publish.Kinds, ", "))
		}
	}
	if opt.Unit != "" {
		if _, ok := opt.Registry.Unit(opt.Unit); !ok {
			return nil, fmt.Errorf("render: %w: unit %s is not in the registry", ErrConfig, opt.Unit)
		}
	}
	// A date before every rule set's window is refused before anything is
	// made under output/ (the date's lock file included).
	var refused error
	for _, rs := range opt.RuleSets {
		if _, err := rs.WindowEnd(opt.AsOf); err == nil {
			refused = nil
			break
		} else if refused == nil {
			refused = err
		}
	}
	if refused != nil {
		return nil, refused
	}
	build, err := publish.New(opt.Output).BeginDate(opt.AsOf, opt.Log)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	defer build.Close()
	previous, err := build.Previous()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	r := &run{opt: opt, out: build}
	var carried []publish.File
	if len(opt.Only) > 0 || opt.Unit != "" {
		if carried, err = build.CarryAll(); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
	}
	steps := r.steps()
	bar := progress.New(opt.Progress, len(steps)+1, "个文件")
	defer bar.Finish()
	bar.Start("评分")
	if err := r.prepare(ctx); err != nil {
		return nil, err
	}
	bar.Step()
	var failed []error
	var kept []publish.File
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		bar.Start(step.label)
		before := len(r.files)
		err := step.write(ctx)
		bar.Add(len(r.files) - before)
		bar.Step()
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		opt.Log.Error("render: a report failed; the others go on, the last good one is kept", "err", err)
		failed = append(failed, err)
		over, cerr := r.carryOver(previous.Files, step.kinds, err)
		if cerr != nil {
			return nil, fmt.Errorf("render: %w", cerr)
		}
		kept = append(kept, over...)
	}
	index := publish.Manifest{AsOf: opt.AsOf.String(), Files: publish.KeepNewest(carried, append(slices.Clone(r.files), kept...)), Pulls: r.pullRefs}
	if err := build.Publish(index, opt.Log); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	res := &Result{Dir: build.Link(), Written: r.files, Kept: kept, Manifest: index, Warnings: r.warnings}
	if len(failed) > 0 {
		return res, fmt.Errorf("%d 个报告生成失败，%s 中沿用上一次生成的文件 %d 个：%w",
			len(failed), build.Link(), len(kept), errors.Join(failed...))
	}
	return res, nil
}

// step is one report of the render and the kinds of file it writes.
type step struct {
	// label names the step on the progress bar.
	label string
	kinds []string
	write func(context.Context) error
}

// steps are the render's reports in the order they are written.
func (r *run) steps() []step {
	return []step{
		{"记分卡", []string{publish.KindScorecard}, r.scorecards},
		{"进度通报", []string{publish.KindProgress}, r.progress},
		{"年终通报", []string{publish.KindSummary, publish.KindSummaryWord, publish.KindInterviewNotice, publish.KindInterviewWord}, r.summary},
		{"评分细则", []string{publish.KindScoringRules, publish.KindScoringRulesWord}, r.scoringRules},
		{"六个一", []string{publish.KindSixOnes}, r.sixOnes},
		{"得分明细", []string{publish.KindScoreDetail}, r.scoreDetails},
		{"台账", []string{publish.KindHazardLedger, publish.KindFollowupLedger, publish.KindRiskPointLedger}, r.ledgers},
		{"数据质量清单", []string{publish.KindDataQuality}, r.dataQuality},
	}
}

// carryOver keeps, from the set before, the files of a failed report's
// kinds that this render meant to write and did not, marked with why.
func (r *run) carryOver(previous []publish.File, kinds []string, failure error) ([]publish.File, error) {
	written := map[string]bool{}
	for _, f := range r.files {
		written[f.Path] = true
	}
	reason := "本次生成失败，保留上一次生成的文件：" + failure.Error()
	var kept []publish.File
	for _, f := range previous {
		if !slices.Contains(kinds, f.Kind) || !r.wants(f.Kind) || written[f.Path] || (f.Unit != "" && !r.wantsUnit(f.Unit)) {
			continue
		}
		k, err := r.out.CarryOver(f, reason)
		if err != nil {
			return nil, err
		}
		kept = append(kept, k)
	}
	return kept, nil
}

// run is one render in progress.
type run struct {
	opt         Options
	out         *publish.Build
	meta        reports.Meta
	pullRefs    []publish.PullRef
	latestPulls map[string]warehouse.PullStatus // by bureau
	windowStart zhengzhi.Date
	results     []reports.Assessed
	renderer    *pdf.Renderer
	files       []publish.File
	warnings    []string
	// sixOnesByScope caches the 'six ones' models by scope unit.
	sixOnesByScope map[string]*reports.SixOnes
	// provinceProgress is the province's 'six ones' extract, read once.
	provinceProgress *zhengzhi.ProgressExtract
}

// prepare reads the pulls, the stored scores of every rule set, and loads
// the fonts.
func (r *run) prepare(ctx context.Context) error {
	// The fonts first: a configuration error shows before any work is done.
	if r.wants(publish.KindScorecard) || r.wants(publish.KindProgress) || r.wants(publish.KindSummary) || r.wants(publish.KindScoringRules) || r.wants(publish.KindInterviewNotice) {
		var err error
		if r.renderer, err = newRenderer(r.opt.Templates, r.opt.Fonts); err != nil {
			return fmt.Errorf("render: %w: %w", ErrConfig, err)
		}
	}
	w := r.opt.Warehouse
	statuses, err := w.LatestPulls(ctx)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	r.latestPulls = map[string]warehouse.PullStatus{}
	for _, s := range statuses {
		r.latestPulls[s.Bureau] = s
	}
	r.meta = reports.Meta{AsOf: r.opt.AsOf, Demo: r.opt.Demo, Province: r.opt.Registry.Province}
	for _, unit := range r.opt.Sources {
		s := r.latestPulls[unit]
		r.meta.Pulls = append(r.meta.Pulls, reports.Pull{Unit: unit, Name: r.opt.Registry.Name(unit),
			Outcome: s.Outcome, LastGood: r.local(s.LastGoodFinished), Error: s.Error})
		ref := publish.PullRef{Unit: unit, PullID: s.LastGoodID, Outcome: s.Outcome}
		if !s.LastGoodFinished.IsZero() {
			ref.Finished = s.LastGoodFinished.UTC().Format(time.RFC3339)
		}
		if ref.Outcome == "" {
			ref.Outcome = "never"
		}
		r.pullRefs = append(r.pullRefs, ref)
		// A document's own timestamp is the newest data it rests on, never
		// the clock: the same warehouse and date give the same bytes.
		if s.LastGoodFinished.After(r.meta.GeneratedAt) {
			r.meta.GeneratedAt = s.LastGoodFinished
		}
	}
	if r.meta.GeneratedAt.IsZero() {
		r.meta.GeneratedAt = r.opt.AsOf.Midnight(r.opt.Location)
	}
	r.meta.GeneratedAt = r.meta.GeneratedAt.In(r.opt.Location)
	pulls := warehouse.LastGood(statuses)
	if len(r.opt.Results) > 0 && len(r.opt.Results) != len(r.opt.RuleSets) {
		return fmt.Errorf("render: %d results for %d rule sets", len(r.opt.Results), len(r.opt.RuleSets))
	}
	for i, rs := range r.opt.RuleSets {
		if r.windowStart.IsZero() || rs.Window.Start < r.windowStart {
			r.windowStart = rs.Window.Start
		}
		if len(r.opt.Results) > 0 {
			r.results = append(r.results, r.opt.Results[i])
			continue
		}
		res, err := stored(ctx, w, rs, r.opt.AsOf, pulls)
		if err != nil {
			return fmt.Errorf("render: %s: %w", rs.ID, err)
		}
		r.results = append(r.results, res)
	}
	return nil
}

// ErrNotAssessed refuses to render from scores that are not stored, or not
// for the data in the warehouse now: render never scores.
var ErrNotAssessed = errors.New("没有与仓库现有数据相符的考核结果：先运行 zhengzhi assess（zhengzhi render 与定时任务会先考核）")

// stored is the result assess stored for the rule set's content as of the
// date (clamped to its window, as assess stores it) over the given pulls.
func stored(ctx context.Context, w *warehouse.Warehouse, rs *zhengzhi.RuleSet, asOf zhengzhi.Date, pulls []int64) (reports.Assessed, error) {
	d, err := rs.WindowEnd(asOf)
	if err != nil {
		return reports.Assessed{}, err
	}
	a, ok, err := w.StoredAssessment(ctx, rs.ID, rs.Hash, d)
	if err != nil {
		return reports.Assessed{}, err
	}
	if !ok || !slices.Equal(a.Pulls, pulls) {
		return reports.Assessed{}, ErrNotAssessed
	}
	// The hash matched: the rule set in hand is the one that scored it.
	a.Assessment.RuleSet = rs
	return reports.Assessed{Assessment: a.Assessment, Values: a.Values}, nil
}

// newRenderer loads the PDF renderer's fonts: the default set of the
// templates, overridden file by file.
func newRenderer(templates fs.FS, over pdf.FontFiles) (*pdf.Renderer, error) {
	files, err := pdf.ReadFontFiles(templates)
	if err != nil {
		return nil, err
	}
	fonts, err := pdf.LoadFonts(files.With(over))
	if err != nil {
		return nil, err
	}
	return pdf.NewRenderer(fonts), nil
}

// wants reports whether the render includes a kind.
func (r *run) wants(kind string) bool {
	return len(r.opt.Only) == 0 || slices.ContainsFunc(r.opt.Only, func(only string) bool { return strings.HasPrefix(kind, only) })
}

// wantsUnit reports whether the render includes the files of a unit; the
// province's files belong to the province only.
func (r *run) wantsUnit(code string) bool {
	if r.opt.Unit == "" || r.opt.Unit == code {
		return true
	}
	city, ok := r.opt.Registry.CityOf(code)
	return ok && city == r.opt.Unit
}

// cityFolder is the folder of a unit's files: its city's folder.
func (r *run) cityFolder(code string) string {
	city, ok := r.opt.Registry.CityOf(code)
	if !ok {
		return "province"
	}
	return path.Join("cities", city)
}

// write writes one file and records it in the manifest.
func (r *run) write(rel, kind, unit, ruleset string, write func(io.Writer) error) error {
	f, err := r.out.Write(rel, kind, unit, ruleset, write)
	if err != nil {
		return err
	}
	r.files = append(r.files, f)
	return nil
}

// warn records the renderer's substitutions.
func (r *run) warn(file string, ws []pdf.Warning) {
	for _, w := range ws {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: %v", file, w))
		r.opt.Log.Warn("text substituted", "file", file, "warning", fmt.Sprint(w))
	}
}

// resultsOf returns the results of the rule sets of one level.
func (r *run) resultsOf(level zhengzhi.Level) []reports.Assessed {
	var out []reports.Assessed
	for _, res := range r.results {
		if res.Assessment.RuleSet.Level == level {
			out = append(out, res)
		}
	}
	return out
}

// readTemplate reads a narrative template.
func (r *run) readTemplate(name string) (string, error) {
	text, err := fs.ReadFile(r.opt.Templates, "narrative/"+name)
	if err != nil {
		return "", fmt.Errorf("narrative template: %w", err)
	}
	return string(text), nil
}
