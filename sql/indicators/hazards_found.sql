-- 排查发现隐患数: hazards found in W.
SELECT {{unit "e.county_code"}} AS unit_code,
    COUNT(*) AS numerator,
    0 AS denominator
FROM hazards h
{{joinInOrder}} enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d
GROUP BY {{unit "e.county_code"}}
