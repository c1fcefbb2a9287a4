-- 督查覆盖率 (numerator): the unit's registry counties visited in W by their own city.
-- The denominator (the unit's counties; a county: itself) comes from the registry.
SELECT {{unit "inspected_unit"}} AS unit_code,
    COUNT(DISTINCT inspected_unit) AS numerator,
    0 AS denominator
FROM supervision_visits
WHERE deleted = 0 AND visited_on >= :start AND visited_on <= :d
    AND inspected_unit IN (:counties) AND inspector_unit = {{cityOf "inspected_unit"}}
GROUP BY {{unit "inspected_unit"}}
