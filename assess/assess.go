// Package assess is the assess step of the pipeline: compute every indicator
// a rule set uses from the warehouse, score every unit of its level, and store
// the result with the rule set's content hash and the data pulls it rests on,
// so that a past period can be shown and compared without recomputing.
package assess

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// ErrNoData refuses to score a warehouse no bureau was ever pulled into:
// every unit would get the marks of having nothing to do.
var ErrNoData = errors.New("仓库中还没有任何成功拉取的数据，无从考核：先运行 zhengzhi ingest")

// ErrRuleSetChanged refuses a period whose rule set file was edited after
// its result was frozen: the frozen result and its rulings were made under
// the file as it was.
var ErrRuleSetChanged = errors.New("规则集文件在公示后被修改，公示结果须以公示时的规则集为准：请恢复原文件")

// Result is one scored assessment as the reports use it.
type Result struct {
	Assessment *zhengzhi.Assessment
	// Values are the indicator values of every unit of the level, including
	// units not scored (abolished counties).
	Values zhengzhi.Values
	// ID is the stored row in the warehouse's assessments table.
	ID int64
	// Pulls are the ids of the pulls (the last good one of every bureau) the data rests on.
	Pulls []int64
	// ComputedAt is when the scores were computed: metadata, not part of the result.
	ComputedAt time.Time
	// Stored is true when this run scored and stored the result, false when
	// the same result over the same data was stored before.
	Stored bool
}

// LoadRuleSet reads and validates a rule set file and, when it names the
// rule set it succeeds (succeeds:), reads and checks that one too and links
// it as Previous. The predecessor's own succeeds is not followed: it is read
// for the 评分细则's annex of changes only, never scored.
func LoadRuleSet(path string) (*zhengzhi.RuleSet, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rule set: %w", err)
	}
	rs, err := zhengzhi.ParseRuleSet(path, text)
	if err != nil || rs.Succeeds == "" {
		return rs, err
	}
	prevPath := filepath.FromSlash(rs.PreviousPath())
	prevText, err := os.ReadFile(prevPath)
	if err != nil {
		return nil, fmt.Errorf("rule set %s: succeeds: %w", path, err)
	}
	prev, err := zhengzhi.ParseRuleSet(prevPath, prevText)
	if err != nil {
		return nil, err
	}
	if err := rs.Follow(prev); err != nil {
		return nil, err
	}
	return rs, nil
}

// Run scores the rule set as of a date and stores the result with the rule
// set's hash, the registry's hash and the ids of the pulls the data rests
// on, and returns it — unless a result of this rule set's content on this
// registry as of that date over the same pulls is stored already: scoring
// the same data again would give the same result, so that one is returned
// and nothing is stored (Stored false). A period past open is not scored
// anew: its frozen (or final) result is returned. The as-of date is clamped
// to the rule set's window once, here (D); a date before the window is
// refused. Assess is the only step that scores: render reads what it stored.
func Run(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, rs *zhengzhi.RuleSet, asOf zhengzhi.Date) (*Result, error) {
	d, err := rs.WindowEnd(asOf)
	if err != nil {
		return nil, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	if res, ok, err := period(ctx, w, rs, d); ok || err != nil {
		return res, err
	}
	// The pulls are read before the scores: a pull finishing during the run
	// then makes the stored result look older than it is, never newer.
	pulls, err := CurrentPulls(ctx, w)
	if err != nil {
		return nil, err
	}
	if len(pulls) == 0 {
		return nil, fmt.Errorf("assess %s: %w", rs.ID, ErrNoData)
	}
	// Results are stored under D, the as-of date clamped to the window's end.
	stored, ok, err := w.StoredAssessment(ctx, rs.ID, rs.Hash, d)
	if err != nil {
		return nil, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	// A result scored on another registry (a county abolished, a zone
	// changed) ranks other units: it is scored again.
	if ok && slices.Equal(stored.Pulls, pulls) && stored.RegistryHash == reg.Hash {
		// The hash matched: the rule set in hand is the one that scored it.
		stored.Assessment.RuleSet = rs
		return &Result{Assessment: stored.Assessment, Values: stored.Values, ID: stored.ID,
			Pulls: stored.Pulls, ComputedAt: stored.ComputedAt}, nil
	}
	values, err := w.IndicatorValues(ctx, reg, rs, d)
	if err != nil {
		return nil, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	a := zhengzhi.Assess(rs, ScoredUnits(reg, rs.Level), values, d)
	computedAt := time.Now().UTC()
	id, err := w.SaveAssessment(ctx, a, reg.Hash, values, pulls)
	if err != nil {
		return nil, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	return &Result{Assessment: a, Values: values, ID: id, Pulls: pulls, ComputedAt: computedAt, Stored: true}, nil
}

// period is the result of a period past open (公示, 复核, final): the frozen
// stored result, whatever later pulls brought, with the accepted rulings
// applied once final; false when the period is open.
func period(ctx context.Context, w *warehouse.Warehouse, rs *zhengzhi.RuleSet, d zhengzhi.Date) (*Result, bool, error) {
	p, ok, err := w.Period(ctx, rs.ID, d)
	if err != nil || !ok {
		return nil, false, err
	}
	stored, err := w.StoredAssessmentByID(ctx, p.Assessment)
	if err != nil {
		return nil, true, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	if stored.RuleSetHash != rs.Hash {
		return nil, true, fmt.Errorf("assess %s: %w", rs.ID, ErrRuleSetChanged)
	}
	stored.Assessment.RuleSet = rs
	appeals, err := w.Appeals(ctx, warehouse.AppealFilter{RuleSet: rs.ID, AsOf: d})
	if err != nil {
		return nil, true, fmt.Errorf("assess %s: %w", rs.ID, err)
	}
	a, values := zhengzhi.Final(rs, stored.Assessment, stored.Values, p, appeals)
	return &Result{Assessment: a, Values: values, ID: stored.ID, Pulls: stored.Pulls, ComputedAt: stored.ComputedAt}, true, nil
}

// CurrentPulls lists, sorted, the last good pull of every bureau ever pulled:
// the data an assessment made now rests on.
func CurrentPulls(ctx context.Context, w *warehouse.Warehouse) ([]int64, error) {
	statuses, err := w.LatestPulls(ctx)
	if err != nil {
		return nil, fmt.Errorf("assess: %w", err)
	}
	return warehouse.LastGood(statuses), nil
}

// ScoredUnits are the units of a level an assessment scores, in registry
// order: an abolished county no longer has a bureau to score (its rows still
// count for its city).
func ScoredUnits(reg *zhengzhi.Registry, level zhengzhi.Level) []zhengzhi.Unit {
	var out []zhengzhi.Unit
	for _, u := range reg.Units(level) {
		if !u.Abolished {
			out = append(out, u)
		}
	}
	return out
}
