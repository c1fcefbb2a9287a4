package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"golang.org/x/term"

	"zhengzhi"
	"zhengzhi/ingest"
	"zhengzhi/pipeline"
	"zhengzhi/warehouse"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "ingest", "pull every bureau database into the warehouse")
	format := formatFlag(fs, "table", "json")
	s, err := parseDeployment(ctx, fs, cfgPath, args)
	if err != nil {
		return err
	}
	defer s.Close()
	var bar io.Writer
	if format.value == "table" && isTerminal(e.stderr) {
		bar = e.stderr
	}
	rep, runErr := ingest.Run(ctx, s.w, s.reg, pipeline.Sources(s.cfg), ingest.Options{Now: time.Now().In(s.loc), Progress: bar})
	s.newNotifier(e.log).Ingested(ctx)
	if format.value == "json" {
		err = writeIngestJSON(e.stdout, rep)
	} else {
		err = writeIngestTable(e.stdout, s.reg, rep)
	}
	switch {
	case runErr != nil:
		return runErr
	case err != nil:
		return err
	case rep.Degraded():
		return errDegraded
	}
	return nil
}

// terminal is w when it is a terminal, where a progress bar belongs; nil
// (quiet) otherwise.
func terminal(w io.Writer) io.Writer {
	if isTerminal(w) {
		return w
	}
	return nil
}

// isTerminal reports whether w is a terminal, where a progress bar belongs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ingestJSON is the stable shape of `zhengzhi ingest --format json`.
type ingestJSON struct {
	Sources []ingestSourceJSON `json:"sources"`
}

type ingestSourceJSON struct {
	Unit     string                           `json:"unit"`
	Outcome  string                           `json:"outcome"`
	Started  string                           `json:"started"`
	Finished string                           `json:"finished"`
	Error    string                           `json:"error"`
	Tables   map[string]warehouse.TableCounts `json:"tables"`
}

func writeIngestJSON(w io.Writer, rep ingest.Report) error {
	out := ingestJSON{Sources: []ingestSourceJSON{}}
	for _, s := range rep.Sources {
		tables := s.Tables
		if tables == nil {
			tables = map[string]warehouse.TableCounts{}
		}
		out.Sources = append(out.Sources, ingestSourceJSON{Unit: s.Unit, Outcome: s.Outcome,
			Started: s.Started.Format(time.RFC3339), Finished: s.Finished.Format(time.RFC3339),
			Error: s.Error, Tables: tables})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writeIngestTable(w io.Writer, reg *zhengzhi.Registry, rep ingest.Report) error {
	t := newTable("单位", "结果", "读取", "新增", "更新", "撤回", "退回", "警告", "用时").alignRight(2, 3, 4, 5, 6, 7, 8)
	var problems []string
	for _, s := range rep.Sources {
		var sum warehouse.TableCounts
		for _, c := range s.Tables {
			sum.Read += c.Read
			sum.Loaded += c.Loaded
			sum.Updated += c.Updated
			sum.Deleted += c.Deleted
			sum.Rejected += c.Rejected
			sum.Warnings += c.Warnings
		}
		// A source never tried (the run stopped first) has no times: no duration.
		took, outcome := "—", s.Outcome
		if !s.Started.IsZero() && !s.Finished.Before(s.Started) {
			took = s.Finished.Sub(s.Started).Round(10 * time.Millisecond).String()
		}
		if outcome == "" {
			outcome = "未拉取"
		}
		t.add(s.Unit+" "+reg.Name(s.Unit), outcome, strconv.Itoa(sum.Read), strconv.Itoa(sum.Loaded), strconv.Itoa(sum.Updated),
			strconv.Itoa(sum.Deleted), strconv.Itoa(sum.Rejected), strconv.Itoa(sum.Warnings), took)
		if s.Error != "" {
			problems = append(problems, fmt.Sprintf("%s %s（%s）：%s", s.Unit, reg.Name(s.Unit), s.Outcome, s.Error))
		}
	}
	if err := t.write(w); err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
	fmt.Fprintln(w, "退回和警告的明细：zhengzhi rejects")
	return nil
}
