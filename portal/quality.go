package portal

import (
	"context"
	"encoding/json"
	"strings"

	"zhengzhi"
	"zhengzhi/reports"
)

// issueCounties names the county each of a city bureau's listed rows is
// about: the county one of its unit columns names, else the county of the
// enterprise it refers to — as the warehouse holds it, or as the bureau's
// set-aside row of that enterprise gives it — else the county code its id is
// made of (H-990102-000017); 市本级 for a row that names only the city
// (a screening the city did itself of an enterprise the warehouse does not
// know), 未知 when nothing tells.
func (s *Server) issueCounties(ctx context.Context, city zhengzhi.Unit, issues []reports.DataIssue) ([]string, error) {
	c := s.opt.Contract
	raws := make([]map[string]any, len(issues))
	setAside := map[string]string{} // enterprise id → county, from the enterprises' own rows
	seen := map[string]bool{}
	var ids []string
	for i, is := range issues {
		if json.Unmarshal([]byte(is.Raw), &raws[i]) != nil {
			raws[i] = nil // a row that does not read names nothing but its id
		}
		if is.Table == "enterprises" {
			if county, ok := raws[i]["county_code"].(string); ok {
				setAside[is.RowID] = county
			}
		}
		for _, col := range c.EnterpriseColumns(is.Table) {
			if id, ok := raws[i][col].(string); ok && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	held, err := s.w.EnterpriseCounties(ctx, city.Code, ids)
	if err != nil {
		return nil, err
	}
	county := func(code string) string {
		if u, known := s.reg.Unit(code); known && u.Level == zhengzhi.LevelCounty {
			return u.Name
		}
		return ""
	}
	out := make([]string, len(issues))
	for i, is := range issues {
		var codes []string
		for _, col := range c.UnitColumns(is.Table) {
			if code, ok := raws[i][col].(string); ok {
				codes = append(codes, code)
			}
		}
		for _, col := range c.EnterpriseColumns(is.Table) {
			if id, ok := raws[i][col].(string); ok {
				if code, ok := held[id]; ok {
					codes = append(codes, code)
				} else if code, ok := setAside[id]; ok {
					codes = append(codes, code)
				}
			}
		}
		codes = append(codes, strings.Split(is.RowID, "-")...)
		out[i] = "未知"
		for _, code := range codes {
			if n := county(code); n != "" {
				out[i] = n
				break
			}
			if code == city.Code {
				out[i] = "市本级"
			}
		}
	}
	return out, nil
}
