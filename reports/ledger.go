package reports

import (
	"iter"
	"time"

	"zhengzhi"
)

// Ledger is a register (台账) of one kind of row for a scope (a city, or the
// whole province). Its rows are a stream, never a slice: a province-wide
// ledger can hold millions of rows, and a writer consumes them one by one in
// the order the warehouse's single ordered query gives them. A non-nil error
// ends the stream.
type Ledger[Row any] struct {
	Meta        Meta
	Scope       zhengzhi.Unit
	WindowStart time.Time
	// Count is how many rows Rows yields, counted when the ledger was made:
	// a streamed sheet states its size before its first row is written.
	Count int64
	Rows  iter.Seq2[Row, error]
}

// HazardLedgerRow is one hazard of the hazard ledger (隐患台账), with where
// it lies and whether it is overdue as of the ledger's date. Dates are
// "YYYY-MM-DD", "" when absent.
type HazardLedgerRow struct {
	Bureau        string
	ID            string
	City          string
	CityName      string
	County        string
	CountyName    string
	Enterprise    string
	USCC          string
	Category      string // zhengzhi.Categories code
	Source        string // zhengzhi.HazardSources code
	FoundOn       string
	Severity      string // zhengzhi.Severities code
	Description   string
	Deadline      string
	Status        string // zhengzhi.HazardStatuses code
	RectifiedOn   string
	VerifiedOn    string
	Enforcement   string // zhengzhi.Enforcements code
	LicenseAction string // zhengzhi.LicenseActions code
	// Overdue: the deadline passed before the as-of date and the hazard was
	// not rectified by it; DaysOverdue counts the days since the deadline.
	Overdue     bool
	DaysOverdue int
}

// FollowupLedgerRow is one enterprise of the non-conforming follow-up ledger
// (不合格企业后处理台账) with its due dates: correction within 60 days and
// re-inspection within 75 days of the rectification order.
type FollowupLedgerRow struct {
	Bureau          string
	ID              string
	City            string
	CityName        string
	County          string
	CountyName      string
	Enterprise      string
	USCC            string
	Category        string
	FirstFailedYear int
	FailCount       int
	LastFailedOn    string
	OrderedOn       string
	CorrectionDue   string // OrderedOn + 60 days
	RecheckDue      string // OrderedOn + 75 days
	RecheckedOn     string
	Status          string // zhengzhi.FollowupStatuses code
	DoneOn          string
	// CorrectionOverdue: due before the as-of date and the follow-up not done by it.
	CorrectionOverdue bool
	// RecheckOverdue: due before the as-of date and not re-inspected by it
	// (the overdue_followups indicator).
	RecheckOverdue bool
}

// RiskPointLedgerRow is one risk point of the zeroing ledger (风险隐患点清零台账).
type RiskPointLedgerRow struct {
	Bureau       string
	ID           string
	City         string
	CityName     string
	County       string
	CountyName   string
	Enterprise   string // "" when the point is not tied to an enterprise
	IdentifiedOn string
	Level        string // zhengzhi.PointLevels code
	Description  string
	ZeroedOn     string // "" = not zeroed by the as-of date
	Measure      string // zhengzhi.PointMeasures code
	Briefed      bool
}
