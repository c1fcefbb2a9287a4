package ingest

import (
	"context"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/contract"
	"zhengzhi/internal/progress"
	"zhengzhi/sqldb"
	"zhengzhi/warehouse"
)

// batchSize is how many rows are checked against the warehouse and written at once.
const batchSize = 5000

// lateWindow is how far before its watermark a pull reads a table again. A
// row may commit after a pull with an updated_at before that pull's newest
// row — concurrent writers, a clock behind — so each pull reads the rows of
// the last lateWindow again and compares them with the versions it holds:
// a row new or changed loads, an unchanged one is skipped in the same
// batched lookup that finds the held versions.
const lateWindow = 24 * time.Hour

// tablePull reads one table of a source and loads it (see the package
// documentation for the rules it follows).
type tablePull struct {
	t      *contract.Table
	src    *sqldb.DB
	load   *warehouse.Load
	scope  *contract.Scope
	textTS bool
	// zone is the bureau's wall clock; wall marks the columns that hold
	// times without a zone (wallTimes).
	zone *time.Location
	wall []bool
	// uniqueIDs: the source keeps the table's ids unique (a key or unique index).
	uniqueIDs bool
	bar       *progress.Bar

	watermark time.Time
	// limit is the pull's moment plus contract.FutureTolerance: no updated_at
	// beyond it moves the watermark, and a watermark found beyond it (left
	// by an earlier version) is not trusted: the table is read whole.
	limit      time.Time
	distrusted bool
	// fresh is a table of which the warehouse holds no row of the bureau yet:
	// every row is new, so none is looked up and none can conflict.
	fresh bool
	// fullRead: the pull reads every row of the table (no watermark yet).
	fullRead bool
	// wholeRead reads every row whatever the watermark: a city with counties
	// that report by themselves, whose rows about them loaded before the
	// county switched must be found and withdrawn.
	wholeRead bool
	// where is, for an upload source, each row's place in the workbook by
	// its fingerprint; set-aside reasons begin with it.
	where   map[uint64]string
	counts  warehouse.TableCounts
	columns []string // the contract's columns and row_hash, as stored

	// Owned by the reading goroutine until it ends.
	//
	// marks are the rows with open issues, by their key in data_issues;
	// retry the ids of set-aside rows still to read again; gone those the
	// source no longer has; newest the newest updated_at read, up to limit.
	marks  map[warehouse.RowKey]warehouse.IssueMark
	retry  map[string]bool
	gone   []string
	newest time.Time
	// Rows without an id of their own to be known by ("keyless": no id, a
	// blank one, one too long to keep or with spaces around it) and rows
	// whose id several rows share are set aside under a copy key derived
	// from their values; rows whose id holds bytes no warehouse can keep
	// (unstorable) under one derived from the id's bytes (rawIDKey). copies
	// are the keys listed before, true once read again; dups the repeated
	// ids with how many rows share each; byClass says these kinds are read
	// by their own queries, and the incremental read leaves them out;
	// copyCount counts equal rows to tell them apart.
	copies    map[warehouse.RowKey]bool
	dups      map[string]int
	byClass   bool
	copyCount map[uint64]int
}

// pending is a checked row waiting to be written.
type pending struct {
	res       contract.Result
	raw       string // the source row as JSON, kept for rows with problems
	hash      int64  // the source row's fingerprint (rowHash)
	key       warehouse.RowKey
	special   bool // keyless, one of several rows sharing an id, or rawID
	rawID     bool // its id holds bytes no warehouse can keep (unstorable)
	repeated  bool // one of several rows in force sharing an id (编号重复)
	hadIssues bool // the warehouse lists issues of an earlier version
	// wasRejected: a version of the row was set aside; one equal to the
	// version held (the bureau undid the change) must still clear it.
	wasRejected bool
}

// readMode is what a query of the table is for.
type readMode int

const (
	incremental readMode = iota // new and changed rows, or all of them
	retrying                    // set-aside rows read again by id
	keylessRows                 // the rows without a usable id, and those of unstorable ids
	sharedIDs                   // the rows of repeated ids
)

func (tp *tablePull) run(ctx context.Context) error {
	var err error
	if tp.watermark, err = tp.load.Watermark(ctx, tp.t.Name); err != nil {
		return err
	}
	if tp.watermark.After(tp.limit) {
		tp.watermark, tp.distrusted = time.Time{}, true
	}
	marks, err := tp.load.IssueMarks(ctx, tp.t.Name)
	if err != nil {
		return err
	}
	tp.marks, tp.retry, tp.copies = marks, map[string]bool{}, map[warehouse.RowKey]bool{}
	tp.copyCount = map[uint64]int{}
	for k, m := range marks {
		switch {
		case k.Copy == "":
			if m.Rejected {
				tp.retry[k.ID] = true
			}
		case isRawIDKey(k):
			// Found again by the query of rows without a usable id: its ID,
			// as stored, may be another row's.
			tp.copies[k] = false
		default:
			tp.copies[k] = false
			if !keyless(k.ID) {
				tp.retry[k.ID] = true // the copy left when a repeated id is resolved
			}
		}
	}
	if tp.watermark.IsZero() || tp.wholeRead {
		held, err := tp.load.HasRows(ctx, tp.t.Name)
		if err != nil {
			return err
		}
		tp.fresh, tp.fullRead = !held, true
	}
	if !tp.uniqueIDs {
		if tp.dups, err = tp.sharedIDs(ctx); err != nil {
			return err
		}
	}
	tp.byClass = len(tp.dups) > 0 || (len(tp.copies) > 0 && !tp.fullRead)
	tp.columns = append(tp.t.ColumnNames(), "row_hash")

	// Reading and checking overlap writing: one goroutine reads the source
	// and checks the rows, this one writes them, with at most two batches
	// between, so memory does not grow with the table.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []pending, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- tp.scan(ctx, batches)
	}()
	for b := range batches {
		if err == nil {
			if err = tp.flush(ctx, b); err != nil {
				cancel()
			}
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	var clear []warehouse.RowKey
	for _, id := range tp.gone {
		clear = append(clear, warehouse.RowKey{ID: id})
	}
	if tp.fullRead || tp.byClass { // every keyless and repeated row was read
		for k, seen := range tp.copies {
			if !seen {
				clear = append(clear, k)
			}
		}
	}
	if err := tp.load.ClearIssues(ctx, tp.t.Name, clear); err != nil {
		return err
	}
	if tp.newest.After(tp.watermark) || tp.distrusted {
		return tp.load.SetWatermark(ctx, tp.t.Name, tp.newest)
	}
	return nil
}

// sharedIDs lists the ids several rows of the source table share, with how
// many: a table without a key on id may hold them, against the contract.
func (tp *tablePull) sharedIDs(ctx context.Context) (map[string]int, error) {
	rows, err := tp.src.QueryContext(ctx, `SELECT id, COUNT(*) FROM `+tp.t.Name+` WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1`)
	if err != nil {
		return nil, sourceError{err}
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id any
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, sourceError{err}
		}
		s, _ := contract.RawString(id)
		out[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, sourceError{err}
	}
	return out, nil
}

// scan reads the table's rows to check — the keyless, unstorable and
// repeated ones by their own queries when byClass, the new and changed ones
// (all on a full read, else those updated since the watermark less
// lateWindow), then the set-aside rows that did not come again — and sends
// them checked, in batches.
func (tp *tablePull) scan(ctx context.Context, out chan<- []pending) error {
	cols := `SELECT ` + strings.Join(tp.t.ColumnNames(), ", ") + ` FROM ` + tp.t.Name
	batch := make([]pending, 0, batchSize)
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		select {
		case out <- batch:
			batch = make([]pending, 0, batchSize)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if tp.byClass {
		length, unusual := "LENGTH", unusualIDs[tp.src.Dialect]
		if tp.src.Dialect == sqldb.MySQL {
			length = "CHAR_LENGTH"
		}
		q := cols + ` WHERE id IS NULL OR id = '' OR id LIKE ' %' OR id LIKE '% ' OR ` + length + `(id) > ` + itoa(contract.IDLen) + ` OR ` + unusual
		if err := tp.read(ctx, q, nil, keylessRows, &batch, send); err != nil {
			return err
		}
		if err := tp.readIDs(ctx, cols, keys(tp.dups), sharedIDs, &batch, send); err != nil {
			return err
		}
	}
	q, args := cols, []any(nil)
	switch from := tp.watermark.Add(-lateWindow); {
	case tp.fullRead:
	case tp.textTS:
		// Text stamps come in several forms; all begin with the date, so
		// the day before is a bound none of them passes.
		q, args = q+` WHERE updated_at >= ?`, []any{from.In(tp.zone).AddDate(0, 0, -1).Format(time.DateOnly)}
	case tp.wall[len(tp.wall)-2]:
		// updated_at is a wall time: the bound is the bureau's clock reading.
		q, args = q+` WHERE updated_at >= ?`, []any{from.In(tp.zone).Format("2006-01-02 15:04:05.999999")}
	default:
		q, args = q+` WHERE updated_at >= ?`, []any{from}
	}
	if err := tp.read(ctx, q, args, incremental, &batch, send); err != nil {
		return err
	}
	ids := keys(tp.retry)
	if err := tp.readIDs(ctx, cols, ids, retrying, &batch, send); err != nil {
		return err
	}
	for _, id := range ids {
		if tp.retry[id] {
			tp.gone = append(tp.gone, id)
		}
	}
	return send()
}

// readIDs reads the rows of the given ids, 500 at a time.
func (tp *tablePull) readIDs(ctx context.Context, cols string, ids []string, mode readMode, batch *[]pending, send func() error) error {
	for len(ids) > 0 {
		part := ids[:min(len(ids), 500)]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := cols + ` WHERE id IN (?` + strings.Repeat(", ?", len(part)-1) + `)`
		if err := tp.read(ctx, q, args, mode, batch, send); err != nil {
			return err
		}
	}
	return nil
}

// read streams the rows of a query, checks them and adds them to the batch.
// Each row is taken by one query only: keyless, unstorable and repeated
// rows by their own (when byClass), the others by the incremental read or
// the retry. It leaves out the rows still rejected in the version already
// recorded, the keyless and repeated ones already listed alike, and
// withdrawn rows without a usable id (which count nowhere and cannot be
// stored).
func (tp *tablePull) read(ctx context.Context, q string, args []any, mode readMode, batch *[]pending, send func() error) error {
	rows, err := tp.src.QueryContext(ctx, tp.src.Rebind(q), args...)
	if err != nil {
		return sourceError{err}
	}
	defer rows.Close()
	n := len(tp.t.Columns)
	raw := make([]any, n)
	ptrs := make([]any, n)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	var group []pending // the rows of one repeated id (sharedIDs)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return sourceError{err}
		}
		inZone(raw, tp.wall, tp.zone)
		id, _ := contract.RawString(raw[0])
		isKeyless := keyless(raw[0])
		isRawID := !isKeyless && unstorable(id)
		_, isShared := tp.dups[id]
		switch mode {
		case keylessRows: // also the ids unusualIDs takes for unstorable but are not
			if !(isKeyless || isRawID) || isShared {
				continue
			}
		case sharedIDs:
			if !isShared {
				continue
			}
		case retrying:
			if isKeyless || isRawID || isShared {
				continue
			}
		case incremental:
			if tp.byClass && (isKeyless || isRawID || isShared) {
				continue
			}
		}
		if !isRawID { // whose id as stored may be another row's
			delete(tp.retry, id) // the row is there, whichever query takes it
		}
		res := tp.t.Validate(raw, tp.scope)
		if at := res.UpdatedAt; at.After(tp.newest) && !at.After(tp.limit) {
			tp.newest = at
		}
		p := pending{res: res, hash: int64(rowHash(raw)), special: isKeyless || isRawID, rawID: isRawID}
		if len(res.Problems) > 0 || isShared {
			p.raw = rawJSON(tp.t, raw)
		}
		if isShared {
			group = append(group, p)
			continue
		}
		if !tp.take(&p) {
			continue
		}
		*batch = append(*batch, p)
		if len(*batch) >= batchSize {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return sourceError{err}
	}
	for _, p := range tp.settleShared(group) {
		if !tp.take(&p) {
			continue
		}
		*batch = append(*batch, p)
	}
	if len(*batch) >= batchSize {
		return send()
	}
	return nil
}

// take decides whether a checked row goes on to be written, and names it.
func (tp *tablePull) take(p *pending) bool {
	res := &p.res
	if p.rawID && !p.repeated {
		return tp.takeRawID(p)
	}
	id := storable(res.ID) // as data_issues holds it
	var m warehouse.IssueMark
	var hadIssues bool
	if !p.rawID { // else id may be another row's
		m, hadIssues = tp.marks[warehouse.RowKey{ID: id}]
	}
	p.hadIssues, p.wasRejected = hadIssues, m.Rejected
	if !p.special {
		p.key = warehouse.RowKey{ID: id}
		// Still rejected as recorded: nothing to do.
		return !(hadIssues && res.Rejected() && m.Rejected && m.RejectedAt.Equal(res.UpdatedAt))
	}
	if res.Deleted {
		return false
	}
	p.key = warehouse.RowKey{ID: zhengzhi.Clip(id, contract.IDLen, ""), Copy: tp.copyKey(uint64(p.hash))}
	if _, listed := tp.copies[p.key]; listed {
		tp.copies[p.key] = true
		return false
	}
	return true
}

// takeRawID decides a row whose id holds bytes no warehouse can keep: it is
// set aside under its rawIDKey, and left as it is when the same version is
// listed already. Withdrawn, it counts nowhere (it cannot be stored
// withdrawn under its id) and its listing goes, not being seen again.
func (tp *tablePull) takeRawID(p *pending) bool {
	res := &p.res
	if res.Deleted {
		return false
	}
	p.key = rawIDKey(res.ID)
	m, listed := tp.marks[p.key]
	if listed {
		tp.copies[p.key] = true
	}
	p.hadIssues, p.wasRejected = listed, m.Rejected
	return !(listed && m.Rejected && m.RejectedAt.Equal(res.UpdatedAt))
}

// settleShared decides the rows of repeated ids, read together: when two or
// more of an id's rows are in force, every one of them is set aside; when
// one is, it is the row (the withdrawn copies are how a bureau resolves the
// repetition); when none is, the id is withdrawn, by its first copy.
func (tp *tablePull) settleShared(rows []pending) []pending {
	byID := map[string][]pending{}
	var order []string
	for _, p := range rows {
		if _, ok := byID[p.res.ID]; !ok {
			order = append(order, p.res.ID)
		}
		byID[p.res.ID] = append(byID[p.res.ID], p)
	}
	var out []pending
	for _, id := range order {
		var active []pending
		for _, p := range byID[id] {
			if !p.res.Deleted {
				active = append(active, p)
			}
		}
		switch {
		case len(active) >= 2:
			for _, p := range active {
				tp.t.RejectDuplicate(&p.res, len(active))
				p.special, p.repeated = true, true
				out = append(out, p)
			}
		case len(active) == 1:
			out = append(out, active[0])
		default:
			out = append(out, byID[id][0])
		}
	}
	return out
}

// copyKey tells a set-aside row without a usable id apart by its values;
// equal rows are numbered in the order read.
func (tp *tablePull) copyKey(hash uint64) string {
	tp.copyCount[hash]++
	key := hex16(hash)
	if n := tp.copyCount[hash]; n > 1 {
		key += "-" + itoa(n)
	}
	return key
}

// flush writes the batch: new and changed rows are stored, unchanged ones
// skipped, rejected ones recorded with their problems.
func (tp *tablePull) flush(ctx context.Context, batch []pending) error {
	held := map[string]warehouse.Held{}
	if !tp.fresh {
		ids := make([]string, 0, len(batch))
		for _, p := range batch {
			// Rows without a usable id, and ids no engine can store, are not held.
			if id := p.res.ID; !keyless(id) && storable(id) == id {
				ids = append(ids, id)
			}
		}
		var err error
		if held, err = tp.load.Existing(ctx, tp.t.Name, ids); err != nil {
			return err
		}
	}
	var rows [][]any
	var issues []warehouse.DataIssue
	var clear []warehouse.RowKey // the rows whose earlier version's issues go
	for _, p := range batch {
		res := &p.res
		h, isHeld := held[res.ID]
		if isHeld && !p.special && !p.wasRejected && res.About == "" && h.UpdatedAt.Equal(res.UpdatedAt) && (!h.HasHash || h.Hash == p.hash) {
			continue // unchanged
		}
		tp.counts.Read++
		if p.hadIssues { // the issues of the row's earlier version, under its id
			earlier := warehouse.RowKey{ID: storable(res.ID)}
			if p.rawID {
				earlier = p.key
			}
			clear = append(clear, earlier)
		}
		switch {
		case res.Deleted && !p.special:
			tp.counts.Deleted++
			if !res.Rejected() {
				rows = append(rows, append(res.Row, p.hash))
			} else if isHeld {
				at := h.UpdatedAt
				if !res.UpdatedAt.IsZero() { // else unreadable: keep the held version's
					at = res.UpdatedAt
				}
				if err := tp.load.Withdraw(ctx, tp.t.Name, res.ID, at, p.hash); err != nil {
					return err
				}
			}
		case res.Rejected() && res.About != "" && isHeld:
			// A county now reports by itself: the city's version must stop
			// counting, so it is withdrawn rather than kept.
			tp.counts.Rejected++
			if err := tp.load.Withdraw(ctx, tp.t.Name, res.ID, h.UpdatedAt, p.hash); err != nil {
				return err
			}
			issues = tp.issues(issues, p, contract.Reject, false)
		case res.Rejected():
			tp.counts.Rejected++
			issues = tp.issues(issues, p, contract.Reject, isHeld)
		default:
			rows = append(rows, append(res.Row, p.hash))
			if isHeld {
				tp.counts.Updated++
			} else {
				tp.counts.Loaded++
			}
			if len(res.Problems) > 0 {
				tp.counts.Warnings++
				issues = tp.issues(issues, p, contract.Warning, false)
			}
		}
	}
	if err := tp.load.ClearIssues(ctx, tp.t.Name, clear); err != nil {
		return err
	}
	store := tp.load.Upsert
	if tp.fresh {
		store = tp.load.Insert
	}
	if err := store(ctx, tp.t.Name, tp.columns, rows); err != nil {
		return err
	}
	if err := tp.load.AddIssues(ctx, issues); err != nil {
		return err
	}
	tp.bar.Add(len(batch))
	return nil
}

// issues appends a row's problems of one severity; kept marks a rejected
// row whose earlier version the warehouse keeps.
func (tp *tablePull) issues(out []warehouse.DataIssue, p pending, sev contract.Severity, kept bool) []warehouse.DataIssue {
	for _, pr := range p.res.Problems {
		if pr.Severity != sev {
			continue
		}
		reason := pr.Reason
		if at, ok := tp.where[uint64(p.hash)]; ok {
			reason = at + "：" + reason
		}
		out = append(out, warehouse.DataIssue{Table: tp.t.Name, RowID: p.key.ID, RowCopy: p.key.Copy, Severity: string(sev),
			Column: pr.Column, Value: shown(pr.Value), Reason: reason, Raw: p.raw, RowUpdatedAt: p.res.UpdatedAt,
			KeptVersion: kept, About: p.res.About})
	}
	return out
}
