-- 一、隐患排查: hazards found in W per county, by severity and what became of them by D.
-- Rows reach a county through their enterprise; a withdrawn enterprise takes its hazards with it.
SELECT e.county_code AS unit, COUNT(*) AS found,
    SUM(CASE WHEN h.severity = 'general' THEN 1 ELSE 0 END) AS general,
    SUM(CASE WHEN h.severity = 'major' THEN 1 ELSE 0 END) AS major,
    SUM(CASE WHEN h.rectified_on <= :d THEN 1 ELSE 0 END) AS rectified,
    SUM(CASE WHEN h.verified_on <= :d THEN 1 ELSE 0 END) AS verified,
    SUM(CASE WHEN {{template "overdueHazard" "h"}} THEN 1 ELSE 0 END) AS overdue,
    SUM(CASE WHEN h.severity = 'major' AND {{template "overdueHazard" "h"}} THEN 1 ELSE 0 END) AS overdue_major,
    SUM(CASE WHEN h.status = 'refused' THEN 1 ELSE 0 END) AS refused,
    SUM(CASE WHEN h.status = 'refused' AND h.enforcement <> 'none' THEN 1 ELSE 0 END) AS enforced
FROM hazards h JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d AND e.county_code LIKE :prefix
GROUP BY e.county_code
