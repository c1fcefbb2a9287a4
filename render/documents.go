package render

import (
	"context"
	"io"
	"path"

	"zhengzhi"
	"zhengzhi/publish"
	"zhengzhi/reports"
	"zhengzhi/reports/docx"
)

// scoringRules renders the 评分细则 of every configured rule set, PDF and
// Word, into the province's folder; cities and counties read them too.
func (r *run) scoringRules(context.Context) error {
	if !r.wantsUnit(r.opt.Registry.Province.Code) {
		return nil
	}
	for _, rs := range r.opt.RuleSets {
		model := reports.BuildScoringRules(r.meta, rs)
		name := "province/scoring-rules-" + rs.ID
		if r.wants(publish.KindScoringRulesWord) {
			if err := r.write(name+".docx", publish.KindScoringRulesWord, r.opt.Registry.Province.Code, rs.ID, func(out io.Writer) error {
				return docx.ScoringRules(out, model, docx.DefaultFontNames.With(r.opt.FontNames))
			}); err != nil {
				return err
			}
		}
		if !r.wants(publish.KindScoringRules) {
			continue
		}
		if err := r.write(name+".pdf", publish.KindScoringRules, r.opt.Registry.Province.Code, rs.ID, func(out io.Writer) error {
			ws, err := r.renderer.ScoringRules(out, model)
			r.warn(name+".pdf", ws)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// interviewNotices renders the 约谈通知 of every unit the 通报 calls in,
// into its city's folder: cities/<city>/interview-notice.pdf for a city,
// cities/<city>/interview-notice-<county>.pdf for a county.
func (r *run) interviewNotices(s reports.Summary, current []*zhengzhi.Assessment) error {
	if !r.wants(publish.KindInterviewNotice) {
		return nil
	}
	for _, n := range reports.BuildInterviewNotices(s, r.opt.Registry, current, r.opt.Document) {
		if !r.wantsUnit(n.Unit.Code) {
			continue
		}
		rel := path.Join("cities", n.City, "interview-notice.pdf")
		if n.Unit.Code != n.City {
			rel = path.Join("cities", n.City, "interview-notice-"+n.Unit.Code+".pdf")
		}
		if err := r.write(rel, publish.KindInterviewNotice, n.Unit.Code, "", func(out io.Writer) error {
			ws, err := r.renderer.InterviewNotice(out, n)
			r.warn(rel, ws)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
