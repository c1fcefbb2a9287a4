package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"zhengzhi"
	"zhengzhi/sqldb"
)

// StoredAssessment is an assessment as stored in the warehouse: the result
// of scoring a rule set's content (its hash) as of a date, with the data
// pulls it rests on, so that a past period can be shown and compared without
// recomputing.
type StoredAssessment struct {
	ID          int64
	RuleSetID   string
	RuleSetHash string
	// RegistryHash is the hash of the unit registry it was scored on
	// (zhengzhi.Registry.Hash); "" for results stored before it was kept.
	RegistryHash string
	Level        zhengzhi.Level
	AsOf         zhengzhi.Date
	// ComputedAt is when the result was stored; it is not part of the result.
	ComputedAt time.Time
	// Pulls are the ids of the pulls (one per bureau) the data rested on.
	Pulls []int64
	// Assessment is the result with every scorecard's unit and every item's
	// value restored. Its RuleSet carries only the identity stored with it
	// (ID, Title, Level, Hash): items and rules live in the rule set file.
	Assessment *zhengzhi.Assessment
	// Values are the indicator values the scores were computed from.
	Values zhengzhi.Values
}

// storedResult is the JSON of assessments.result. Its fields are in a fixed
// order, its units in registry order and its values in sorted maps, so the
// same data and date always give the same text.
type storedResult struct {
	RuleSet  string          `json:"ruleset"`
	Registry string          `json:"registry,omitempty"`
	Title    string          `json:"title"`
	Level    zhengzhi.Level  `json:"level"`
	AsOf     zhengzhi.Date   `json:"as_of"`
	Units    []storedUnit    `json:"units"`
	Values   zhengzhi.Values `json:"values"`
}

// storedUnit is a scorecard with its unit; the shallower Unit and Items
// fields take the place of the scorecard's own, which its JSON leaves out.
type storedUnit struct {
	Unit zhengzhi.Unit `json:"unit"`
	zhengzhi.Scorecard
	Items []storedItem `json:"items"`
}

// storedItem is an item score with its indicator value.
type storedItem struct {
	zhengzhi.ItemScore
	Value zhengzhi.Value `json:"value"`
}

// encodeAssessment is the stored JSON of an assessment and its values:
// identical bytes for identical results.
func encodeAssessment(a *zhengzhi.Assessment, registryHash string, values zhengzhi.Values) ([]byte, error) {
	if a.RuleSet == nil {
		return nil, errors.New("assessment has no rule set")
	}
	r := storedResult{RuleSet: a.RuleSet.ID, Registry: registryHash, Title: a.RuleSet.Title, Level: a.RuleSet.Level,
		AsOf: a.AsOf, Units: make([]storedUnit, len(a.Units)), Values: values}
	for i, card := range a.Units {
		u := storedUnit{Unit: card.Unit, Scorecard: card, Items: make([]storedItem, len(card.Items))}
		for j, it := range card.Items {
			u.Items[j] = storedItem{ItemScore: it, Value: it.Value}
		}
		r.Units[i] = u
	}
	return json.Marshal(r)
}

// decodeAssessment reads the stored JSON back into an assessment and its values.
func decodeAssessment(text []byte, hash string) (*zhengzhi.Assessment, string, zhengzhi.Values, error) {
	var r storedResult
	if err := json.Unmarshal(text, &r); err != nil {
		return nil, "", nil, err
	}
	a := &zhengzhi.Assessment{
		RuleSet: &zhengzhi.RuleSet{ID: r.RuleSet, Title: r.Title, Level: r.Level, Hash: hash},
		AsOf:    r.AsOf,
		Units:   make([]zhengzhi.Scorecard, len(r.Units)),
	}
	for i, u := range r.Units {
		card := u.Scorecard
		card.Unit = u.Unit
		card.Items = nil
		if u.Items != nil {
			card.Items = make([]zhengzhi.ItemScore, len(u.Items))
		}
		for j, it := range u.Items {
			card.Items[j] = it.ItemScore
			card.Items[j].Value = it.Value
		}
		a.Units[i] = card
	}
	return a, r.Registry, r.Values, nil
}

// SaveAssessment stores an assessment with the hash of the registry it was
// scored on, its indicator values and the ids of the pulls its data rests
// on, and returns the stored row's id.
func (w *Warehouse) SaveAssessment(ctx context.Context, a *zhengzhi.Assessment, registryHash string, values zhengzhi.Values, pulls []int64) (int64, error) {
	result, err := encodeAssessment(a, registryHash, values)
	if err != nil {
		return 0, fmt.Errorf("store assessment: %w", err)
	}
	if pulls == nil {
		pulls = []int64{}
	}
	pullsJSON, err := json.Marshal(pulls)
	if err != nil {
		return 0, err
	}
	rs := a.RuleSet
	args := []any{rs.ID, rs.Hash, string(rs.Level), a.AsOf, time.Now().UTC().Truncate(time.Microsecond), string(pullsJSON), string(result)}
	q := `INSERT INTO assessments (ruleset_id, ruleset_hash, level, as_of, computed_at, pulls, result) VALUES (?, ?, ?, ?, ?, ?, ?)`
	id, err := sqldb.InsertID(ctx, w.db.Dialect, w.db, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store assessment %s as of %s: %w", rs.ID, a.AsOf, err)
	}
	return id, nil
}

// assessmentRow is how a stored assessment comes back from any engine.
type assessmentRow struct {
	ID          int64         `db:"id"`
	RuleSetID   string        `db:"ruleset_id"`
	RuleSetHash string        `db:"ruleset_hash"`
	Level       string        `db:"level"`
	AsOf        zhengzhi.Date `db:"as_of"`
	ComputedAt  time.Time     `db:"computed_at"`
	Pulls       string        `db:"pulls"`
	Result      string        `db:"result"`
}

const assessmentColumns = `a.id, a.ruleset_id, a.ruleset_hash, a.level, a.as_of, a.computed_at, a.pulls, a.result`

func (r assessmentRow) stored() (StoredAssessment, error) {
	s := StoredAssessment{ID: r.ID, RuleSetID: r.RuleSetID, RuleSetHash: r.RuleSetHash,
		Level: zhengzhi.Level(r.Level), AsOf: r.AsOf, ComputedAt: r.ComputedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Pulls), &s.Pulls); err != nil {
		return s, fmt.Errorf("stored assessment %d: pulls: %w", r.ID, err)
	}
	a, registry, values, err := decodeAssessment([]byte(r.Result), r.RuleSetHash)
	if err != nil {
		return s, fmt.Errorf("stored assessment %d: result: %w", r.ID, err)
	}
	s.RegistryHash = registry
	s.Assessment, s.Values = a, values
	return s, nil
}

// StoredAssessment returns the newest stored result of a rule set's content
// (its hash) as of a date; false when there is none.
func (w *Warehouse) StoredAssessment(ctx context.Context, rulesetID, rulesetHash string, asOf zhengzhi.Date) (*StoredAssessment, bool, error) {
	var row assessmentRow
	err := w.db.GetContext(ctx, &row, w.db.Rebind(`SELECT `+assessmentColumns+` FROM assessments a
WHERE a.ruleset_id = ? AND a.ruleset_hash = ? AND a.as_of = ?
ORDER BY a.id DESC LIMIT 1`), rulesetID, rulesetHash, asOf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read stored assessment %s as of %s: %w", rulesetID, asOf, err)
	}
	s, err := row.stored()
	if err != nil {
		return nil, false, err
	}
	return &s, true, nil
}

// AssessmentHistory returns, for trends, the newest stored result of each
// as-of date before the given one, oldest first. It follows the rule set's
// id across edits of its file: each result keeps the hash it was scored by.
func (w *Warehouse) AssessmentHistory(ctx context.Context, rulesetID string, before zhengzhi.Date) ([]StoredAssessment, error) {
	var rows []assessmentRow
	if err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT `+assessmentColumns+` FROM assessments a
JOIN (SELECT as_of, MAX(id) AS id FROM assessments WHERE ruleset_id = ? AND as_of < ? GROUP BY as_of) newest ON newest.id = a.id
ORDER BY a.as_of`), rulesetID, before); err != nil {
		return nil, fmt.Errorf("read assessment history of %s before %s: %w", rulesetID, before, err)
	}
	out := make([]StoredAssessment, len(rows))
	for i, r := range rows {
		s, err := r.stored()
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// AssessmentsVersion is the id of the newest stored assessment (0 when none):
// it changes whenever a result is stored, so a reader may cache what it
// decoded until then.
func (w *Warehouse) AssessmentsVersion(ctx context.Context) (int64, error) {
	var id int64
	stmt, err := w.prepared(ctx, `SELECT COALESCE(MAX(id), 0) FROM assessments`)
	if err == nil {
		err = stmt.GetContext(ctx, &id)
	}
	if err != nil {
		return 0, fmt.Errorf("read assessments version: %w", err)
	}
	return id, nil
}
