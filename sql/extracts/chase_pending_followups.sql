-- 红黄区域不合格企业后处理清单: non-conforming enterprises of the given counties whose
-- post-processing was not finished by D.
SELECT {{template "followupColumns"}}
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code IN (:counties)
    AND (n.followup_done_on IS NULL OR n.followup_done_on > :d)
ORDER BY e.county_code, n.fail_count DESC, n.bureau, n.id
