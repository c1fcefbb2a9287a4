-- 不合格企业后处理率: non-conforming list rows whose post-processing finished by D, over all rows of the list.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN n.followup_done_on <= :d THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM nonconforming n
{{joinInOrder}} enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0
GROUP BY {{unit "e.county_code"}}
