-- 一、隐患排查: active producing enterprises of the scope and those screened in W, per county and category.
SELECT e.county_code AS unit, e.category AS category, COUNT(*) AS enterprises,
    SUM(CASE WHEN {{template "screenedInWindow" "e"}} THEN 1 ELSE 0 END) AS screened
FROM enterprises e
WHERE {{template "activeEnterprise" "e"}} AND e.producing = 1 AND e.county_code LIKE :prefix
GROUP BY e.county_code, e.category
