-- 风险隐患点清零台账: every risk point identified by D in the scope, by county, date, bureau and id.
-- The enterprise is optional: a LEFT JOIN keeps points without one, and a withdrawn enterprise
-- only loses its name. A zeroing after D has not happened yet.
SELECT {{if .Count}}COUNT(*){{else}}p.bureau, p.id, p.county_code, COALESCE(e.name, '') AS enterprise,
    p.identified_on, p.level, p.description,
    CASE WHEN p.zeroed_on <= :d THEN p.zeroed_on END AS zeroed_on,
    CASE WHEN p.zeroed_on <= :d THEN COALESCE(p.measure, '') ELSE '' END AS measure,
    p.briefing_held{{end}}
FROM risk_points p LEFT JOIN enterprises e ON e.bureau = p.bureau AND e.id = p.enterprise_id AND e.deleted = 0
WHERE p.deleted = 0 AND p.identified_on <= :d AND p.county_code LIKE :prefix
{{if not .Count}}ORDER BY p.county_code, p.identified_on, p.bureau, p.id{{end}}
