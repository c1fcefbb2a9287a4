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
	// pages tracks page numbers for the documents that ask (track): an
	// official document's 版记 goes on an even page.
	pages *pageCount
}

// pageCount follows maroto's paging (Maroto.addRow and AddPages) from the
// rows' fixed heights: the page a document is on and the height used there.
type pageCount struct {
	page           int
	used           float64
	height, header float64
}

// track starts counting pages; height is the block's height, header the
// height of the rows repeated atop every page. It must come before the
// first row, after RegisterHeader.
func (p *pager) track(height, header float64) {
	p.pages = &pageCount{page: 1, used: header, height: height, header: header}
}

// page is the number of the page rows now go on (1 without tracking).
func (p *pager) page() int {
	if p.pages == nil {
		return 1
	}
	return p.pages.page
}

// left is the height left on the current page as the tracking counts it.
func (p *pager) left() float64 { return p.pages.height - p.pages.used }

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
	if c := p.pages; c != nil {
		for _, r := range rows {
			h := r.GetHeight(nil, nil)
			if c.used+h > c.height {
				c.page++
				c.used = c.header
			}
			c.used += h
		}
	}
}

// AddPages starts new pages.
func (p *pager) AddPages(pages ...core.Page) {
	p.calls = append(p.calls, func(m core.Maroto) error { m.AddPages(pages...); return nil })
	p.layout.AddPages(pages...)
	if c := p.pages; c != nil {
		for _, pg := range pages {
			if c.used != c.header {
				c.page++
				c.used = c.header
			}
			for _, r := range pg.GetRows() {
				c.used += r.GetHeight(nil, nil)
			}
		}
	}
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
