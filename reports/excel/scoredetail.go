package excel

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"zhengzhi"
	"zhengzhi/reports"
)

// ScoreDetail writes the score detail workbook (考核得分明细) of one
// assessment: the units by rank with their items' score, the adjustments,
// vetoes, total and grade (得分汇总); every item's score by unit (分项得分);
// every item of every unit with its numerator, denominator, score, points
// lost and the reason (得分明细); and the bonuses, penalties and vetoes with
// their reasons (加减分及否决).
// values supplies the indicator values behind the items (a stored
// assessment does not keep them); an item whose value is missing there
// shows the value the scorecard carries. The registry names a county's city
// (所属市).
func ScoreDetail(w io.Writer, meta reports.Meta, a *zhengzhi.Assessment, values zhengzhi.Values, reg *zhengzhi.Registry) error {
	rs := a.RuleSet
	if rs == nil {
		return fmt.Errorf("考核得分明细: the assessment has no rule set")
	}
	title := rs.Title + "得分明细" + stateSuffix(a)
	b, err := newBook(meta, reportTitle(meta, title), "")
	if err != nil {
		return err
	}
	year := rs.Window.Start.Year()
	if rs.Window.Start.IsZero() {
		year = a.AsOf.Year()
	}
	lines := []string{
		fmt.Sprintf("考核规则：%s　　考核年度：%d年　　考核对象：%s　　制表日期：%s",
			rs.Title, year, reports.LevelHeading(rs.Level), tabulated(meta).Chinese()),
		meta.Provenance(),
	}
	byRank := append([]zhengzhi.Scorecard(nil), a.Units...)
	sort.SliceStable(byRank, func(i, j int) bool { return byRank[i].Rank < byRank[j].Rank })
	u := unitNames{level: rs.Level, reg: reg}

	scores := itemScores(rs, byRank, u, lines)
	summary, err := scoreSummary(rs, byRank, u, lines, scores)
	if err != nil {
		return fmt.Errorf("考核得分明细 %s: %w", rs.ID, err)
	}
	tables := []*table{
		summary,
		scores,
		scoreItems(rs, byRank, values, u, lines),
		scoreAdjustments(byRank, u, lines),
	}
	if t := reviewSheet(a, lines); t != nil {
		tables = append(tables, t)
	}
	for _, t := range tables {
		t.Title, t.TitleLead = reportTitle(meta, rs.Title+t.Title+stateSuffix(a)), rs.Title
		if err := b.writeTable(t); err != nil {
			return fmt.Errorf("考核得分明细 %s: %w", rs.ID, err)
		}
	}
	return b.write(w)
}

// unitNames names the units of an assessment's rows: a county with its city.
type unitNames struct {
	level zhengzhi.Level
	reg   *zhengzhi.Registry
}

// unitColumns adds the leading columns naming a row's unit — its name,
// headed as the assessment names whom it assesses (设区市, 县（市、区）), and,
// for a county, its city (所属市) — and returns how many it added.
func unitColumns[R any](fs *fields[R], u unitNames, unit func(R) zhengzhi.Unit) int {
	fs.first(reports.LevelHeading(u.level), func(r R) any { return unit(r).Name })
	if u.level != zhengzhi.LevelCounty {
		return 1
	}
	fs.add(column{Title: "所属市", Kind: centerCell, Total: totalNone}, func(r R) any {
		city, _ := u.reg.CityOf(unit(r).Code)
		return u.reg.Name(city)
	})
	return 2
}

// scoreSummary is the results sheet (得分汇总): each unit's rank, its items'
// score — the sum of its row on the item scores sheet, by reference —
// adjustments, vetoes, total and grade. With the items in a sheet of their
// own, each sheet prints legibly on one page however many items there are.
// The total is a formula of the row's items' score and adjustments, as the
// scoring adds them up (totalFormula); a stored total those do not give is
// an error, never a formula showing another number than the one published.
func scoreSummary(rs *zhengzhi.RuleSet, cards []zhengzhi.Scorecard, u unitNames, lines []string, scores *table) (*table, error) {
	fs := &fields[zhengzhi.Scorecard]{}
	key := unitColumns(fs, u, func(c zhengzhi.Scorecard) zhengzhi.Unit { return c.Unit })
	fs.add(column{Title: "名次", Kind: centerCell, Total: totalNone}, func(c zhengzhi.Scorecard) any { return int64(c.Rank) })
	var full zhengzhi.Decimal
	for _, it := range rs.Items {
		full += it.Points
	}
	added := -1 // the first of the columns the total adds up; they run to the last adjustment
	if len(rs.Items) > 0 {
		first := key + 1 // the item scores sheet's first item column: after the unit's and the rank
		added = fs.add(column{Title: fmt.Sprintf("考核项目得分（满分%s分）", full), Kind: scoreCell,
			Ref: &colRef{table: scores, col: first, through: first + len(rs.Items) - 1}}, func(zhengzhi.Scorecard) any { return nil })
	}
	for i, adj := range rs.Adjustments {
		col := fs.score("加减分", adj.Title, func(c zhengzhi.Scorecard) any {
			if i < len(c.Adjustments) {
				return c.Adjustments[i].Score.Float()
			}
			return nil
		})
		if added < 0 {
			added = col
		}
	}
	through := len(fs.columns) - 1
	fs.text("", "一票否决", totalNone, func(c zhengzhi.Scorecard) string {
		var hits []string
		for _, v := range c.Vetoes {
			hits = append(hits, v.Title)
		}
		return strings.Join(hits, "；")
	})
	for _, c := range cards {
		if got := addedUp(c); got != c.Total {
			return nil, fmt.Errorf("%s: the stored total %s is not what its items, adjustments and vetoes give (%s)", c.Unit.Name, c.Total, got)
		}
	}
	total := fs.score("", "总分", func(c zhengzhi.Scorecard) any { return c.Total.Float() })
	if added >= 0 {
		fs.columns[total].RowFormula = func(i, row int) excelize.Cell {
			return excelize.Cell{Formula: totalFormula(cards[i], cell(added+1, row)+":"+cell(through+1, row)), Value: cards[i].Total.Float()}
		}
	}
	fs.text("", "等次", totalNone, func(c zhengzhi.Scorecard) string { return c.Grade })
	return &table{Sheet: "得分汇总", Title: "得分汇总表", Lines: lines, Columns: fs.columns, Rows: fs.rows(cards),
		TotalLabel: "平均", KeyColumns: key + 1, Signed: true}, nil
}

// totalFormula is a unit's total as the scoring adds it up, over the cells
// span of its items' score and adjustments: their sum, not below 0
// (MAX(0,SUM(C6:E6))), and under a veto no more than its cap — the lowest
// when several hit (MIN(59,MAX(0,SUM(C17:E17)))).
func totalFormula(c zhengzhi.Scorecard, span string) string {
	f := "MAX(0,SUM(" + span + "))"
	if limit, ok := vetoCap(c); ok {
		f = "MIN(" + limit.Text() + "," + f + ")"
	}
	return f
}

// vetoCap is the lowest cap of the vetoes that hit a unit.
func vetoCap(c zhengzhi.Scorecard) (zhengzhi.Score, bool) {
	if len(c.Vetoes) == 0 {
		return 0, false
	}
	limit := c.Vetoes[0].Cap
	for _, v := range c.Vetoes[1:] {
		limit = min(limit, v.Cap)
	}
	return limit, true
}

// addedUp is what totalFormula gives from the scorecard's own items,
// adjustments and vetoes, in hundredths.
func addedUp(c zhengzhi.Scorecard) zhengzhi.Score {
	var sum zhengzhi.Score
	for _, it := range c.Items {
		sum += it.Score
	}
	for _, a := range c.Adjustments {
		sum += a.Score
	}
	sum = max(sum, 0)
	if limit, ok := vetoCap(c); ok {
		sum = min(sum, limit)
	}
	return sum
}

// itemScores is the item scores sheet (分项得分): units by rank × items.
func itemScores(rs *zhengzhi.RuleSet, cards []zhengzhi.Scorecard, u unitNames, lines []string) *table {
	fs := &fields[zhengzhi.Scorecard]{}
	key := unitColumns(fs, u, func(c zhengzhi.Scorecard) zhengzhi.Unit { return c.Unit })
	fs.add(column{Title: "名次", Kind: centerCell, Total: totalNone}, func(c zhengzhi.Scorecard) any { return int64(c.Rank) })
	for i, it := range rs.Items {
		fs.score("考核项目得分", fmt.Sprintf("%s（%s分）", it.Title, it.Points), func(c zhengzhi.Scorecard) any {
			if i < len(c.Items) {
				return c.Items[i].Score.Float()
			}
			return nil
		})
	}
	return &table{Sheet: "分项得分", Title: "分项得分表", Lines: lines, Columns: fs.columns, Rows: fs.rows(cards),
		TotalLabel: "平均", KeyColumns: key + 1, Signed: true}
}

// scoredItem is one item of one unit's scorecard, a row of 得分明细; no is
// the item's number in the rule set, as the 评分细则 and the scorecard
// number it (the rule set's own ids are not the readers').
type scoredItem struct {
	card  *zhengzhi.Scorecard
	no    int64
	item  zhengzhi.ItemScore
	value zhengzhi.Value
}

func scoreItems(rs *zhengzhi.RuleSet, cards []zhengzhi.Scorecard, values zhengzhi.Values, u unitNames, lines []string) *table {
	var rows []scoredItem
	for i := range cards {
		for k, it := range cards[i].Items {
			v, ok := values[cards[i].Unit.Code][it.Indicator]
			if !ok {
				v = it.Value
			}
			rows = append(rows, scoredItem{card: &cards[i], no: int64(k + 1), item: it, value: v})
		}
	}
	fs := &fields[scoredItem]{}
	key := unitColumns(fs, u, func(r scoredItem) zhengzhi.Unit { return r.card.Unit })
	fs.add(column{Title: "名次", Kind: centerCell, Total: totalNone}, func(r scoredItem) any { return int64(r.card.Rank) })
	fs.add(column{Title: "序号", Kind: centerCell, Total: totalNone}, func(r scoredItem) any { return r.no })
	fs.add(column{Title: "考核项目", Kind: textCell, Total: totalNone}, func(r scoredItem) any { return r.item.Title })
	fs.score("", "分值", func(r scoredItem) any { return r.item.Points.Float() })
	g := "指标情况"
	num := fs.count(g, "数值/分子", func(r scoredItem) int64 { return r.value.Numerator })
	den := fs.add(column{Group: g, Title: "分母", Kind: countCell, Total: totalNone}, func(r scoredItem) any {
		if r.item.Kind != zhengzhi.Ratio {
			return nil
		}
		return r.value.Denominator
	})
	fs.rate(g, "比率", num, den)
	fs.score("", "得分", func(r scoredItem) any { return r.item.Score.Float() })
	fs.score("", "扣分", func(r scoredItem) any { return r.item.Lost().Float() })
	fs.add(column{Title: "扣分说明", Kind: textCell, Total: totalNone}, func(r scoredItem) any { return r.item.Explanation })
	return &table{Sheet: "得分明细", Title: "得分明细表", Lines: lines, Columns: fs.columns, Rows: fs.rows(rows), KeyColumns: key + 1}
}

// adjustmentLine is one bonus, penalty or veto of a unit, a row of 加减分及否决.
type adjustmentLine struct {
	unit        zhengzhi.Unit
	kind, title string
	value       int64
	score       any
	explanation string
}

func scoreAdjustments(cards []zhengzhi.Scorecard, u unitNames, lines []string) *table {
	var rows []adjustmentLine
	for _, c := range cards {
		for _, a := range c.Adjustments {
			kind := "加分"
			if a.Score < 0 {
				kind = "扣分"
			}
			if a.Score == 0 {
				kind = "—"
			}
			rows = append(rows, adjustmentLine{c.Unit, kind, a.Title, a.Value, a.Score.Float(), a.Explanation})
		}
		for _, v := range c.Vetoes {
			rows = append(rows, adjustmentLine{c.Unit, "一票否决", v.Title, v.Value, nil,
				v.Explanation + fmt.Sprintf("（总分封顶%s分，等次%s）", v.Cap.Text(), v.Grade)})
		}
	}
	fs := &fields[adjustmentLine]{}
	key := unitColumns(fs, u, func(r adjustmentLine) zhengzhi.Unit { return r.unit })
	fs.text("", "类别", totalNone, func(r adjustmentLine) string { return r.kind })
	fs.add(column{Title: "项目", Kind: textCell, Total: totalNone}, func(r adjustmentLine) any { return r.title })
	fs.add(column{Title: "指标值", Kind: countCell, Total: totalNone}, func(r adjustmentLine) any { return r.value })
	fs.add(column{Title: "分数", Kind: scoreCell, Total: totalNone}, func(r adjustmentLine) any { return r.score })
	fs.add(column{Title: "说明", Kind: textCell, Total: totalNone}, func(r adjustmentLine) any { return r.explanation })
	return &table{Sheet: "加减分及否决", Title: "加减分及否决情况表", Lines: lines, Columns: fs.columns, Rows: fs.rows(rows), KeyColumns: key}
}
