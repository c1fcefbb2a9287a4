-- 风险监控项目数: risk monitoring projects arranged in the unit's own activities completed by D.
SELECT unit_code AS unit_code,
    SUM(COALESCE(monitoring_projects, 0)) AS numerator,
    0 AS denominator
FROM activities
WHERE deleted = 0 AND completed_on <= :d
GROUP BY unit_code
