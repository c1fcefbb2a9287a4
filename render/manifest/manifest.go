// Package manifest is the index of one as-of date's output, manifest.json:
// every file a render wrote, with its kind, unit and checksum, and the data
// pulls its numbers rest on. render writes it; the portal and the bench read
// it. It imports nothing of zhengzhi, so every reader can.
package manifest

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
	// KindInterviewNotice is a called-in unit's 约谈通知.
	KindInterviewNotice = "interview_notice"
	KindSixOnes         = "six_ones"
	KindScoreDetail     = "score_detail"
	KindHazardLedger    = "ledger_hazards"
	KindFollowupLedger  = "ledger_followups"
	KindRiskPointLedger = "ledger_risk_points"
	KindDataQuality     = "data_quality"
)

// Kinds lists every kind in the order they are written.
var Kinds = []string{KindScorecard, KindProgress, KindSummary, KindSummaryWord, KindScoringRules, KindScoringRulesWord, KindInterviewNotice, KindSixOnes, KindScoreDetail,
	KindHazardLedger, KindFollowupLedger, KindRiskPointLedger, KindDataQuality}

// File is one written report as the manifest lists it.
type File struct {
	Path    string `json:"path"` // relative to output/<as-of>/
	Kind    string `json:"kind"`
	Unit    string `json:"unit,omitempty"`
	RuleSet string `json:"ruleset,omitempty"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
}

// PullRef is the data pull a bureau's numbers came from.
type PullRef struct {
	Unit     string `json:"unit"`
	PullID   int64  `json:"pull_id,omitempty"`
	Finished string `json:"finished,omitempty"`
	Outcome  string `json:"outcome"`
}

// Manifest lists every file of one as-of date's output with its checksum, and
// the data pulls the numbers rest on.
type Manifest struct {
	AsOf  string    `json:"as_of"`
	Files []File    `json:"files"`
	Pulls []PullRef `json:"pulls"`
}

// Name is the manifest's file name in an as-of date's folder.
const Name = "manifest.json"

// Read reads the manifest of an as-of date's folder.
func Read(dir string) (Manifest, error) {
	var m Manifest
	text, err := os.ReadFile(filepath.Join(dir, Name))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(text, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, Name), err)
	}
	return m, nil
}
