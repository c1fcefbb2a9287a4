-- 应急预案完善: 1 when the unit itself (a city: the city bureau only) has an activity completed by D that drew up an emergency plan.
SELECT unit_code AS unit_code,
    MAX(CASE WHEN emergency_plan = 1 THEN 1 ELSE 0 END) AS numerator,
    0 AS denominator
FROM activities
WHERE deleted = 0 AND completed_on <= :d
GROUP BY unit_code
