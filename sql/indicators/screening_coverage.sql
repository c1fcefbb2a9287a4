-- 隐患排查覆盖率: active producing enterprises that had a screening in W, over all active producing enterprises.
SELECT {{unit "e.county_code"}} AS unit_code,
    COUNT(s.enterprise_id) AS numerator,
    COUNT(*) AS denominator
FROM enterprises e
LEFT JOIN (
    SELECT DISTINCT bureau, enterprise_id FROM screenings
    WHERE deleted = 0 AND screened_on >= :start AND screened_on <= :d
) s ON s.bureau = e.bureau AND s.enterprise_id = e.id
WHERE {{active "e"}} AND e.producing = 1
GROUP BY {{unit "e.county_code"}}
