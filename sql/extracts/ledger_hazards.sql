-- 隐患台账: every hazard found in W of an enterprise in the scope, by county, date found, bureau and id.
SELECT {{if .Count}}COUNT(*){{else}}{{template "hazardColumns"}},
    CASE WHEN {{template "overdueHazard" "h"}} THEN 1 ELSE 0 END AS overdue{{end}}
FROM hazards h JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d AND e.county_code LIKE :prefix
{{if not .Count}}ORDER BY e.county_code, h.found_on, h.bureau, h.id{{end}}
