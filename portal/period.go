package portal

import (
	"context"
	"slices"
	"strings"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/publish"
)

// 本期报告: the home page lists every file of the chosen date the account may
// download, grouped by kind, each marked 新 (written since the account last
// logged in and not yet downloaded) or 已下载 (its unit downloaded it whole,
// alone or in a bundle, as the audit log's complete downloads say), and
// offers the date's bundle.

// periodReports is the 本期报告 card.
type periodReports struct {
	AsOf   zhengzhi.Date
	Groups []reportGroup
	// Files and Size count the bundle's files and bytes; Bundle is its URL.
	Files  int
	Size   int64
	Bundle string
	// New and Fetched count the files marked so.
	New, Fetched int
}

// reportGroup is one kind's files.
type reportGroup struct {
	Kind  string
	Files []reportFile
}

// reportFile is a file of the card with its mark.
type reportFile struct {
	fileLink
	New, Fetched bool
}

// periodReportsOf gathers the 本期报告 of a date's output for the viewer. It
// reads the audit log's complete downloads of the date by the viewer's unit
// (two grouped queries over the rows since the date), nothing per file.
func (s *Server) periodReportsOf(ctx context.Context, v *viewer, out *publish.Dated) (*periodReports, error) {
	files := s.bundleFiles(v, out)
	if len(files) == 0 {
		return nil, nil
	}
	since := out.Date.Midnight(s.opt.Location)
	prefix := "/files/" + out.Date.String() + "/"
	single, err := s.w.DownloadsOf(ctx, account.ActDownload, account.OutcomeOK, prefix, since)
	if err != nil {
		return nil, err
	}
	bundles, err := s.w.DownloadsOf(ctx, account.ActBundle, account.OutcomeOK, "/bundle/"+out.Date.String(), since)
	if err != nil {
		return nil, err
	}
	fetched := map[string]bool{}
	for _, d := range single {
		if d.Unit == v.acct.Unit {
			fetched[strings.TrimPrefix(d.Target, prefix)] = true
		}
	}
	// A bundle holds every file the unit's accounts may download.
	all := false
	for _, d := range bundles {
		all = all || d.Unit == v.acct.Unit
	}
	fresh := out.Written.After(v.acct.PreviousLoginAt)
	p := &periodReports{AsOf: out.Date, Files: len(files), Bundle: "/bundle/" + out.Date.String()}
	byKind := map[string]int{}
	for _, f := range files {
		rf := reportFile{fileLink: s.linkOf(out, f), Fetched: all || fetched[f.Path]}
		rf.New = fresh && !rf.Fetched
		p.Size += f.Size
		if rf.New {
			p.New++
		}
		if rf.Fetched {
			p.Fetched++
		}
		i, ok := byKind[f.Kind]
		if !ok {
			i = len(p.Groups)
			byKind[f.Kind] = i
			p.Groups = append(p.Groups, reportGroup{Kind: f.Kind})
		}
		p.Groups[i].Files = append(p.Groups[i].Files, rf)
	}
	// Groups in the order the render writes the kinds; others after.
	order := map[string]int{}
	for i, k := range publish.Kinds {
		order[k] = i
	}
	rank := func(k string) int {
		if i, ok := order[k]; ok {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(p.Groups, func(a, b reportGroup) int { return rank(a.Kind) - rank(b.Kind) })
	return p, nil
}
