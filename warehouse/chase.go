package warehouse

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"zhengzhi"
	"zhengzhi/reports"
	"zhengzhi/sqldb"
)

// overdueMajorHazards selects major hazards found in W = [start, D] whose
// deadline passed before D and that were not rectified by D — the rows the
// overdue_major_hazards indicator counts.
const overdueMajorHazards = `
SELECT h.bureau, h.id, e.name AS enterprise, e.county_code, h.description, h.status, h.found_on, h.deadline
FROM hazards h
JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.severity = 'major'
    AND h.found_on >= ? AND h.found_on <= ? AND h.deadline < ?
    AND (h.rectified_on IS NULL OR h.rectified_on > ?)
ORDER BY h.deadline, e.county_code, h.bureau, h.id`

// OverdueMajorHazards lists the major hazards overdue as of asOf, found since
// start (the rule set's window start), most overdue first, for the progress
// report's chase list. County and city names come from the registry.
func (w *Warehouse) OverdueMajorHazards(ctx context.Context, reg *zhengzhi.Registry, start, asOf time.Time) ([]reports.OverdueHazard, error) {
	var rows []struct {
		Bureau      string     `db:"bureau"`
		ID          string     `db:"id"`
		Enterprise  string     `db:"enterprise"`
		County      string     `db:"county_code"`
		Description string     `db:"description"`
		Status      string     `db:"status"`
		FoundOn     sqldb.Date `db:"found_on"`
		Deadline    sqldb.Date `db:"deadline"`
	}
	d := sqldb.DateOf(asOf)
	if err := w.SelectContext(ctx, &rows, w.Rebind(overdueMajorHazards), sqldb.DateOf(start), d, d, d); err != nil {
		return nil, fmt.Errorf("逾期未整改重大隐患清单（截至 %s）: %w", d, err)
	}
	out := make([]reports.OverdueHazard, len(rows))
	for i, r := range rows {
		out[i] = reports.OverdueHazard{
			Bureau: r.Bureau, ID: r.ID, Enterprise: r.Enterprise, County: r.County,
			CountyName: reg.Name(r.County), CityName: cityName(reg, r.County),
			Description: r.Description, Status: zhengzhi.HazardStatuses.Label(r.Status),
			FoundOn: string(r.FoundOn), Deadline: string(r.Deadline),
			DaysOverdue: int(d.Time().Sub(r.Deadline.Time()).Hours() / 24),
		}
	}
	return out, nil
}

// pendingFollowups selects non-conforming rows of enterprises in the given
// counties whose post-processing was not finished by D.
const pendingFollowups = `
SELECT n.bureau, n.id, e.name AS enterprise, e.county_code, n.fail_count, n.last_failed_on, n.ordered_on, n.followup_status
FROM nonconforming n
JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code IN (?)
    AND (n.followup_done_on IS NULL OR n.followup_done_on > ?)
ORDER BY e.county_code, n.fail_count DESC, n.bureau, n.id`

// ZoneFollowupsPending lists the non-conforming enterprises in the year's
// red and yellow zones (a zoned city zones all its counties) whose
// post-processing was not finished by asOf.
func (w *Warehouse) ZoneFollowupsPending(ctx context.Context, reg *zhengzhi.Registry, asOf time.Time) ([]reports.PendingFollowup, error) {
	zone := zonedCounties(reg, asOf.Year())
	if len(zone) == 0 {
		return nil, nil
	}
	counties := make([]string, 0, len(zone))
	for _, c := range reg.Units(zhengzhi.LevelCounty) {
		if _, ok := zone[c.Code]; ok {
			counties = append(counties, c.Code)
		}
	}
	d := sqldb.DateOf(asOf)
	query, args, err := sqlx.In(pendingFollowups, counties, d)
	if err != nil {
		return nil, fmt.Errorf("红黄区域不合格企业后处理清单: %w", err)
	}
	var rows []struct {
		Bureau       string     `db:"bureau"`
		ID           string     `db:"id"`
		Enterprise   string     `db:"enterprise"`
		County       string     `db:"county_code"`
		FailCount    int        `db:"fail_count"`
		LastFailedOn sqldb.Date `db:"last_failed_on"`
		OrderedOn    sqldb.Date `db:"ordered_on"`
		Status       string     `db:"followup_status"`
	}
	if err := w.SelectContext(ctx, &rows, w.Rebind(query), args...); err != nil {
		return nil, fmt.Errorf("红黄区域不合格企业后处理清单（截至 %s）: %w", d, err)
	}
	out := make([]reports.PendingFollowup, len(rows))
	for i, r := range rows {
		out[i] = reports.PendingFollowup{
			Bureau: r.Bureau, ID: r.ID, Enterprise: r.Enterprise, County: r.County,
			CountyName: reg.Name(r.County), CityName: cityName(reg, r.County), Zone: zone[r.County].Label(),
			FailCount: r.FailCount, LastFailedOn: string(r.LastFailedOn), OrderedOn: string(r.OrderedOn),
			FollowupStatus: zhengzhi.FollowupStatuses.Label(r.Status),
		}
	}
	return out, nil
}

// zonedCounties maps each county in a red or yellow zone of the year to its
// zone; a county's own mark wins over its city's.
func zonedCounties(reg *zhengzhi.Registry, year int) map[string]zhengzhi.Zone {
	out := map[string]zhengzhi.Zone{}
	for _, c := range reg.Units(zhengzhi.LevelCounty) {
		if z := reg.Zone(year, c.Code); z != zhengzhi.ZoneNone {
			out[c.Code] = z
		} else if z := reg.Zone(year, c.Parent); z != zhengzhi.ZoneNone {
			out[c.Code] = z
		}
	}
	return out
}

func cityName(reg *zhengzhi.Registry, county string) string {
	if city, ok := reg.CityOf(county); ok {
		return reg.Name(city)
	}
	return ""
}
