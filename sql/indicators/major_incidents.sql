-- 重大产品质量安全事件数: major and especially major incidents in W for which the bureau bears direct responsibility.
SELECT {{unit "county_code"}} AS unit_code,
    SUM(CASE WHEN level IN ('major', 'especially_major') THEN 1 ELSE 0 END) AS numerator,
    0 AS denominator
FROM incidents
WHERE deleted = 0 AND occurred_on >= :start AND occurred_on <= :d AND direct_responsibility = 1
GROUP BY {{unit "county_code"}}
