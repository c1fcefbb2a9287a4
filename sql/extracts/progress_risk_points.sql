-- 四、隐患清零: risk points identified by D per county and measure, those zeroed and briefed by D.
SELECT county_code AS unit, measure, COUNT(*) AS points,
    SUM(CASE WHEN level = 'major' THEN 1 ELSE 0 END) AS major,
    SUM(CASE WHEN zeroed_on <= :d THEN 1 ELSE 0 END) AS zeroed,
    SUM(CASE WHEN briefing_held = 1 THEN 1 ELSE 0 END) AS briefed
FROM risk_points
WHERE deleted = 0 AND identified_on <= :d AND county_code LIKE :prefix
GROUP BY county_code, measure
