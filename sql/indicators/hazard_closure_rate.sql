-- 隐患复查销号率: hazards found in W and verified by D, over hazards found in W.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN h.verified_on <= :d THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM hazards h
{{joinInOrder}} enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d
GROUP BY {{unit "e.county_code"}}
