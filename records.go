package zhengzhi

// The campaign's deadlines counted in days. The SQL fragments of the
// warehouse (sql/rules.sql) receive them as cut-off dates, so that every
// engine compares plain dates and each number is written here only.
const (
	// CorrectionDays: a non-conforming enterprise corrects within 60 days of
	// the rectification order (责令整改之日起60日内).
	CorrectionDays = 60
	// RecheckDays: its re-inspection (复查) is due within 75 days of the order.
	RecheckDays = 75
	// TimelyAssessmentDays: a risk signal's second-stage assessment (二次研判)
	// is timely within 7 days of its receipt.
	TimelyAssessmentDays = 7
)

// HazardRecord is one hazard of the hazard ledger (隐患台账) with its
// enterprise, as the warehouse holds it, for one as-of date D.
type HazardRecord struct {
	Bureau        string `db:"bureau"`
	ID            string `db:"id"`
	County        string `db:"county_code"` // the enterprise's county
	Enterprise    string `db:"enterprise"`
	USCC          string `db:"uscc"`
	Category      string `db:"category"` // Categories code
	Source        string `db:"source"`   // HazardSources code
	FoundOn       Date   `db:"found_on"`
	Severity      string `db:"severity"` // Severities code
	Description   string `db:"description"`
	Deadline      Date   `db:"deadline"`
	Status        string `db:"status"` // HazardStatuses code
	RectifiedOn   Date   `db:"rectified_on"`
	VerifiedOn    Date   `db:"verified_on"`
	Enforcement   string `db:"enforcement"`    // Enforcements code
	LicenseAction string `db:"license_action"` // LicenseActions code
	// Overdue (逾期未整改): the deadline passed before D and the hazard was
	// not rectified by D.
	Overdue bool `db:"overdue"`
}

// FollowupRecord is one enterprise of the non-conforming list (不合格企业后处理)
// with its enterprise, for one as-of date D.
type FollowupRecord struct {
	Bureau          string `db:"bureau"`
	ID              string `db:"id"`
	County          string `db:"county_code"`
	Enterprise      string `db:"enterprise"`
	USCC            string `db:"uscc"`
	Category        string `db:"category"`
	FirstFailedYear int    `db:"first_failed_year"`
	FailCount       int    `db:"fail_count"`
	LastFailedOn    Date   `db:"last_failed_on"`
	OrderedOn       Date   `db:"ordered_on"`
	RecheckedOn     Date   `db:"rechecked_on"`
	Status          string `db:"followup_status"` // FollowupStatuses code
	DoneOn          Date   `db:"followup_done_on"`
	// CorrectionOverdue: the correction was due before D and the follow-up
	// was not done by D.
	CorrectionOverdue bool `db:"correction_overdue"`
	// RecheckOverdue: the re-inspection was due before D and not done by D
	// (what the overdue_followups indicator counts).
	RecheckOverdue bool `db:"recheck_overdue"`
}

// CorrectionDue is the day the correction is due; no date before an order.
func (f FollowupRecord) CorrectionDue() Date { return dueAfter(f.OrderedOn, CorrectionDays) }

// RecheckDue is the day the re-inspection is due; no date before an order.
func (f FollowupRecord) RecheckDue() Date { return dueAfter(f.OrderedOn, RecheckDays) }

func dueAfter(from Date, days int) Date {
	if from.IsZero() {
		return 0
	}
	return from.AddDays(days)
}

// RiskPointRecord is one risk point of the zeroing ledger (风险隐患点清零台账)
// for one as-of date D: a zeroing after D has not happened, so ZeroedOn and
// Measure are empty then.
type RiskPointRecord struct {
	Bureau       string `db:"bureau"`
	ID           string `db:"id"`
	County       string `db:"county_code"`
	Enterprise   string `db:"enterprise"` // "" when the point is tied to no (current) enterprise
	IdentifiedOn Date   `db:"identified_on"`
	Level        string `db:"level"` // PointLevels code
	Description  string `db:"description"`
	ZeroedOn     Date   `db:"zeroed_on"`
	Measure      string `db:"measure"` // PointMeasures code
	Briefed      bool   `db:"briefing_held"`
}
