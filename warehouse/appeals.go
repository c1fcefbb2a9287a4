package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/sqldb"
)

// ErrPeriodExists refuses to publicize a period twice.
var ErrPeriodExists = errors.New("该考核期已公示")

// ErrNoPeriod is a period never publicized (still open).
var ErrNoPeriod = errors.New("该考核期尚未公示")

// ErrNoAppeal is an appeal id that names no appeal.
var ErrNoAppeal = errors.New("没有这条申诉")

// ErrStateChanged refuses a change whose state another writer moved first.
var ErrStateChanged = errors.New("状态已被他人改变")

// EvidenceFile is an evidence file with its bytes, as stored.
type EvidenceFile struct {
	zhengzhi.Evidence
	Content []byte
}

// SavePeriod stores a newly publicized period: 公示 over the frozen stored
// result its Assessment names; ErrPeriodExists when it was publicized before.
func (w *Warehouse) SavePeriod(ctx context.Context, p zhengzhi.Period, by string, at time.Time) error {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM periods WHERE ruleset_id = ? AND as_of = ?`), p.RuleSet, p.AsOf); err != nil {
		return fmt.Errorf("publicize %s as of %s: %w", p.RuleSet, p.AsOf, err)
	}
	if n > 0 {
		return fmt.Errorf("publicize %s as of %s: %w", p.RuleSet, p.AsOf, ErrPeriodExists)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO periods (ruleset_id, as_of, state, assessment_id, published, deadline, published_by, published_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), p.RuleSet, p.AsOf, string(p.State), p.Assessment, p.Published, p.Deadline, by, instant(at)); err != nil {
		return fmt.Errorf("publicize %s as of %s: %w", p.RuleSet, p.AsOf, err)
	}
	return tx.Commit()
}

// periodRow is how a period comes back from any engine.
type periodRow struct {
	RuleSetID    string        `db:"ruleset_id"`
	AsOf         zhengzhi.Date `db:"as_of"`
	State        string        `db:"state"`
	AssessmentID int64         `db:"assessment_id"`
	Published    zhengzhi.Date `db:"published"`
	Deadline     zhengzhi.Date `db:"deadline"`
}

func (r periodRow) period() zhengzhi.Period {
	return zhengzhi.Period{RuleSet: r.RuleSetID, AsOf: r.AsOf, State: zhengzhi.PeriodState(r.State),
		Assessment: r.AssessmentID, Published: r.Published, Deadline: r.Deadline}
}

const periodColumns = `ruleset_id, as_of, state, assessment_id, published, deadline`

// Period reads a period; false when it was never publicized (still open).
func (w *Warehouse) Period(ctx context.Context, rulesetID string, asOf zhengzhi.Date) (zhengzhi.Period, bool, error) {
	var row periodRow
	err := w.db.GetContext(ctx, &row, w.db.Rebind(`SELECT `+periodColumns+` FROM periods WHERE ruleset_id = ? AND as_of = ?`), rulesetID, asOf)
	if errors.Is(err, sql.ErrNoRows) {
		return zhengzhi.Period{}, false, nil
	}
	if err != nil {
		return zhengzhi.Period{}, false, fmt.Errorf("read period %s as of %s: %w", rulesetID, asOf, err)
	}
	return row.period(), true, nil
}

// Periods lists every period past open, newest date first, then by rule set.
func (w *Warehouse) Periods(ctx context.Context) ([]zhengzhi.Period, error) {
	var rows []periodRow
	if err := w.db.SelectContext(ctx, &rows, `SELECT `+periodColumns+` FROM periods ORDER BY as_of DESC, ruleset_id`); err != nil {
		return nil, fmt.Errorf("read periods: %w", err)
	}
	out := make([]zhengzhi.Period, len(rows))
	for i, r := range rows {
		out[i] = r.period()
	}
	return out, nil
}

// SetPeriodState moves a period from one state to another; ErrStateChanged
// when it was not in the state from. A move to final records who made it.
func (w *Warehouse) SetPeriodState(ctx context.Context, rulesetID string, asOf zhengzhi.Date, from, to zhengzhi.PeriodState, by string, at time.Time) error {
	q, args := `UPDATE periods SET state = ? WHERE ruleset_id = ? AND as_of = ? AND state = ?`, []any{string(to), rulesetID, asOf, string(from)}
	if to == zhengzhi.PeriodFinal {
		q, args = `UPDATE periods SET state = ?, finalized_by = ?, finalized_at = ? WHERE ruleset_id = ? AND as_of = ? AND state = ?`,
			[]any{string(to), by, instant(at), rulesetID, asOf, string(from)}
	}
	res, err := w.db.ExecContext(ctx, w.db.Rebind(q), args...)
	if err != nil {
		return fmt.Errorf("period %s as of %s to %s: %w", rulesetID, asOf, to, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("period %s as of %s to %s: %w", rulesetID, asOf, to, ErrStateChanged)
	}
	return nil
}

// AddAppeal stores a filed appeal with its evidence files in one
// transaction and returns its id.
func (w *Warehouse) AddAppeal(ctx context.Context, a zhengzhi.Appeal, files []EvidenceFile) (int64, error) {
	tx, err := w.db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	num, den := nullValue(a.Value)
	args := []any{a.RuleSet, a.AsOf, a.Unit, a.Item, a.Claim, num, den, a.FiledBy, instant(a.FiledAt), string(zhengzhi.AppealPending)}
	q := `INSERT INTO appeals (ruleset_id, as_of, unit, item, claim, value_numerator, value_denominator, filed_by, filed_at, state)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	id, err := sqldb.InsertID(ctx, w.db.Dialect, tx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("file appeal of %s on %s: %w", a.Unit, a.Item, err)
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO appeal_evidence (appeal_id, name, sha256, content_type, size, content) VALUES (?, ?, ?, ?, ?, ?)`),
			id, f.Name, f.SHA256, f.Type, int64(len(f.Content)), f.Content); err != nil {
			return 0, fmt.Errorf("evidence %s of appeal %d: %w", f.Name, id, err)
		}
	}
	return id, tx.Commit()
}

// nullValue is a proposed or ruled value's two columns, NULL when none.
func nullValue(v *zhengzhi.Value) (any, any) {
	if v == nil {
		return nil, nil
	}
	return v.Numerator, v.Denominator
}

// AppealFilter narrows a list of appeals; zero fields do not narrow.
type AppealFilter struct {
	RuleSet string
	AsOf    zhengzhi.Date
	// Units keeps the appeals of these units only; nil keeps every unit.
	Units []string
}

// appealRow is how an appeal comes back from any engine.
type appealRow struct {
	ID                int64          `db:"id"`
	RuleSetID         string         `db:"ruleset_id"`
	AsOf              zhengzhi.Date  `db:"as_of"`
	Unit              string         `db:"unit"`
	Item              string         `db:"item"`
	Claim             string         `db:"claim"`
	ValueNumerator    sql.NullInt64  `db:"value_numerator"`
	ValueDenominator  sql.NullInt64  `db:"value_denominator"`
	FiledBy           string         `db:"filed_by"`
	FiledAt           time.Time      `db:"filed_at"`
	State             string         `db:"state"`
	RulingNumerator   sql.NullInt64  `db:"ruling_numerator"`
	RulingDenominator sql.NullInt64  `db:"ruling_denominator"`
	RulingScore       sql.NullInt64  `db:"ruling_score"`
	RulingReason      sql.NullString `db:"ruling_reason"`
	RuledBy           sql.NullString `db:"ruled_by"`
	RuledAt           sql.NullTime   `db:"ruled_at"`
}

const appealColumns = `a.id, a.ruleset_id, a.as_of, a.unit, a.item, a.claim, a.value_numerator, a.value_denominator, a.filed_by,
a.filed_at, a.state, a.ruling_numerator, a.ruling_denominator, a.ruling_score, a.ruling_reason, a.ruled_by, a.ruled_at`

func (r appealRow) appeal() zhengzhi.Appeal {
	a := zhengzhi.Appeal{ID: r.ID, RuleSet: r.RuleSetID, AsOf: r.AsOf, Unit: r.Unit, Item: r.Item, Claim: r.Claim,
		FiledBy: r.FiledBy, FiledAt: r.FiledAt.UTC(), State: zhengzhi.AppealState(r.State), Evidence: []zhengzhi.Evidence{}}
	if r.ValueNumerator.Valid {
		a.Value = &zhengzhi.Value{Numerator: r.ValueNumerator.Int64, Denominator: r.ValueDenominator.Int64}
	}
	if r.RuledBy.Valid {
		a.Ruling = &zhengzhi.Ruling{Reason: r.RulingReason.String, By: r.RuledBy.String, At: nullTime(r.RuledAt)}
		if r.RulingNumerator.Valid {
			a.Ruling.Value = &zhengzhi.Value{Numerator: r.RulingNumerator.Int64, Denominator: r.RulingDenominator.Int64}
		}
		if r.RulingScore.Valid {
			s := zhengzhi.Score(r.RulingScore.Int64)
			a.Ruling.Score = &s
		}
	}
	return a
}

// Appeals lists the appeals the filter keeps, in the order they were filed,
// each with its evidence files (names, digests, types, sizes; not bytes).
func (w *Warehouse) Appeals(ctx context.Context, f AppealFilter) ([]zhengzhi.Appeal, error) {
	where, args := `1 = 1`, []any{}
	if f.RuleSet != "" {
		where, args = where+` AND a.ruleset_id = ?`, append(args, f.RuleSet)
	}
	if !f.AsOf.IsZero() {
		where, args = where+` AND a.as_of = ?`, append(args, f.AsOf)
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			return []zhengzhi.Appeal{}, nil
		}
		where += ` AND a.unit IN (?` + repeatPlaceholder(len(f.Units)-1) + `)`
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	var rows []appealRow
	if err := w.db.SelectContext(ctx, &rows, w.db.Rebind(`SELECT `+appealColumns+` FROM appeals a WHERE `+where+` ORDER BY a.id`), args...); err != nil {
		return nil, fmt.Errorf("read appeals: %w", err)
	}
	out := make([]zhengzhi.Appeal, len(rows))
	byID := map[int64]int{}
	for i, r := range rows {
		out[i] = r.appeal()
		byID[r.ID] = i
	}
	if len(out) == 0 {
		return out, nil
	}
	var ev []evidenceRow
	if err := w.db.SelectContext(ctx, &ev, w.db.Rebind(`SELECT e.id, e.appeal_id, e.name, e.sha256, e.content_type, e.size
FROM appeal_evidence e JOIN appeals a ON a.id = e.appeal_id WHERE `+where+` ORDER BY e.id`), args...); err != nil {
		return nil, fmt.Errorf("read evidence: %w", err)
	}
	for _, e := range ev {
		i := byID[e.AppealID]
		out[i].Evidence = append(out[i].Evidence, e.evidence())
	}
	return out, nil
}

// repeatPlaceholder is n more placeholders of an IN list.
func repeatPlaceholder(n int) string { return strings.Repeat(", ?", n) }

// evidenceRow is how an evidence file's description comes back.
type evidenceRow struct {
	ID       int64  `db:"id"`
	AppealID int64  `db:"appeal_id"`
	Name     string `db:"name"`
	SHA256   string `db:"sha256"`
	Type     string `db:"content_type"`
	Size     int64  `db:"size"`
}

func (e evidenceRow) evidence() zhengzhi.Evidence {
	return zhengzhi.Evidence{ID: e.ID, Name: e.Name, SHA256: e.SHA256, Type: e.Type, Size: e.Size}
}

// Appeal reads one appeal with its evidence; ErrNoAppeal when there is none.
func (w *Warehouse) Appeal(ctx context.Context, id int64) (zhengzhi.Appeal, error) {
	var row appealRow
	err := w.db.GetContext(ctx, &row, w.db.Rebind(`SELECT `+appealColumns+` FROM appeals a WHERE a.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return zhengzhi.Appeal{}, fmt.Errorf("appeal %d: %w", id, ErrNoAppeal)
	}
	if err != nil {
		return zhengzhi.Appeal{}, fmt.Errorf("read appeal %d: %w", id, err)
	}
	a := row.appeal()
	var ev []evidenceRow
	if err := w.db.SelectContext(ctx, &ev, w.db.Rebind(`SELECT id, appeal_id, name, sha256, content_type, size FROM appeal_evidence WHERE appeal_id = ? ORDER BY id`), id); err != nil {
		return a, fmt.Errorf("read evidence of appeal %d: %w", id, err)
	}
	for _, e := range ev {
		a.Evidence = append(a.Evidence, e.evidence())
	}
	return a, nil
}

// EvidenceContent reads one evidence file with its bytes and the appeal it
// belongs to; ErrNoAppeal when there is none.
func (w *Warehouse) EvidenceContent(ctx context.Context, id int64) (EvidenceFile, int64, error) {
	var row struct {
		evidenceRow
		Content []byte `db:"content"`
	}
	err := w.db.GetContext(ctx, &row, w.db.Rebind(`SELECT id, appeal_id, name, sha256, content_type, size, content FROM appeal_evidence WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return EvidenceFile{}, 0, fmt.Errorf("evidence %d: %w", id, ErrNoAppeal)
	}
	if err != nil {
		return EvidenceFile{}, 0, fmt.Errorf("read evidence %d: %w", id, err)
	}
	return EvidenceFile{Evidence: row.evidence(), Content: row.Content}, row.AppealID, nil
}

// RuleAppeal records the ruling on a pending appeal; ErrStateChanged when
// it was already ruled.
func (w *Warehouse) RuleAppeal(ctx context.Context, id int64, state zhengzhi.AppealState, r zhengzhi.Ruling) error {
	num, den := nullValue(r.Value)
	var score any
	if r.Score != nil {
		score = int64(*r.Score)
	}
	res, err := w.db.ExecContext(ctx, w.db.Rebind(`UPDATE appeals SET state = ?, ruling_numerator = ?, ruling_denominator = ?, ruling_score = ?,
ruling_reason = ?, ruled_by = ?, ruled_at = ? WHERE id = ? AND state = ?`),
		string(state), num, den, score, r.Reason, r.By, instant(r.At), id, string(zhengzhi.AppealPending))
	if err != nil {
		return fmt.Errorf("rule appeal %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("rule appeal %d: %w", id, ErrStateChanged)
	}
	return nil
}

// StoredAssessmentByID reads one stored result by its id, as a period's
// frozen result names it.
func (w *Warehouse) StoredAssessmentByID(ctx context.Context, id int64) (*StoredAssessment, error) {
	var row assessmentRow
	if err := w.db.GetContext(ctx, &row, w.db.Rebind(`SELECT `+assessmentColumns+` FROM assessments a WHERE a.id = ?`), id); err != nil {
		return nil, fmt.Errorf("read stored assessment %d: %w", id, err)
	}
	s, err := row.stored()
	if err != nil {
		return nil, err
	}
	return &s, nil
}
