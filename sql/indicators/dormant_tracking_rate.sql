-- 长期不生产企业跟踪率: active enterprises not producing that had a dormant check in W, over all of them.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN EXISTS (
        SELECT 1 FROM dormant_checks c
        WHERE c.bureau = e.bureau AND c.enterprise_id = e.id AND c.deleted = 0 AND c.checked_on >= :start AND c.checked_on <= :d
    ) THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM enterprises e
WHERE {{active "e"}} AND e.producing = 0
GROUP BY {{unit "e.county_code"}}
