-- 长期不生产企业跟踪率: active enterprises not producing that had a dormant check in W, over all of them.
-- (Written over all active enterprises, like screening_coverage, so both count in one pass.)
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN e.producing = 0 AND EXISTS (
        SELECT 1 FROM dormant_checks c {{useIndex "dormant_checks_enterprise_id"}}
        WHERE c.bureau = e.bureau AND c.enterprise_id = e.id AND c.deleted = 0 AND c.checked_on >= :start AND c.checked_on <= :d
    ) THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN e.producing = 0 THEN 1 ELSE 0 END) AS denominator
FROM enterprises e
WHERE {{template "activeEnterprise" "e"}}
GROUP BY {{unit "e.county_code"}}
