package portal

import (
	"context"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
)

// Who fetched what, for the province office: how far each city's bureaus —
// the city's accounts and its counties' — have downloaded the reports of a
// date that are theirs, from the audit log's complete downloads, single or
// in a bundle. The
// province's own accounts fetching a city's file do not count as the city
// having it; the province's own files count whoever of the province fetched
// them. The auditor's page has every row.

// receipts is the download state of one date's reports.
type receipts struct {
	AsOf zhengzhi.Date
	Rows []receiptRow
}

// receiptRow is one unit's share of a date's reports: its own files and,
// for a city, its counties' files, how many of each its bureaus downloaded,
// how many downloads there were, and the first and the latest.
type receiptRow struct {
	Code, Name                string
	City                      bool
	Own, OwnFetched           int
	Counties, CountiesFetched int
	Downloads                 int64
	First, Last               string
	// NoneFetched is set when the unit's bureaus have fetched none of their files.
	NoneFetched bool
	first, last time.Time
}

// receiptsOf counts who fetched the files of a date's output.
func (s *Server) receiptsOf(ctx context.Context, out *publish.Dated) (*receipts, error) {
	prefix := "/files/" + out.Date.String() + "/"
	downloads, err := s.w.DownloadsOf(ctx, account.ActDownload, account.OutcomeOK, prefix, out.Date.Midnight(s.opt.Location))
	if err != nil {
		return nil, err
	}
	province := s.reg.Province.Code
	rows := map[string]*receiptRow{province: {Code: province, Name: s.reg.Province.Name}}
	order := []string{province}
	for _, c := range s.reg.Units(zhengzhi.LevelCity) {
		rows[c.Code] = &receiptRow{Code: c.Code, Name: c.Name, City: true}
		order = append(order, c.Code)
	}
	// rowOf is the row a file's unit counts in, and whether it is a county's.
	rowOf := func(code string) (*receiptRow, bool) {
		u, ok := s.reg.Unit(code)
		if !ok {
			return rows[province], false
		}
		if u.Level == zhengzhi.LevelCounty {
			return rows[u.Parent], true
		}
		if r, ok := rows[u.Code]; ok {
			return r, false
		}
		return rows[province], false
	}
	// counts reports whether a unit's download counts for a file: the
	// province's files (the 通报 that cities and counties also read) count
	// the province's downloads only, another unit's files never the
	// province's.
	counts := func(unit string, f publish.File) bool {
		if row, _ := rowOf(f.Unit); row == rows[province] {
			return unit == province
		}
		return unit != province
	}
	fetched := map[string]bool{}
	for _, d := range downloads {
		path := strings.TrimPrefix(d.Target, prefix)
		f, ok := out.File(path)
		if !ok || !counts(d.Unit, f) {
			continue
		}
		fetched[path] = true
		r, _ := rowOf(f.Unit)
		r.Downloads += d.Count
		if r.first.IsZero() || d.First.Before(r.first) {
			r.first = d.First
		}
		if d.Last.After(r.last) {
			r.last = d.Last
		}
	}
	// A bundle fetched every file its unit may download, each counted as
	// the single downloads are.
	bundles, err := s.w.DownloadsOf(ctx, account.ActBundle, account.OutcomeOK, "/bundle/"+out.Date.String(), out.Date.Midnight(s.opt.Location))
	if err != nil {
		return nil, err
	}
	for _, d := range bundles {
		touched := map[*receiptRow]bool{}
		for _, f := range out.Files {
			if !s.access.UnitSeesFile(d.Unit, f) || !counts(d.Unit, f) {
				continue
			}
			fetched[f.Path] = true
			r, _ := rowOf(f.Unit)
			touched[r] = true
		}
		for r := range touched {
			r.Downloads += d.Count
			if r.first.IsZero() || d.First.Before(r.first) {
				r.first = d.First
			}
			if d.Last.After(r.last) {
				r.last = d.Last
			}
		}
	}
	for _, f := range out.Files {
		r, county := rowOf(f.Unit)
		switch {
		case county:
			r.Counties++
			if fetched[f.Path] {
				r.CountiesFetched++
			}
		default:
			r.Own++
			if fetched[f.Path] {
				r.OwnFetched++
			}
		}
	}
	rec := &receipts{AsOf: out.Date}
	for _, code := range order {
		r := rows[code]
		if r.Own+r.Counties == 0 {
			continue
		}
		r.First, r.Last = s.localTime(r.first), s.localTime(r.last)
		r.NoneFetched = r.OwnFetched+r.CountiesFetched == 0
		rec.Rows = append(rec.Rows, *r)
	}
	return rec, nil
}
