package pdf

import "github.com/johnfercher/maroto/v2/pkg/core"

// pager lays a document out before its fonts exist. A document embeds each
// face cut to the characters it prints, known only once it is built, while
// maroto reads its fonts when an instance is created. So a document is laid
// out on a maroto instance without fonts — every row has a fixed height, so
// its page breaks are those of the final document — and the same calls are
// recorded to be replayed onto the instance that embeds the subsets.
type pager struct {
	layout core.Maroto
	calls  []func(core.Maroto) error
}

func newPager(layout core.Maroto) *pager { return &pager{layout: layout} }

// RegisterHeader sets rows repeated at the top of every page.
func (p *pager) RegisterHeader(rows ...core.Row) error {
	p.calls = append(p.calls, func(m core.Maroto) error { return m.RegisterHeader(rows...) })
	return p.layout.RegisterHeader(rows...)
}

// AddRows adds rows, starting a new page when one does not fit.
func (p *pager) AddRows(rows ...core.Row) {
	p.calls = append(p.calls, func(m core.Maroto) error { m.AddRows(rows...); return nil })
	p.layout.AddRows(rows...)
}

// AddPages starts new pages.
func (p *pager) AddPages(pages ...core.Page) {
	p.calls = append(p.calls, func(m core.Maroto) error { m.AddPages(pages...); return nil })
	p.layout.AddPages(pages...)
}

// Fits reports whether mm of height still fit on the current page.
func (p *pager) Fits(mm float64) bool { return p.layout.FitlnCurrentPage(mm) }

// room is the height left on the current page, to a tenth of a millimetre.
func (p *pager) room() float64 {
	lo, hi := 0.0, 300.0 // mm; an A4 page is 297 mm high
	for hi-lo > 0.1 {
		if mid := (lo + hi) / 2; p.Fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// replay makes the same calls on the document's real instance.
func (p *pager) replay(m core.Maroto) error {
	for _, call := range p.calls {
		if err := call(m); err != nil {
			return err
		}
	}
	return nil
}
