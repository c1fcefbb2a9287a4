// Package publish is the one owner of the output folder: it alone reads and
// writes paths under output/. The render step and the draw write through it,
// the portal and the bench read through it; it imports only the domain.
//
// Layout of output/:
//
//	<as-of>/                -> .generations/<as-of>.NNNN   the reports of an as-of date
//	<as-of>/manifest.json   every file of the set, its kind, unit, rule set, size, sha256
//	draws/                  -> .generations/draws.NNNN     every month's published draw
//	draws/manifest.json     every draw file, its kind and month
//	.generations/           the current and the previous generation of every set, and lock files
//
// Layout of output/<as-of>/:
//
//	province/progress-report.pdf          阶段进展情况报告
//	province/yearend-summary.pdf          年度考核结果通报
//	province/six-ones.xlsx                “六个一”行动进展情况统计表（分市）
//	province/score-detail-<ruleset>.xlsx  考核得分明细
//	province/ledger-<kind>.xlsx           全省台账 (hazards, followups, risk-points)
//	province/data-quality.xlsx            省局数据质量问题清单
//	cities/<city>/six-ones.xlsx           本市“六个一”（分县）
//	cities/<city>/ledger-<kind>.xlsx      本市台账
//	cities/<city>/data-quality.xlsx       本市数据质量问题清单
//	cities/<city>/scorecards/<ruleset>-<unit>.pdf  考核评分表 of the city and its counties
//
// Layout of output/draws/: <month>.json, <month>.xlsx, <month>.pdf, and
// <month>-commitment.txt, the seed's digest published before the draw.
package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"zhengzhi"
)

// Output is the output folder.
type Output struct {
	root string
}

// New is the output folder at root (the config's output:).
func New(root string) Output { return Output{root: root} }

// drawsSet is the set the draws are published in: output/draws.
const drawsSet = "draws"

// Build is a new generation of a set under construction: files are written
// into it, then Publish switches readers to it at once. Close releases it; a
// build closed unpublished leaves nothing behind.
type Build struct {
	gens      generations
	n         int
	out       dir
	previous  string // the current generation's folder; "" when there is none
	unlock    func()
	published bool
}

// BeginDate starts a new generation of an as-of date's reports. Two builds
// of one date take turns: the second waits for the first to close, so
// neither prunes the other's generation under construction.
func (o Output) BeginDate(asOf zhengzhi.Date, log *slog.Logger) (*Build, error) {
	if asOf.IsZero() {
		return nil, errors.New("publish: no as-of date")
	}
	return o.begin(asOf.String(), log)
}

func (o Output) begin(set string, log *slog.Logger) (*Build, error) {
	g := generations{output: o.root, set: set}
	unlock, err := g.lock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", g.link(), err)
	}
	current, currentDir, err := g.current()
	if err != nil {
		unlock()
		return nil, err
	}
	if err := g.prune(current); err != nil && log != nil {
		log.Warn("leftovers of earlier builds not removed", "set", set, "err", err)
	}
	n, folder, err := g.next()
	if err != nil {
		unlock()
		return nil, err
	}
	return &Build{gens: g, n: n, out: dir{root: folder}, previous: currentDir, unlock: unlock}, nil
}

// Link is the path readers use for the set: output/<as-of>.
func (b *Build) Link() string { return b.gens.link() }

// Previous is the manifest of the set readers see now; an empty one when there is none.
func (b *Build) Previous() (Manifest, error) {
	if b.previous == "" {
		return Manifest{}, nil
	}
	m, err := ReadManifest(b.previous)
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, nil
	}
	return m, err
}

// CarryAll links every file of the current set into the new generation, so
// that a partial render (--only, --unit) builds on it; a file later written
// anew replaces its link, never the old file. It returns the current set's
// files.
func (b *Build) CarryAll() ([]File, error) {
	if b.previous == "" {
		return nil, nil
	}
	return carry(b.previous, b.out.root)
}

// CarryOver keeps a file of the current set that this build failed to write
// anew: the same bytes, listed with carried_over and the reason in Chinese.
func (b *Build) CarryOver(f File, reason string) (File, error) {
	if b.previous == "" {
		return File{}, errors.New("publish: no previous set to carry a file over from")
	}
	// A partial render carried the whole set already.
	if full, err := b.out.full(f.Path); err != nil {
		return File{}, err
	} else if _, err := os.Lstat(full); errors.Is(err, fs.ErrNotExist) {
		if err := linkFile(dir{root: b.previous}, b.out, f.Path); err != nil {
			return File{}, err
		}
	}
	f.CarriedOver, f.Error = true, reason
	return f, nil
}

// Write creates rel in the new generation through write and returns the
// file's manifest entry.
func (b *Build) Write(rel, kind, unit, ruleset string, write func(io.Writer) error) (File, error) {
	return b.out.write(rel, kind, unit, ruleset, write)
}

// Create opens rel for writing under a temporary name; Close renames it
// into place and hands its manifest entry to done, Abort drops it. Safe to
// call from several goroutines for different files.
func (b *Build) Create(rel, kind, unit, ruleset string, done func(File)) (*PendingFile, error) {
	return b.out.create(rel, kind, unit, ruleset, done)
}

// Publish writes the set's manifest (files sorted by path) and switches
// readers to the new generation; the generations before the previous one
// go.
func (b *Build) Publish(m Manifest, log *slog.Logger) error {
	if _, err := b.out.writeManifest(m); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := b.gens.publish(b.n); err != nil {
		return fmt.Errorf("publish %s: %w", b.gens.link(), err)
	}
	b.published = true
	if err := b.gens.prune(b.n); err != nil && log != nil {
		log.Warn("older generations not removed", "set", b.gens.set, "err", err)
	}
	return nil
}

// Close releases the set's lock; an unpublished generation is removed.
func (b *Build) Close() {
	if !b.published {
		os.RemoveAll(b.out.root)
	}
	b.unlock()
}

// KeepNewest is the carried files with the ones written anew in their place.
func KeepNewest(carried, written []File) []File {
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

// monthName is a draw's month: YYYY-MM.
var monthName = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// DrawFile is one file of a month's draw: its kind, its extension and how
// it is written.
type DrawFile struct {
	Kind, Ext string
	Write     func(io.Writer) error
}

// PublishDraw publishes a month's draw files as output/draws/<month>.<ext>
// in a new generation of the draws, beside every other month's, and
// returns their manifest entries. A month drawn again replaces its files.
func (o Output) PublishDraw(month string, files []DrawFile, log *slog.Logger) ([]File, error) {
	var named []drawFile
	for _, f := range files {
		if !slices.Contains([]string{"json", "xlsx", "pdf"}, f.Ext) {
			return nil, fmt.Errorf("publish: draw file extension %q", f.Ext)
		}
		named = append(named, drawFile{month + "." + f.Ext, f.Kind, f.Write})
	}
	return o.publishDraws(month, named, log)
}

// CommitmentName is the name of a month's published seed commitment in
// output/draws: 2026-12-commitment.txt.
func CommitmentName(month string) string { return month + "-commitment.txt" }

// PublishDrawCommitment publishes a month's seed commitment, the text
// write writes, as output/draws/<month>-commitment.txt (kind
// draw_commitment) in a new generation of the draws, and returns its
// manifest entry. A month committed again replaces its file.
func (o Output) PublishDrawCommitment(month string, write func(io.Writer) error, log *slog.Logger) (File, error) {
	written, err := o.publishDraws(month, []drawFile{{CommitmentName(month), KindDrawCommitment, write}}, log)
	if err != nil {
		return File{}, err
	}
	return written[0], nil
}

// drawFile is one file of a month in output/draws: its name, kind and how
// it is written.
type drawFile struct {
	name, kind string
	write      func(io.Writer) error
}

// publishDraws writes a month's files into a new generation of the draws,
// carrying every other file over, and switches it in.
func (o Output) publishDraws(month string, files []drawFile, log *slog.Logger) ([]File, error) {
	if !monthName.MatchString(month) {
		return nil, fmt.Errorf("publish: draw month %q is not YYYY-MM", month)
	}
	b, err := o.begin(drawsSet, log)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	carried, err := b.carryDraws()
	if err != nil {
		return nil, err
	}
	var written []File
	for _, f := range files {
		entry, err := b.Write(f.name, f.kind, "", "", f.write)
		if err != nil {
			return nil, err
		}
		entry.Month = month
		written = append(written, entry)
	}
	if err := b.Publish(Manifest{Files: KeepNewest(carried, written)}, log); err != nil {
		return nil, err
	}
	return written, nil
}

// carryDraws links the draws published so far into the new generation. A
// draws folder written before the draws had a manifest has none: its files
// are listed from their names, once, here.
func (b *Build) carryDraws() ([]File, error) {
	if b.previous == "" {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(b.previous, ManifestName)); err == nil {
		return b.CarryAll()
	}
	entries, err := os.ReadDir(b.previous)
	if err != nil {
		return nil, err
	}
	kinds := map[string]string{"json": KindDrawJSON, "xlsx": KindDrawSheet, "pdf": KindDrawPDF}
	var files []File
	for _, e := range entries {
		month, ext, _ := strings.Cut(e.Name(), ".")
		if !monthName.MatchString(month) || kinds[ext] == "" || !e.Type().IsRegular() {
			continue
		}
		f, err := describe(dir{root: b.previous}, e.Name())
		if err != nil {
			return nil, err
		}
		f.Kind, f.Month = kinds[ext], month
		if err := linkFile(dir{root: b.previous}, b.out, f.Path); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}
