-- 不合格企业后处理台账: every enterprise on the list in the scope, by county, bureau and id.
SELECT {{if .Count}}COUNT(*){{else}}n.bureau, n.id, e.county_code, e.name AS enterprise, e.uscc, e.category,
    n.first_failed_year, n.fail_count, n.last_failed_on, n.ordered_on, n.rechecked_on,
    n.followup_status, n.followup_done_on,
    CASE WHEN {{template "correctionOverdue" "n"}} THEN 1 ELSE 0 END AS correction_overdue,
    CASE WHEN {{template "recheckOverdue" "n"}} THEN 1 ELSE 0 END AS recheck_overdue{{end}}
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code LIKE :prefix
{{if not .Count}}ORDER BY e.county_code, n.bureau, n.id{{end}}
