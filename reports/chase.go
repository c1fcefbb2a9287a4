package reports

import (
	"cmp"
	"slices"

	"zhengzhi"
)

// OverdueHazard is a major hazard past its rectification deadline and not
// rectified by the as-of date (逾期未整改重大隐患), for the chase list.
type OverdueHazard struct {
	Bureau      string `json:"bureau"`
	ID          string `json:"id"`
	Enterprise  string `json:"enterprise"`
	County      string `json:"county"`
	CountyName  string `json:"county_name"`
	CityName    string `json:"city_name"`
	Description string `json:"description"`
	Status      string `json:"status"`
	FoundOn     string `json:"found_on"`
	Deadline    string `json:"deadline"`
	DaysOverdue int    `json:"days_overdue"`
}

// OverdueHazards is the chase list of overdue major hazards from the
// warehouse's records, in their order, with the registry's names.
func OverdueHazards(reg *zhengzhi.Registry, asOf zhengzhi.Date, records []zhengzhi.HazardRecord) []OverdueHazard {
	out := make([]OverdueHazard, len(records))
	for i, h := range records {
		p := placeOf(reg, h.County)
		out[i] = OverdueHazard{
			Bureau: h.Bureau, ID: h.ID, Enterprise: h.Enterprise, County: h.County,
			CountyName: p.CountyName, CityName: p.CityName,
			Description: h.Description, Status: zhengzhi.HazardStatuses.Label(h.Status),
			FoundOn: h.FoundOn.String(), Deadline: h.Deadline.String(), DaysOverdue: daysOverdue(h, asOf),
		}
	}
	return out
}

// PendingFollowup is a non-conforming enterprise in a red or yellow zone
// whose post-processing was not finished by the as-of date and is overdue
// (红黄区域逾期未完成后处理的不合格企业).
type PendingFollowup struct {
	Bureau         string `json:"bureau"`
	ID             string `json:"id"`
	Enterprise     string `json:"enterprise"`
	County         string `json:"county"`
	CountyName     string `json:"county_name"`
	CityName       string `json:"city_name"`
	Zone           string `json:"zone"` // 红色警情 / 黄色警示
	FailCount      int    `json:"fail_count"`
	LastFailedOn   string `json:"last_failed_on"`
	OrderedOn      string `json:"ordered_on"`
	FollowupStatus string `json:"followup_status"` // Chinese label
	// DaysOverdue counts the days since Due: the correction or the
	// re-inspection ordered fell due without being done, the longer past of
	// the two; 0 and Due "" when neither is overdue yet.
	DaysOverdue int    `json:"days_overdue"`
	Due         string `json:"due,omitempty"`
}

// PendingFollowups is the chase list of zoned enterprises overdue with
// their post-processing, from the warehouse's records, with the registry's
// names, each county's zone and the due date the days overdue count from,
// the most urgent first: red-alert areas before yellow-warning ones, then
// the longest overdue, the most often failed, and by county code.
func PendingFollowups(reg *zhengzhi.Registry, zones map[string]zhengzhi.Zone, asOf zhengzhi.Date, records []zhengzhi.FollowupRecord) []PendingFollowup {
	out := make([]PendingFollowup, len(records))
	for i, f := range records {
		p := placeOf(reg, f.County)
		days, due := followupOverdue(f, asOf)
		out[i] = PendingFollowup{
			Bureau: f.Bureau, ID: f.ID, Enterprise: f.Enterprise, County: f.County,
			CountyName: p.CountyName, CityName: p.CityName, Zone: zones[f.County].Label(),
			FailCount: f.FailCount, LastFailedOn: f.LastFailedOn.String(), OrderedOn: f.OrderedOn.String(),
			FollowupStatus: zhengzhi.FollowupStatuses.Label(f.Status), DaysOverdue: days, Due: due.String(),
		}
	}
	red := zhengzhi.ZoneRed.Label()
	slices.SortStableFunc(out, func(a, b PendingFollowup) int {
		ra, rb := a.Zone == red, b.Zone == red
		switch {
		case ra != rb && ra:
			return -1
		case ra != rb:
			return 1
		}
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(b.FailCount, a.FailCount),
			cmp.Compare(a.County, b.County), cmp.Compare(a.Bureau, b.Bureau), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// followupOverdue is how many days a follow-up is overdue and the due date
// they count from: the correction's or the re-inspection's, whichever is
// longer past; 0 and no date when neither is overdue.
func followupOverdue(f zhengzhi.FollowupRecord, asOf zhengzhi.Date) (int, zhengzhi.Date) {
	days, due := daysPast(f.CorrectionOverdue, f.CorrectionDue(), asOf), f.CorrectionDue()
	if r := daysPast(f.RecheckOverdue, f.RecheckDue(), asOf); r > days {
		days, due = r, f.RecheckDue()
	}
	if days == 0 {
		return 0, 0
	}
	return days, due
}
