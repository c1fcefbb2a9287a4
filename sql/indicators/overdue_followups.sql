-- 逾期未复查不合格企业数: list rows ordered more than 75 days before D with no re-inspection by D.
SELECT {{unit "e.county_code"}} AS unit_code,
    SUM(CASE WHEN {{template "recheckOverdue" "n"}} THEN 1 ELSE 0 END) AS numerator,
    0 AS denominator
FROM nonconforming n
{{joinInOrder}} enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0
GROUP BY {{unit "e.county_code"}}
