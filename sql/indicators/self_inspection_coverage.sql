-- 自查自纠覆盖率 (numerator): the unit's registry counties that completed a self-inspection of their own by D.
-- The denominator (the unit's counties; a county: itself) comes from the registry.
SELECT {{unit "unit_code"}} AS unit_code,
    COUNT(DISTINCT unit_code) AS numerator,
    0 AS denominator
FROM activities
WHERE deleted = 0 AND action = 'self_inspection' AND completed_on <= :d AND unit_code IN (:counties)
GROUP BY {{unit "unit_code"}}
