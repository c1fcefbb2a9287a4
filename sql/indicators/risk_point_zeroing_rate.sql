-- 隐患清零率: risk points identified by D and zeroed by D, over risk points identified by D.
SELECT {{unit "county_code"}} AS unit_code,
    SUM(CASE WHEN zeroed_on <= :d THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM risk_points
WHERE deleted = 0 AND identified_on <= :d
GROUP BY {{unit "county_code"}}
