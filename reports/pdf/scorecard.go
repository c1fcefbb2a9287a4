package pdf

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/johnfercher/maroto/v2/pkg/consts/align"

	"zhengzhi/reports"
	"zhengzhi/reports/chart"
)

// scorecardLayout is A4 portrait with room below the text for page numbers.
var scorecardLayout = layout{top: 12, left: 15, right: 15, bottom: 16, pageNumbers: "第 {current} 页 共 {total} 页"}

// scorecardColumns are the table's widths in mm (序号 考核项目 分值 指标情况 得分 扣分说明), 180 in all.
var scorecardColumns = []float64{9, 31, 11, 33, 12, 84}

// Scorecard renders one 考核评分表. It embeds one face only (regular) and
// marks emphasis by size and fill: the PDF library parses and subsets every
// embedded font again for each document, about 10 ms a face, and a run
// renders hundreds of scorecards.
func (r *Renderer) Scorecard(w io.Writer, sc reports.Scorecard) ([]Warning, error) {
	name := sc.Unit.Name + " · " + sc.RuleSetTitle
	d := newDoc(r.Fonts, scorecardLayout, sc.Meta.GeneratedAt, name+" 考核评分表")
	if err := r.header(d, sc.Meta, "考核评分表 · "+name); err != nil {
		return nil, err
	}
	d.space(1)
	d.paragraph(sc.RuleSetTitle, style{role: regular, size: 14, align: align.Center}, 0)
	d.paragraph("考核评分表", style{role: regular, size: 16, align: align.Center, pitch: 9}, 0)
	info := style{role: regular, size: 10}
	d.paragraph(fmt.Sprintf("被考核单位：%s（%s）　　考核规则：%s　　数据截至：%s", sc.Unit.Name, sc.Unit.Code, sc.RuleSetID, sc.AsOf), info, 0)
	d.paragraph(sc.Meta.PullsLine(), style{role: regular, size: 8, color: grey}, 0)
	d.space(2)

	hs := style{role: regular, size: 9.5, align: align.Center}
	header := []cell{{"序号", hs, headFill}, {"考核项目", hs, headFill}, {"分值", hs, headFill},
		{"指标情况", hs, headFill}, {"得分", hs, headFill}, {"扣分说明", hs, headFill}}
	c := style{role: regular, size: 8.5, align: align.Center}
	l := style{role: regular, size: 8.5}
	var rows [][]cell
	for _, it := range sc.Items {
		rows = append(rows, []cell{
			{fmt.Sprint(it.No), c, nil}, {it.Title, l, nil}, {it.Points.String(), c, nil},
			{it.Basis, c, nil}, {it.Score.String(), c, nil}, {it.Explanation, l, nil},
		})
	}
	d.table("", scorecardColumns, header, rows)

	if len(sc.Adjustments) > 0 {
		d.space(2)
		adjCols := []float64{10, 44, 20, 20, 86}
		ah := []cell{{"编号", hs, headFill}, {"项目", hs, headFill}, {"数量", hs, headFill}, {"加减分", hs, headFill}, {"说明", hs, headFill}}
		var ar [][]cell
		for _, a := range sc.Adjustments {
			ar = append(ar, []cell{{a.ID, c, nil}, {a.Title, l, nil}, {fmt.Sprint(a.Value), c, nil},
				{signed(a.Score), c, nil}, {a.Explanation, l, nil}})
		}
		d.table("加分与扣分项", adjCols, ah, ar)
	}
	if len(sc.Vetoes) > 0 {
		d.space(2)
		for _, v := range sc.Vetoes {
			d.paragraph(fmt.Sprintf("一票否决：%s（%d起）。%s", v.Title, v.Value, sentence(v.Explanation)),
				style{role: regular, size: 10, color: demoRed}, 0)
		}
	}
	if sc.Gated && sc.GateExplanation != "" {
		d.paragraph("等级下调："+sc.GateExplanation, style{role: regular, size: 10, color: demoRed}, 0)
	}
	d.space(2)
	sum := fmt.Sprintf("合计得分：%s 分（满分 %s 分）　　等级：%s　　排名：%s", sc.Total, sc.Points, sc.Grade, sc.RankText())
	if sc.Gated {
		sum += "　　（关键指标未达要求，等级下调）"
	}
	d.table("", []float64{d.width}, []cell{{sum, style{role: regular, size: 11}, totalFill}}, nil)

	if len(sc.Items) > 0 {
		labels := make([]string, len(sc.Items))
		own := make([]float64, len(sc.Items))
		peer := make([]float64, len(sc.Items))
		for i, it := range sc.Items {
			labels[i], own[i], peer[i] = it.ID, it.Attainment, it.PeerAverage
		}
		png, err := chart.Bars{
			Title: "各考核项目得分率：本单位与同级平均", Labels: labels,
			Series: []chart.Series{{Name: sc.Unit.Name, Values: own}, {Name: "同级平均", Values: peer}},
			Size:   chart.Size{WidthMM: 180, HeightMM: 58, DPI: r.ChartDPI},
		}.PNG(r.Fonts.faces[regular])
		if err != nil {
			return nil, fmt.Errorf("%s 考核评分表: %w", sc.Unit.Name, err)
		}
		d.space(3)
		if err := d.chart(png, 58); err != nil {
			return nil, err
		}
	}
	if err := d.write(w, sc.Meta.GeneratedAt); err != nil {
		return nil, fmt.Errorf("%s 考核评分表: %w", sc.Unit.Name, err)
	}
	return d.warnings, nil
}

// signed prints a score with its sign ("+2.00", "-5.00").
func signed(s interface{ String() string }) string {
	t := s.String()
	if t[0] != '-' {
		t = "+" + t
	}
	return t
}

// aborter is a writer that can drop what it has been given instead of
// completing it: a file under a temporary name that must not be renamed into
// place when its document failed.
type aborter interface{ Abort() }

// Scorecards renders many scorecards on every core, one maroto instance per
// document. open gives the writer of card i; it is called from the worker
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
