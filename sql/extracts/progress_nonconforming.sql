-- 不合格企业后处理: the enterprises on the non-conforming list per county and their follow-up by D.
SELECT e.county_code AS unit, COUNT(*) AS on_list,
    SUM(CASE WHEN n.fail_count >= 2 THEN 1 ELSE 0 END) AS repeat_offenders,
    SUM(CASE WHEN n.ordered_on <= :d THEN 1 ELSE 0 END) AS ordered,
    SUM(CASE WHEN n.rechecked_on <= :d THEN 1 ELSE 0 END) AS rechecked,
    SUM(CASE WHEN n.followup_done_on <= :d THEN 1 ELSE 0 END) AS done,
    SUM(CASE WHEN n.fail_count >= 2 AND n.followup_done_on <= :d THEN 1 ELSE 0 END) AS repeat_done,
    SUM(CASE WHEN {{template "recheckOverdue" "n"}} THEN 1 ELSE 0 END) AS overdue
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code LIKE :prefix
GROUP BY e.county_code
