-- 不合格企业后处理台账: every enterprise on the list in the scope, by county, bureau and id.
SELECT {{if .Count}}COUNT(*){{else}}{{template "followupColumns"}}{{end}}
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code LIKE :prefix
{{if not .Count}}ORDER BY e.county_code, n.bureau, n.id{{end}}
