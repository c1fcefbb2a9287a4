package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

func runRejects(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "rejects", "list the rows set aside and the rows loaded with warnings")
	unit := fs.String("unit", "", "only this bureau's rows (unit code)")
	format := formatFlag(fs, "table", "json", "csv")
	s, err := parseDeployment(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, ok := s.reg.Unit(*unit); *unit != "" && !ok {
		return usageError{fmt.Errorf("--unit %s is not a unit of the registry", *unit)}
	}
	issues, err := s.w.DataIssues(ctx, *unit)
	if err != nil {
		return err
	}
	out := rejectsJSON{Rejects: []rejectJSON{}, Warnings: []rejectJSON{}}
	for _, d := range issues {
		r := rejectJSON{Unit: d.Bureau, Table: d.Table, ID: d.RowID, Column: d.Column, Value: d.Value, Reason: d.Reason,
			KeptVersion: d.KeptVersion}
		if d.Severity == "reject" {
			out.Rejects = append(out.Rejects, r)
		} else {
			out.Warnings = append(out.Warnings, r)
		}
	}
	// Sorted here, byte-wise, because database collations order text differently.
	sortRejects(out.Rejects)
	sortRejects(out.Warnings)
	if format.value == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if format.value == "csv" {
		t := newTable("类别", "单位", "表", "记录", "列", "值", "原因")
		for _, part := range []struct {
			kind string
			list []rejectJSON
		}{{"退回", out.Rejects}, {"警告", out.Warnings}} {
			for _, r := range part.list {
				t.add(part.kind, r.Unit, r.Table, r.ID, r.Column, r.Value, r.Reason)
			}
		}
		return t.writeCSV(e.stdout)
	}
	return writeRejectsTable(e.stdout, out)
}

// rejectsJSON is the stable shape of `zhengzhi rejects --format json`.
type rejectsJSON struct {
	Rejects  []rejectJSON `json:"rejects"`
	Warnings []rejectJSON `json:"warnings"`
}

type rejectJSON struct {
	Unit   string `json:"unit"`
	Table  string `json:"table"`
	ID     string `json:"id"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	// KeptVersion: the row was set aside while its earlier good version stays
	// loaded (the reason says so too).
	KeptVersion bool `json:"kept_version,omitempty"`
}

func sortRejects(list []rejectJSON) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Column < b.Column
	})
}

func writeRejectsTable(w io.Writer, out rejectsJSON) error {
	for _, part := range []struct {
		title string
		list  []rejectJSON
	}{{"退回（未入库）", out.Rejects}, {"警告（已入库）", out.Warnings}} {
		fmt.Fprintf(w, "%s：%d 条\n", part.title, len(part.list))
		if len(part.list) == 0 {
			continue
		}
		t := newTable("单位", "表", "记录", "列", "原因")
		for _, r := range part.list {
			t.add(r.Unit, r.Table, r.ID, r.Column, r.Reason)
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	return nil
}
