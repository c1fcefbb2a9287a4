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
// PDF and Word, into its city's folder: cities/<city>/interview-notice.pdf
// and .docx for a city, cities/<city>/interview-notice-<county>.pdf and
// .docx for a county.
func (r *run) interviewNotices(s reports.Summary, current []*zhengzhi.Assessment) error {
	if !r.wants(publish.KindInterviewNotice) && !r.wants(publish.KindInterviewWord) {
		return nil
	}
	for _, n := range reports.BuildInterviewNotices(s, r.opt.Registry, current, r.opt.Document) {
		if !r.wantsUnit(n.Unit.Code) {
			continue
		}
		name := path.Join("cities", n.City, "interview-notice")
		if n.Unit.Code != n.City {
			name += "-" + n.Unit.Code
		}
		if r.wants(publish.KindInterviewWord) {
			if err := r.write(name+".docx", publish.KindInterviewWord, n.Unit.Code, "", func(out io.Writer) error {
				return docx.InterviewNotice(out, n, docx.DefaultFontNames.With(r.opt.FontNames))
			}); err != nil {
				return err
			}
		}
		if !r.wants(publish.KindInterviewNotice) {
			continue
		}
		if err := r.write(name+".pdf", publish.KindInterviewNotice, n.Unit.Code, "", func(out io.Writer) error {
			ws, err := r.renderer.InterviewNotice(out, n)
			r.warn(name+".pdf", ws)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
