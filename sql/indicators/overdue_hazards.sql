-- 逾期未整改隐患数: hazards found in W whose deadline passed before D and that were not rectified by D.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN {{template "overdueHazard" "h"}} THEN 1 ELSE 0 END) AS numerator,
    0 AS denominator
FROM hazards h
{{joinInOrder}} enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.found_on >= :start AND h.found_on <= :d
GROUP BY {{unit "e.county_code"}}
