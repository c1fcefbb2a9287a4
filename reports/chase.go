package reports

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

// PendingFollowup is a non-conforming enterprise in a red or yellow zone
// whose post-processing was not finished by the as-of date (红黄区域不合格企业未完成后处理).
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
}
