package pdf

import (
	"fmt"
	"io"

	"github.com/johnfercher/maroto/v2/pkg/core"

	"zhengzhi/reports"
)

// InterviewNotice renders a 约谈通知 in the 文件式 form of the 通报: the
// head with an empty 发文字号 slot, the title, the unit's bureau as
// addressee, the text on the 28 × 22 grid, the signature laid out for the
// seal, and the 版记 at the foot of the last, even, page.
func (r *Renderer) InterviewNotice(w io.Writer, n reports.InterviewNotice) ([]Warning, error) {
	d, err := newOfficialDoc(r.Fonts, n.Meta, n.Title)
	if err != nil {
		return nil, err
	}
	d.m.track(297-officialLayout.top-officialLayout.bottom, folioRow)
	officialHead(d, n.Mark, fmt.Sprintf("　　〔%d〕　号", n.Meta.AsOf.Year()))
	officialTitle(d, n.Title)
	var f flow
	f.rows(d.officialRows(n.Addressee+"：", docBody, 0))
	for _, p := range n.Body() {
		f.rows(d.officialRows(p, docBody, 2))
	}
	var tail []core.Row
	tail = append(tail, signRows(d, n.Issuer, n.Date)...)
	f.finish(d, tail)
	record(d, n.CC, n.Printer, n.PrintedOn+"印发")
	if err := d.write(w); err != nil {
		return nil, fmt.Errorf("约谈通知: %w", err)
	}
	return d.warnings, nil
}
