// Package render is the render step: it gathers from the warehouse and the
// stored assessments what each report needs, builds the report models and
// writes the PDF and Excel files of one as-of date into output/<as-of>/,
// every file under a temporary name renamed when complete, with a
// manifest.json listing each file's kind, unit, rule set, size and sha256 and
// the data pull every bureau's numbers came from.
//
// Layout of output/<as-of>/:
//
//	province/progress-report.pdf          阶段进展情况报告
//	province/yearend-summary.pdf          年度考核结果通报
//	province/yearend-summary.docx         the same 通报 as a Word document
//	province/scoring-rules-<ruleset>.pdf  评分细则 of each rule set (and .docx)
//	cities/<city>/interview-notice[-<county>].pdf  约谈通知 of each called-in unit
//	province/six-ones.xlsx                “六个一”行动进展情况统计表（分市）
//	province/score-detail-<ruleset>.xlsx  考核得分明细
//	province/ledger-<kind>.xlsx           全省台账 (hazards, followups, risk-points)
//	province/data-quality.xlsx            省局数据质量问题清单
//	cities/<city>/six-ones.xlsx           本市“六个一”（分县）
//	cities/<city>/ledger-<kind>.xlsx      本市台账
//	cities/<city>/data-quality.xlsx       本市数据质量问题清单
//	cities/<city>/scorecards/<ruleset>-<unit>.pdf  考核评分表 of the city and its counties
package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/assess"
	"zhengzhi/render/manifest"
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
}

// Result is what a render wrote.
type Result struct {
	Dir string
	// Written are the files this render wrote; Manifest lists every file of the date.
	Written  []manifest.File
	Manifest manifest.Manifest
	// Warnings are texts that had to change to be printed (e.g. characters above U+FFFF).
	Warnings []string
}

// ErrConfig marks a render asked for something the configuration does not
// have: an unknown kind or unit, a font file that cannot be read.
var ErrConfig = errors.New("render configuration")

// Run renders the reports of the as-of date into a new generation of
// output/<as-of>/ and, when its set is complete, switches readers to it at
// once (see generations). A report that fails is reported in the returned
// error and left out of the set; the others are written and published. A
// partial render (Only, Unit) builds on the current set. A render that is
// stopped (its context cancelled, or the process killed) publishes nothing:
// readers keep the previous set, and the next render removes the leftovers.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, only := range opt.Only {
		if !slices.ContainsFunc(manifest.Kinds, func(k string) bool { return strings.HasPrefix(k, only) }) {
			return nil, fmt.Errorf("render: %w: unknown kind %q (one of %s)", ErrConfig, only, strings.Join(manifest.Kinds, ", "))
		}
	}
	if opt.Unit != "" {
		if _, ok := opt.Registry.Unit(opt.Unit); !ok {
			return nil, fmt.Errorf("render: %w: unit %s is not in the registry", ErrConfig, opt.Unit)
		}
	}
	gens := generations{output: opt.Output, asOf: opt.AsOf.String()}
	unlock, err := gens.lock()
	if err != nil {
		return nil, fmt.Errorf("render: lock %s: %w", gens.link(), err)
	}
	defer unlock()
	current, currentDir, err := gens.current()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if err := gens.prune(current); err != nil {
		opt.Log.Warn("render: leftovers of earlier renders not removed", "err", err)
	}
	n, folder, err := gens.next()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(folder)
		}
	}()
	r := &run{opt: opt, out: dir{root: folder}}
	var carried []manifest.File
	if (len(opt.Only) > 0 || opt.Unit != "") && currentDir != "" {
		if carried, err = carry(currentDir, folder); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
	}
	if err := r.prepare(ctx); err != nil {
		return nil, err
	}
	var failed []error
	for _, step := range []func(context.Context) error{r.scorecards, r.progress, r.summary, r.scoringRules, r.sixOnes, r.scoreDetails, r.ledgers, r.dataQuality} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			opt.Log.Error("render: a report failed; the others go on", "err", err)
			failed = append(failed, err)
		}
	}
	index := manifest.Manifest{AsOf: opt.AsOf.String(), Files: keepNewest(carried, r.files), Pulls: r.pullRefs}
	if _, err := r.out.writeManifest(index); err != nil {
		return nil, fmt.Errorf("render: manifest: %w", err)
	}
	if err := gens.publish(n); err != nil {
		return nil, fmt.Errorf("render: publish %s: %w", gens.link(), err)
	}
	published = true
	if err := gens.prune(n); err != nil {
		opt.Log.Warn("render: older generations not removed", "err", err)
	}
	res := &Result{Dir: gens.link(), Written: r.files, Manifest: index, Warnings: r.warnings}
	if len(failed) > 0 {
		return res, fmt.Errorf("render: %d of the reports failed and are not in %s (the others are): %w",
			len(failed), gens.link(), errors.Join(failed...))
	}
	return res, nil
}

// keepNewest is the carried files with the ones written anew in their place.
func keepNewest(carried, written []manifest.File) []manifest.File {
	rewritten := map[string]bool{}
	for _, f := range written {
		rewritten[f.Path] = true
	}
	out := slices.Clone(written)
	for _, f := range carried {
		if !rewritten[f.Path] {
			out = append(out, f)
		}
	}
	return out
}

// run is one render in progress.
type run struct {
	opt         Options
	out         dir
	meta        reports.Meta
	pullRefs    []manifest.PullRef
	latestPulls map[string]warehouse.PullStatus // by bureau
	windowStart zhengzhi.Date
	results     []*assess.Result
	renderer    *pdf.Renderer
	files       []manifest.File
	warnings    []string
	// sixOnesByScope caches the 'six ones' models by scope unit.
	sixOnesByScope map[string]*reports.SixOnes
	// provinceProgress is the province's 'six ones' extract, read once.
	provinceProgress *zhengzhi.ProgressExtract
}

// prepare reads the pulls, scores (or loads the stored scores of) every rule
// set, and loads the fonts.
func (r *run) prepare(ctx context.Context) error {
	// The fonts first: a configuration error shows before any work is done.
	if r.wants(manifest.KindScorecard) || r.wants(manifest.KindProgress) || r.wants(manifest.KindSummary) || r.wants(manifest.KindScoringRules) || r.wants(manifest.KindInterviewNotice) {
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
		ref := manifest.PullRef{Unit: unit, PullID: s.LastGoodID, Outcome: s.Outcome}
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
	for _, rs := range r.opt.RuleSets {
		if r.windowStart.IsZero() || rs.Window.Start < r.windowStart {
			r.windowStart = rs.Window.Start
		}
		res, err := assess.Load(ctx, w, r.opt.Registry, rs, r.opt.AsOf)
		if err != nil {
			return fmt.Errorf("render: %s: %w", rs.ID, err)
		}
		r.results = append(r.results, res)
	}
	return nil
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
	f, err := r.out.write(rel, kind, unit, ruleset, write)
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
func (r *run) resultsOf(level zhengzhi.Level) []*assess.Result {
	var out []*assess.Result
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
