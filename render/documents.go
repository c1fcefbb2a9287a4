package render

import (
	"context"
	"io"

	"zhengzhi/render/manifest"
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
		if r.wants(manifest.KindScoringRulesWord) {
			if err := r.write(name+".docx", manifest.KindScoringRulesWord, r.opt.Registry.Province.Code, rs.ID, func(out io.Writer) error {
				return docx.ScoringRules(out, model, docx.DefaultFontNames.With(r.opt.FontNames))
			}); err != nil {
				return err
			}
		}
		if !r.wants(manifest.KindScoringRules) {
			continue
		}
		if err := r.write(name+".pdf", manifest.KindScoringRules, r.opt.Registry.Province.Code, rs.ID, func(out io.Writer) error {
			ws, err := r.renderer.ScoringRules(out, model)
			r.warn(name+".pdf", ws)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
