-- 隐患排查覆盖率: active producing enterprises that had a screening in W, over all active producing enterprises.
-- (Written over all active enterprises, like dormant_tracking_rate, so both count in one pass.)
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN e.producing = 1 AND {{template "screenedInWindow" "e"}} THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN e.producing = 1 THEN 1 ELSE 0 END) AS denominator
FROM enterprises e
WHERE {{template "activeEnterprise" "e"}}
GROUP BY {{unit "e.county_code"}}
