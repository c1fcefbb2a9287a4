-- 三、安全隐患分析大会 and 五、自查自纠: each unit's own activities completed by D.
SELECT unit_code AS unit,
    SUM(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN 1 ELSE 0 END) AS meetings,
    MIN(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN completed_on END) AS first_meeting,
    SUM(CASE WHEN action = 'analysis_meeting' AND experts >= 1 THEN experts ELSE 0 END) AS experts,
    COALESCE(SUM(monitoring_projects), 0) AS projects,
    SUM(CASE WHEN escalated = 1 THEN 1 ELSE 0 END) AS escalated,
    SUM(CASE WHEN action = 'self_inspection' THEN 1 ELSE 0 END) AS self_inspections
FROM activities
WHERE deleted = 0 AND completed_on <= :d AND unit_code LIKE :prefix
GROUP BY unit_code
