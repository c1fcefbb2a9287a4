-- 不合格产品落地查处率: failed samplings in W whose producer was dealt with by D, over failed samplings in W.
SELECT {{unit "unit_code"}} AS unit_code,
    SUM(CASE WHEN result = 'fail' AND handled_on <= :d THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS denominator
FROM samplings
WHERE deleted = 0 AND sampled_on >= :start AND sampled_on <= :d
GROUP BY {{unit "unit_code"}}
