-- 隐患排查覆盖率: active producing enterprises that had a screening in W, over all active producing enterprises.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN EXISTS (
        SELECT 1 FROM screenings s
        WHERE s.bureau = e.bureau AND s.enterprise_id = e.id AND s.deleted = 0 AND s.screened_on >= :start AND s.screened_on <= :d
    ) THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM enterprises e
WHERE {{active "e"}} AND e.producing = 1
GROUP BY {{unit "e.county_code"}}
