-- 省局随机抽查: 1 when the province visited one of the unit's counties in W on a random pick.
SELECT {{unit "inspected_unit"}} AS unit_code,
    1 AS numerator,
    0 AS denominator
FROM supervision_visits
WHERE deleted = 0 AND visited_on >= :start AND visited_on <= :d
    AND inspector_unit = :province AND random_pick = 1 AND {{isCounty "inspected_unit"}}
GROUP BY {{unit "inspected_unit"}}
