-- 逾期未整改重大隐患清单: the major hazards found in W and overdue at D — the rows the
-- overdue_major_hazards indicator counts — most overdue first.
SELECT {{template "hazardColumns"}}, 1 AS overdue
FROM hazards h JOIN enterprises e ON e.bureau = h.bureau AND e.id = h.enterprise_id
WHERE h.deleted = 0 AND e.deleted = 0 AND h.severity = 'major'
    AND h.found_on >= :start AND h.found_on <= :d AND {{template "overdueHazard" "h"}}
ORDER BY h.deadline, e.county_code, h.bureau, h.id
