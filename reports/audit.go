package reports

// AuditLog is the portal's audit log (安全审计日志) as the auditor exports it:
// the rows a filter selected, each with its place in the hash chain, so the
// export can be checked against the warehouse later.
type AuditLog struct {
	Meta Meta
	// Filter says in Chinese which rows were selected ("全部" when all).
	Filter string
	// Exported is when the export was made, as the reader reads time.
	Exported string
	Rows     []AuditRow
}

// AuditRow is one row of the audit log, every field as shown.
type AuditRow struct {
	Seq     int64
	At      string // local time, to the second
	Account string
	Unit    string // the unit's name and code
	Client  string
	Action  string // the action's Chinese name
	Target  string
	Outcome string
	Hash    string
}
