-- 拒不整改依法查处率: refused hazards found in W with enforcement taken, over refused hazards found in W.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN h.status = 'refused' AND h.enforcement <> 'none' THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN h.status = 'refused' THEN 1 ELSE 0 END) AS denominator
FROM hazards h
{{joinInOrder}} enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d
GROUP BY {{unit "e.county_code"}}
