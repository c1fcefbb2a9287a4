-- 六、督查: supervision visits in W per inspected and inspecting unit, so that a visit by the
-- county's own city and one by the province can be told apart along the registry.
SELECT inspected_unit AS unit, inspector_unit AS inspector, COUNT(*) AS visits,
    SUM(CASE WHEN random_pick = 1 THEN 1 ELSE 0 END) AS random_picks,
    SUM(enterprises_visited) AS enterprises,
    SUM(hazards_checked) AS checked,
    SUM(hazards_confirmed_cleared) AS cleared,
    SUM(problems_found) AS problems
FROM supervision_visits
WHERE deleted = 0 AND visited_on >= :start AND visited_on <= :d AND inspected_unit LIKE :prefix
GROUP BY inspected_unit, inspector_unit
