-- 多年多次不合格企业后处理率: repeat offenders (fail_count of 2 or more) whose post-processing finished by D, over all of them.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN n.fail_count >= 2 AND n.followup_done_on <= :d THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN n.fail_count >= 2 THEN 1 ELSE 0 END) AS denominator
FROM nonconforming n
{{joinInOrder}} enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0
GROUP BY {{unit "e.county_code"}}
