package pdf

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/reports/chart"
)

// scorecardLayout is A4 portrait with room below the text for page numbers.
var scorecardLayout = layout{top: 12, left: 15, right: 15, bottom: 14, pageNumbers: "第 {current} 页 共 {total} 页"}

// scorecardColumns are the table's widths in mm (序号 考核项目 分值 指标情况 得分 扣分说明), 180 in all.
var scorecardColumns = []float64{9, 30, 10, 31, 10, 90}

// adjustmentColumns are the adjustments table's widths (序号 项目 数量 加减分 说明).
var adjustmentColumns = []float64{10, 44, 14, 16, 96}

// Scorecard type: compact, so that a card of fifteen items, its chart, its
// adjustments and the signatures fit on one page; one face only (regular),
// emphasis by size and fill, since each embedded face costs every document
// a few milliseconds in the PDF library however few characters it holds.
var (
	cardHead  = style{role: regular, size: 8.5, align: align.Center, pitch: 3.6}
	cardCell  = style{role: regular, size: 8, align: align.Center, pitch: 3.5}
	cardText  = style{role: regular, size: 8, pitch: 3.5}
	cardAlert = style{role: regular, size: 9, color: demoRed, pitch: 4.4}
	cardTotal = style{role: regular, size: 11, pitch: 5}
)

// Item chart rows: each item's band is between these heights (mm), as the
// page allows, or spillBand when the card goes over to a second page anyway.
const (
	minBand   = 2.4
	maxBand   = 5.0
	spillBand = 3.4
)

// signatureHeight is the height of the signature boxes (mm): room to sign by hand.
const signatureHeight = 14.0

// Scorecard renders one 考核评分表 on A4 portrait: the items table, a chart
// of the unit's attainment per item against its peers' average on the same
// page, the adjustments, vetoes and total, and boxes for the signatures of
// the assessment team and the assessed unit.
func (r *Renderer) Scorecard(w io.Writer, sc reports.Scorecard) ([]Warning, error) {
	name := sc.Unit.Name + " · " + sc.RuleSetTitle
	d := newDoc(r.Fonts, scorecardLayout, sc.Meta.GeneratedAt, name+" 考核评分表")
	d.rowPad = 0.5
	if err := r.header(d, sc.Meta, "考核评分表 · "+name); err != nil {
		return nil, err
	}
	d.paragraph(sc.RuleSetTitle, style{role: regular, size: 13.5, align: align.Center, pitch: 6, balanced: true}, 0)
	d.paragraph("考核评分表", style{role: regular, size: 16.5, align: align.Center, pitch: 8}, 0)
	stateMark(d, sc.State, 11)
	d.paragraph("被考核单位："+sc.Unit.Name, style{role: regular, size: 9.5, pitch: 5}, 0)
	d.paragraph(sc.Meta.Provenance(), style{role: regular, size: 7.5, color: grey, pitch: 3.8}, 0)
	d.space(1)

	header := []cell{{"序号", cardHead, headFill}, {"考核项目", cardHead, headFill}, {"分值", cardHead, headFill},
		{"指标情况", cardHead, headFill}, {"得分", cardHead, headFill}, {"扣分说明", cardHead, headFill}}
	var rows [][]cell
	for _, it := range sc.Items {
		rows = append(rows, []cell{
			{fmt.Sprint(it.No), cardCell, nil}, {it.Title, cardText, nil}, {it.Points.String(), cardCell, nil},
			{it.Basis, cardCell, nil}, {it.Score.String(), cardCell, nil}, {it.Explanation, cardText, nil},
		})
	}
	d.table("", scorecardColumns, header, rows)
	r.path(d, sc)

	ah := []cell{{"序号", cardHead, headFill}, {"项目", cardHead, headFill}, {"数量", cardHead, headFill},
		{"加减分", cardHead, headFill}, {"说明", cardHead, headFill}}
	var ar [][]cell
	for i, a := range sc.Adjustments {
		ar = append(ar, []cell{{fmt.Sprint(i + 1), cardCell, nil}, {a.Title, cardText, nil}, {fmt.Sprint(a.Value), cardCell, nil},
			{signed(a.Score), cardCell, nil}, {a.Explanation, cardText, nil}})
	}
	// A veto is said once, in its own words ("……1起，实行一票否决，……").
	var alerts []string
	for _, v := range sc.Vetoes {
		alerts = append(alerts, sentence(v.Explanation))
	}
	if sc.Gated && sc.GateExplanation != "" {
		alerts = append(alerts, "等次下调："+sc.GateExplanation)
	}
	grade := sc.Grade
	if sc.Gated {
		grade += "（已下调）" // the reason, when known, is among the alerts above
	}
	sum := fmt.Sprintf("合计得分：%s 分（满分 %s 分）　　等次：%s　　排名：%s", sc.Total, sc.Points, grade, sc.RankText())
	total := d.layTable("", []float64{d.width}, []cell{{sum, cardTotal, totalFill}}, nil)
	alertLines := make([]laidParagraph, len(alerts))
	for i, a := range alerts {
		alertLines[i] = d.layParagraph(a, cardAlert, 0)
	}
	// The vetoes, the total and the signatures stay together.
	closing := 2 + total.height() + 3 + signatureHeight
	if len(alerts) > 0 {
		closing += 1.5
	}
	for _, a := range alertLines {
		closing += a.height()
	}
	// What follows the chart is measured first: the chart takes the room it leaves on the page.
	after := closing
	var adjustments *laidTable
	if len(ar) > 0 {
		adjustments = d.layTable("加分与扣分项", adjustmentColumns, ah, ar)
		after += 2 + adjustments.height()
	}
	review := layReview(d, "复核情况", sc.Review, cardHead, cardText, headFill)
	if review != nil {
		after += 2 + review.height()
	}
	if len(sc.Items) > 0 {
		if err := r.itemChart(d, sc, after); err != nil {
			return nil, fmt.Errorf("%s 考核评分表: %w", sc.Unit.Name, err)
		}
	}
	if adjustments != nil {
		d.space(2)
		adjustments.add(d)
	}
	if review != nil {
		d.space(2)
		review.add(d)
	}
	d.keep(closing)
	if len(alerts) > 0 {
		d.space(1.5)
	}
	for _, a := range alertLines {
		a.add(d)
	}
	d.space(2)
	total.add(d)
	d.space(3)
	r.signatures(d)
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("%s 考核评分表: %w", sc.Unit.Name, err)
	}
	return d.warnings, nil
}

// path adds the section 提升路径 under the items: the path to the next grade
// (or why there is none) and the margin above the grade held, in one
// paragraph.
func (r *Renderer) path(d *doc, sc reports.Scorecard) {
	if sc.Path == "" {
		return
	}
	st := style{role: regular, size: 8.5, pitch: 3.9}
	text := "提升路径：" + sentence(sc.Path)
	if sc.Margin != "" {
		text += "保持等次：" + sentence(sc.Margin)
	}
	p := d.layParagraph(text, st, 0)
	d.keep(p.height() + 1)
	d.space(1)
	p.add(d)
}

// itemChart adds the horizontal bar chart of attainment per item, named by
// the items' titles. Its rows share the room the page has left once after
// (the height of what follows) is set aside, between minBand and maxBand
// each. When what follows will not fit on the page anyway, the rows get
// spillBand and the rest goes over to the next page; only a chart that does
// not fit at all starts the next page itself.
func (r *Renderer) itemChart(d *doc, sc reports.Scorecard, after float64) error {
	labels := make([]string, len(sc.Items))
	own := make([]float64, len(sc.Items))
	peer := make([]float64, len(sc.Items))
	for i, it := range sc.Items {
		labels[i], own[i], peer[i] = it.Title, it.Attainment, it.PeerAverage
	}
	const gap = 2.5
	bars := chart.HBars{Title: "各考核项目得分率：本单位与同级平均", Labels: d.cleanAll(labels, regular),
		Series:  []chart.Series{{Name: d.clean(sc.Unit.Name, regular), Values: own}, {Name: "同级平均", Values: peer}},
		WidthMM: d.width}
	fixed := bars.HeightFor(0) + gap
	n := float64(len(labels))
	room := d.m.room() - fixed
	band := (room - after) / n
	if band < minBand {
		band = min(spillBand, room/n)
	}
	bars.BandMM = min(max(band, minBand), maxBand)
	fig, err := bars.Draw(r.Fonts.faces[regular])
	if err != nil {
		return err
	}
	d.space(gap)
	d.chart(fig)
	return nil
}

// signatures adds the boxes signed by hand at the end of a scorecard: the
// assessment team, the assessed unit's confirmation (signature or seal),
// and the date.
func (r *Renderer) signatures(d *doc) {
	label := style{role: regular, size: 9.5}
	boxes := []struct{ title, foot string }{
		{"考核组（签字）：", ""},
		{"被考核单位确认（签字、盖章）：", ""},
		{"日期：", "　　　　年　　　月　　　日"},
	}
	widths := []float64{d.width * 0.34, d.width * 0.42, d.width * 0.24}
	cols := make([]core.Col, len(boxes))
	for i, b := range boxes {
		c := col.New(d.grid(widths[i])).Add(d.text(b.title, label, d.textProps(label, 1.2)))
		if b.foot != "" {
			c.Add(d.text(b.foot, label, d.textProps(style{role: label.role, size: label.size, align: align.Right},
				signatureHeight-label.size*pointMM-2.5)))
		}
		cols[i] = c.WithStyle(bordered(nil))
	}
	d.m.AddRows(row.New(signatureHeight).Add(cols...))
}

// signed prints an adjustment's score with two decimals and its sign
// ("+2.00", "-5.00"); nothing added or taken is "0.00", without one.
func signed(s zhengzhi.Score) string {
	if s > 0 {
		return "+" + s.String()
	}
	return s.String()
}

// aborter is a writer that can drop what it has been given instead of
// completing it: a file under a temporary name that must not be renamed into
// place when its document failed.
type aborter interface{ Abort() }

// Scorecards renders many scorecards on every core, each document on maroto
// instances of its own. open gives the writer of card i; it is called from the worker
// goroutines and its writer is closed after the card is written (or, when writing failed
// and the writer has an Abort method, aborted instead). The first
// error stops the rest; warnings of all cards come back in card order.
func (r *Renderer) Scorecards(ctx context.Context, cards []reports.Scorecard, open func(i int) (io.WriteCloser, error)) ([]Warning, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	warnings := make([][]Warning, len(cards))
	next := make(chan int)
	var once sync.Once
	var first error
	fail := func(err error) {
		once.Do(func() { first = err; cancel() })
	}
	var wg sync.WaitGroup
	for k := 0; k < runtime.GOMAXPROCS(0); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out, err := open(i)
				if err != nil {
					fail(fmt.Errorf("%s 考核评分表: %w", cards[i].Unit.Name, err))
					continue
				}
				ws, err := r.Scorecard(out, cards[i])
				if a, ok := out.(aborter); ok && err != nil {
					a.Abort()
				} else if cerr := out.Close(); err == nil && cerr != nil {
					err = fmt.Errorf("%s 考核评分表: %w", cards[i].Unit.Name, cerr)
				}
				if err != nil {
					fail(err)
				}
				warnings[i] = ws
			}
		}()
	}
feed:
	for i := range cards {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	var all []Warning
	for _, ws := range warnings {
		all = append(all, ws...)
	}
	return all, first
}
