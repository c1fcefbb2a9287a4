package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/contract"
	"zhengzhi/warehouse"
)

// Request is one upload of a unit's workbook.
type Request struct {
	Unit     string
	FileName string
	Workbook []byte
	// By is the uploader's login, ByUnit the uploader's unit ("" when not
	// known, from the command line); Client is where it came from.
	By, ByUnit, Client string
	// Confirm stores the statement (the second step); without it nothing
	// changes and Submit only previews. ConfirmWithdraw is the second
	// confirmation a statement withdrawing more than a fifth of the unit's
	// rows needs.
	Confirm, ConfirmWithdraw bool
	// Now is the moment of the upload: new and changed rows take it as
	// their updated_at, and event dates after its date (in Location) are set aside.
	Now      time.Time
	Location *time.Location
	// Audit is where every preview and confirmation is recorded.
	Audit Auditor
}

// RowRef names a row of the statement: its table, where the clerk sees it
// (for a withdrawn row, where it stood in the last statement) and its id.
type RowRef struct {
	Table string `json:"table"`
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	ID    string `json:"id"`
}

// SetAside is one reason a row of the workbook will be set aside, in the
// clerk's words (contract.Names.Plain): the words the data-quality page
// shows once the statement is loaded.
type SetAside struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// Preview is what a statement changes against the unit's last one.
type Preview struct {
	Unit      string     `json:"unit"`
	Added     []RowRef   `json:"added"`
	Changed   []RowRef   `json:"changed"`
	Withdrawn []RowRef   `json:"withdrawn"`
	SetAside  []SetAside `json:"set_aside"`
	Unchanged int        `json:"unchanged"`
	// SHA256 is the workbook's; Statement the stored statement's id once
	// confirmed; InForce the rows in force in the last statement.
	SHA256    string `json:"-"`
	Statement int64  `json:"-"`
	InForce   int    `json:"-"`
}

// WithdrawError is a confirmation refused because the statement withdraws
// more than a fifth of the unit's rows without ConfirmWithdraw.
type WithdrawError struct{ Withdrawn, InForce int }

func (e *WithdrawError) Error() string {
	return fmt.Sprintf("本次报送将撤回 %d 条记录（上次报送在用 %d 条），超过五分之一；确认无误请再次确认撤回（--confirm-withdraw）", e.Withdrawn, e.InForce)
}

// Auditor is the audit log (account.AuditLog, whose keyed chain and
// anchors are the rules every row follows).
type Auditor interface {
	Append(ctx context.Context, entries []warehouse.AuditEntry) error
}

// Submit reads a unit's workbook with the contract's row checks and previews
// what it would change; with Confirm it stores it as the unit's current
// statement (which the next ingest loads). A refused workbook (*Refusal)
// stores nothing. Every preview and confirmation, refused ones too, is
// written to the audit log.
func Submit(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, req Request) (Preview, error) {
	sum := sha256.Sum256(req.Workbook)
	p := Preview{Unit: req.Unit, SHA256: hex.EncodeToString(sum[:]), Added: []RowRef{}, Changed: []RowRef{},
		Withdrawn: []RowRef{}, SetAside: []SetAside{}}
	action := account.ActUploadPreview
	if req.Confirm {
		action = account.ActUploadConfirm
	}
	rows, err := p.compute(ctx, w, reg, req)
	if err == nil && req.Confirm {
		switch {
		case len(p.Withdrawn)*5 > p.InForce && !req.ConfirmWithdraw:
			err = &WithdrawError{Withdrawn: len(p.Withdrawn), InForce: p.InForce}
		default:
			p.Statement, err = w.SaveStatement(ctx, warehouse.Statement{Unit: req.Unit, SHA256: p.SHA256, UploadedBy: req.By,
				UploadedAt: req.Now, FileName: req.FileName}, req.Workbook, rows)
		}
	}
	outcome := "成功"
	switch {
	case err != nil:
		outcome = err.Error()
	case req.Confirm:
		outcome = fmt.Sprintf("成功：报送编号 %d，新增 %d、修改 %d、撤回 %d、退回 %d 处", p.Statement, len(p.Added), len(p.Changed), len(p.Withdrawn), len(p.SetAside))
	default:
		outcome = fmt.Sprintf("成功：将新增 %d、修改 %d、撤回 %d、退回 %d 处", len(p.Added), len(p.Changed), len(p.Withdrawn), len(p.SetAside))
	}
	target := "upload/" + req.Unit + " " + req.FileName + " sha256:" + p.SHA256
	if aerr := req.Audit.Append(ctx, []warehouse.AuditEntry{{At: req.Now, Account: req.By, Unit: req.ByUnit, Client: req.Client,
		Action: action, Target: target, Outcome: outcome}}); aerr != nil {
		return p, errors.Join(err, aerr)
	}
	return p, err
}

// held is a row of the last statement.
type held struct {
	row   warehouse.StatementRow
	taken bool // the new statement has it
}

// compute reads the workbook, checks its rows and fills the preview; it
// returns the rows of the statement it would store.
func (p *Preview) compute(ctx context.Context, w *warehouse.Warehouse, reg *zhengzhi.Registry, req Request) ([]warehouse.StatementRow, error) {
	unit, ok := reg.Unit(req.Unit)
	if !ok {
		return nil, refuse("单位 %s 不在单位名录中", req.Unit)
	}
	tables := TablesOf(reg, req.Unit)
	titles := map[string]bool{metaSheet: true}
	for _, t := range tables {
		titles[t.Title] = true
	}
	wb, err := readWorkbook(req.Workbook, func(s string) bool { return titles[s] })
	if err != nil {
		return nil, err
	}
	if err := checkMeta(wb, reg, unit); err != nil {
		return nil, err
	}
	_, last, err := w.CurrentStatement(ctx, req.Unit)
	if err != nil && !errors.Is(err, warehouse.ErrNoStatement) {
		return nil, err
	}
	before := map[string]map[string]*held{}
	for _, r := range last {
		if before[r.Table] == nil {
			before[r.Table] = map[string]*held{}
		}
		if id := r.Values[0]; id != nil {
			before[r.Table][*id] = &held{row: r}
		}
		if !isWithdrawn(r.Values) {
			p.InForce++
		}
	}
	now := req.Now.UTC().Truncate(time.Microsecond)
	stamp := now.Format(time.RFC3339Nano)
	scope := &contract.Scope{Registry: reg, Bureau: req.Unit, Today: zhengzhi.Today(req.Now, req.Location), Now: req.Now}
	if _, ok := wb.sheets[tables[0].Title]; !ok {
		// Without its enterprises sheet the workbook leaves the enterprises
		// of the last statement as they are: the rows refer to those.
		known := map[string]bool{}
		for _, r := range last {
			if r.Table == tables[0].Name && r.Values[0] != nil && !isWithdrawn(r.Values) {
				known[*r.Values[0]] = true
			}
		}
		scope.Enterprise = func(id string) bool { return known[id] }
	}
	var out []warehouse.StatementRow
	var names contract.Names
	inWorkbook := map[string]bool{}
	for _, t := range tables {
		s, ok := wb.sheets[t.Title]
		if !ok {
			continue
		}
		inWorkbook[t.Name] = true
		rows, err := sheetRows(t, s, p.SHA256)
		if err != nil {
			return nil, err
		}
		checked := make([]contract.Result, len(rows))
		count := map[string]int{}
		for i, r := range rows {
			raw := make([]any, len(t.Columns))
			for k, v := range r.values {
				if v != nil {
					raw[k] = *v
				}
			}
			raw[len(raw)-2], raw[len(raw)-1] = stamp, "0"
			checked[i] = t.Validate(raw, scope)
			count[checked[i].ID]++
		}
		var enterprises map[string]bool
		if t.Name == "enterprises" {
			enterprises = map[string]bool{}
		}
		for i, r := range rows {
			res := &checked[i]
			if n := count[res.ID]; n > 1 {
				t.RejectDuplicate(res, n)
			}
			for _, pr := range res.Problems {
				if pr.Severity != contract.Reject {
					continue
				}
				col := t.Columns[t.Index(pr.Column)].Title
				p.SetAside = append(p.SetAside, SetAside{Sheet: s.name, Row: r.num, Column: col, Value: pr.Value, Reason: names.Plain(t.Name, pr.Reason)})
			}
			if enterprises != nil && !res.Rejected() {
				enterprises[res.ID] = true
			}
			values := append(r.values, &stamp, ptr("0"))
			ref := RowRef{Table: t.Name, Sheet: s.name, Row: r.num, ID: res.ID}
			h := before[t.Name][res.ID]
			switch {
			case h != nil && !isWithdrawn(h.row.Values) && sameContent(h.row.Values, values):
				values[len(values)-2] = h.row.Values[len(values)-2] // unchanged: its stamp stays
				if !res.Rejected() {
					p.Unchanged++
				}
			case res.Rejected():
			case h != nil && !isWithdrawn(h.row.Values):
				p.Changed = append(p.Changed, ref)
			default:
				p.Added = append(p.Added, ref)
			}
			if h != nil {
				h.taken = true
			}
			out = append(out, warehouse.StatementRow{Table: t.Name, Sheet: s.name, SheetRow: r.num, Values: values})
		}
		if enterprises != nil {
			scope.Enterprise = func(id string) bool { return enterprises[id] }
		}
	}
	// The rows of the last statement this one does not have: withdrawn when
	// their table is in the workbook, carried as they were otherwise.
	for _, r := range last {
		id := r.Values[0]
		if id != nil && before[r.Table][*id].taken {
			continue
		}
		if inWorkbook[r.Table] && !isWithdrawn(r.Values) && id != nil {
			values := slices.Clone(r.Values)
			values[len(values)-2], values[len(values)-1] = &stamp, ptr("1")
			p.Withdrawn = append(p.Withdrawn, RowRef{Table: r.Table, Sheet: r.Sheet, Row: r.SheetRow, ID: *id})
			out = append(out, warehouse.StatementRow{Table: r.Table, Sheet: r.Sheet, Values: values})
			continue
		}
		out = append(out, warehouse.StatementRow{Table: r.Table, Sheet: r.Sheet, Values: r.Values})
	}
	return out, nil
}

// checkMeta refuses a workbook that is not this system's template of this
// version, or is another unit's.
func checkMeta(wb *workbook, reg *zhengzhi.Registry, unit zhengzhi.Unit) error {
	s, ok := wb.sheets[metaSheet]
	if !ok {
		return refuse("该工作簿不是本系统生成的填报模板（缺少模板信息），请下载模板后填写，整份拒收")
	}
	meta := map[string]string{}
	for _, r := range s.rows {
		if len(r.cells) >= 2 {
			meta[r.cells[0].text] = r.cells[1].text
		}
	}
	if v := meta["模板版本"]; v != TemplateVersion {
		return refuse("该工作簿的模板版本为 %q，当前版本为 %q；请重新下载模板后填写，整份拒收", v, TemplateVersion)
	}
	if code := meta["单位代码"]; code != unit.Code {
		return refuse("该工作簿是 %s（%s）的填报模板，不能作为 %s（%s）的报送上传，整份拒收", reg.Name(code), code, unit.Name, unit.Code)
	}
	return nil
}

// workbookRow is one filled row of a sheet: its number and its sheet
// columns as text (nil = empty).
type workbookRow struct {
	num    int
	values []*string
}

// sheetRows reads a table's filled rows, its columns found by the contract
// names in row 2 (whatever their order). A blank id is given one made of the
// workbook's SHA-256 and the row number: the same file gives the same ids.
func sheetRows(t *contract.Table, s *sheetData, sum string) ([]workbookRow, error) {
	cols := sheetColumns(t)
	at := make([]int, len(cols))
	for i := range at {
		at[i] = -1
	}
	for _, r := range s.rows {
		if r.num != 2 {
			continue
		}
		for k, c := range r.cells {
			if i := t.Index(strings.TrimSpace(c.text)); i >= 0 && i < len(cols) {
				at[i] = k
			}
		}
	}
	var missing []string
	for i, k := range at {
		if k < 0 {
			missing = append(missing, cols[i].Title+"("+cols[i].Name+")")
		}
	}
	if len(missing) > 0 {
		return nil, refuse("工作表“%s”缺少列 %s（第 2 行隐藏的列名不可改动），请重新下载模板，整份拒收", s.name, strings.Join(missing, "、"))
	}
	var out []workbookRow
	for _, r := range s.rows {
		if r.num < firstDataRow {
			continue
		}
		values := make([]*string, len(cols))
		filled := false
		for i, k := range at {
			if k >= len(r.cells) || !r.cells[k].set {
				continue
			}
			v := cellText(&cols[i], r.cells[k])
			if strings.TrimSpace(v) == "" {
				continue
			}
			values[i], filled = &v, true
		}
		if !filled {
			continue
		}
		if values[0] == nil {
			id := "U" + sum[:10] + "-" + strconv.Itoa(r.num)
			values[0] = &id
		}
		out = append(out, workbookRow{num: r.num, values: values})
	}
	return out, nil
}

// cellText is a cell's value as the contract reads it: a number in a date
// column is an Excel date serial, written YYYY-MM-DD; an enumeration's
// Chinese label is its value.
func cellText(col *contract.Column, c cell) string {
	switch {
	case c.number && (col.Kind == contract.Date || col.Kind == contract.EventDate):
		if f, err := strconv.ParseFloat(c.text, 64); err == nil && f >= 1 && f == float64(int64(f)) {
			return excelEpoch.AddDays(int(f)).String()
		}
	case col.Kind == contract.Enum:
		return enumValue(col.Enum, c.text)
	}
	return c.text
}

// sameContent reports whether two statement rows hold the same values,
// updated_at and deleted aside.
func sameContent(a, b []*string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a)-2; i++ {
		if (a[i] == nil) != (b[i] == nil) || (a[i] != nil && *a[i] != *b[i]) {
			return false
		}
	}
	return true
}

func ptr(s string) *string { return &s }
