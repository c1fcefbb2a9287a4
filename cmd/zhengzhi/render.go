package main

import (
	"context"
	"fmt"
	"strings"

	"zhengzhi/pipeline"
	"zhengzhi/publish"
)

func runRender(ctx context.Context, e *env, args []string) error {
	fs, cfgPath := flags(e, "render", "Write the PDF and Excel reports of an as-of date into output/<as-of>/ with a manifest.json.\n"+
		"Every configured rule set is assessed first (a result over the same data is stored once); the reports read the stored scores.")
	asOf := asOfFlag(fs, "the as-of date")
	only := fs.String("only", "", "render only these kinds, comma-separated (a prefix such as ledger selects several): "+strings.Join(publish.Kinds, ", "))
	unit := fs.String("unit", "", "render the files of one unit only (a city includes its counties)")
	docNumber := fs.String("doc-number", "", "the 通报's 发文字号, e.g. 东市监〔2026〕12号 (default: the config's documents.doc_number; unset leaves an empty slot)")
	interviewTime := fs.String("interview-time", "", "the 约谈通知's time, e.g. 2026年12月28日上午9:00 (default: a blank line to fill in)")
	interviewPlace := fs.String("interview-place", "", "the 约谈通知's place (default: a blank line to fill in)")
	signedOn := &dateFlag{}
	fs.Var(signedOn, "signed-on", "the 通报's 成文日期, YYYY-MM-DD (default: the day of the newest data pull the reports rest on)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if _, err := pipeline.RuleSets(cfg); err != nil {
		return usageError{err}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	req := pipeline.RenderRequest{AsOf: asOf.or(s.today()), Only: splitList(*only), Unit: *unit,
		Document: pipeline.DocumentRequest{DocNumber: *docNumber, SignedOn: signedOn.date, InterviewTime: *interviewTime, InterviewPlace: *interviewPlace}}
	if isTerminal(e.stderr) {
		req.Progress = e.stderr
	}
	res, err := pipeline.New(cfg, s.w, s.reg, e.log).WithNotices(s.newNotifier(e.log)).Render(ctx, req)
	if res != nil && len(res.Kept) > 0 {
		fmt.Fprintf(e.stdout, "%d 个报告生成失败，已保留上一次生成的文件（见 manifest.json 的 carried_over）\n", len(res.Kept))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d files written to %s; its manifest.json lists all %d files of the date\n",
		len(res.Written), res.Dir, len(res.Manifest.Files))
	if n := len(res.Warnings); n > 0 {
		fmt.Fprintf(e.stdout, "%d texts had characters that cannot be printed and were substituted (see the log)\n", n)
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
