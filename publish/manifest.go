package publish

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// The kinds of file a render writes; `render --only` takes one of them, or a
// prefix ("ledger" selects every ledger).
const (
	KindScorecard = "scorecard"
	KindProgress  = "progress_report"
	KindSummary   = "yearend_summary"
	// KindSummaryWord is the 通报 as a Word document a staffer edits before signing.
	KindSummaryWord = "yearend_docx"
	// KindScoringRules is a rule set's 评分细则, KindScoringRulesWord the same in Word.
	KindScoringRules     = "scoring_rules"
	KindScoringRulesWord = "scoring_rules_docx"
	// KindInterviewNotice is a called-in unit's 约谈通知, KindInterviewWord
	// the same in Word, for a staffer to fill in before signing.
	KindInterviewNotice = "interview_notice"
	KindInterviewWord   = "interview_docx"
	KindSixOnes         = "six_ones"
	KindScoreDetail     = "score_detail"
	KindHazardLedger    = "ledger_hazards"
	KindFollowupLedger  = "ledger_followups"
	KindRiskPointLedger = "ledger_risk_points"
	KindDataQuality     = "data_quality"
)

// Kinds lists every kind a render writes, in the order they are written.
var Kinds = []string{KindScorecard, KindProgress, KindSummary, KindSummaryWord, KindScoringRules, KindScoringRulesWord,
	KindInterviewNotice, KindInterviewWord, KindSixOnes, KindScoreDetail,
	KindHazardLedger, KindFollowupLedger, KindRiskPointLedger, KindDataQuality}

// The kinds of a month's published draw (output/draws/).
const (
	KindDrawJSON  = "draw_json"
	KindDrawSheet = "draw_sheet"
	KindDrawPDF   = "draw_pdf"
	// KindDrawCommitment is a month's seed commitment, published before
	// the month is drawn.
	KindDrawCommitment = "draw_commitment"
)

// File is one published file as the manifest lists it.
type File struct {
	Path    string `json:"path"` // relative to the set's folder: output/<as-of>/ or output/draws/
	Kind    string `json:"kind"`
	Unit    string `json:"unit,omitempty"`
	RuleSet string `json:"ruleset,omitempty"`
	// Month is the month a draw's file is of (2026-12); "" for the reports of a date.
	Month  string `json:"month,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// CarriedOver marks a file this render failed to write anew: the previous
	// set's file, the same bytes, kept so that readers lose nothing; Error
	// says in Chinese why the new one failed.
	CarriedOver bool   `json:"carried_over,omitempty"`
	Error       string `json:"error,omitempty"`
}

// PullRef is the data pull a bureau's numbers came from.
type PullRef struct {
	Unit     string `json:"unit"`
	PullID   int64  `json:"pull_id,omitempty"`
	Finished string `json:"finished,omitempty"`
	Outcome  string `json:"outcome"`
}

// Manifest lists every file of one published set with its checksum and, for
// the reports of an as-of date, the data pulls the numbers rest on.
type Manifest struct {
	AsOf  string    `json:"as_of,omitempty"`
	Files []File    `json:"files"`
	Pulls []PullRef `json:"pulls,omitempty"`
}

// ManifestName is the manifest's file name in a set's folder.
const ManifestName = "manifest.json"

// ReadManifest reads the manifest of a set's folder (output/<as-of>, say).
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	text, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(text, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	return m, nil
}
