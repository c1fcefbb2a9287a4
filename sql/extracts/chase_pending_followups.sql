-- 红黄区域逾期未完成后处理的不合格企业清单: non-conforming enterprises of the given
-- counties whose post-processing was not finished by D and whose correction or
-- re-inspection is overdue at D — what must be chased, not what is still in time.
SELECT {{template "followupColumns"}}
FROM nonconforming n JOIN enterprises e ON e.bureau = n.bureau AND e.id = n.enterprise_id
WHERE n.deleted = 0 AND e.deleted = 0 AND e.county_code IN (:counties)
    AND (n.followup_done_on IS NULL OR n.followup_done_on > :d)
    AND ({{template "correctionOverdue" "n"}} OR {{template "recheckOverdue" "n"}})
ORDER BY e.county_code, n.fail_count DESC, n.bureau, n.id
