-- 红黄区域不合格企业后处理清单: non-conforming enterprises of the given counties whose
-- post-processing was not finished by D.
SELECT n.bureau, n.id, e.county_code, e.name AS enterprise, e.uscc, e.category,
    n.first_failed_year, n.fail_count, n.last_failed_on, n.ordered_on, n.rechecked_on,
    n.followup_status, n.followup_done_on,
    CASE WHEN {{template "correctionOverdue" "n"}} THEN 1 ELSE 0 END AS correction_overdue,
    CASE WHEN {{template "recheckOverdue" "n"}} THEN 1 ELSE 0 END AS recheck_overdue
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code IN (:counties)
    AND (n.followup_done_on IS NULL OR n.followup_done_on > :d)
ORDER BY e.county_code, n.fail_count DESC, n.bureau, n.id
