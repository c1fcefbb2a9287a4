-- 长期不生产企业跟踪率: active enterprises not producing that had a dormant check in W, over all of them.
SELECT {{unit "e.county_code"}} AS unit_code,
    COUNT(c.enterprise_id) AS numerator,
    COUNT(*) AS denominator
FROM enterprises e
LEFT JOIN (
    SELECT DISTINCT bureau, enterprise_id FROM dormant_checks
    WHERE deleted = 0 AND checked_on >= :start AND checked_on <= :d
) c ON c.bureau = e.bureau AND c.enterprise_id = e.id
WHERE {{active "e"}} AND e.producing = 0
GROUP BY {{unit "e.county_code"}}
