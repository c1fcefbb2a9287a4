-- 典型经验被采用数: experience submissions sent in W that the province adopted.
SELECT {{unit "unit_code"}} AS unit_code,
    COUNT(*) AS numerator,
    0 AS denominator
FROM submissions
WHERE deleted = 0 AND kind = 'experience' AND adopted = 1 AND submitted_on >= :start AND submitted_on <= :d
GROUP BY {{unit "unit_code"}}
