-- 召开安全隐患分析大会: 1 when the unit itself (a city: the city bureau only) completed by D an analysis meeting with experts.
SELECT unit_code AS unit_code,
    MAX(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN 1 ELSE 0 END) AS numerator,
    0 AS denominator
FROM activities
WHERE deleted = 0 AND completed_on <= :d
GROUP BY unit_code
