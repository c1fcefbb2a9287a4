-- 不合格产品追溯率: failed samplings in W bought online or in shops that were traced to the producer, over all of them.
SELECT {{unit "unit_code"}} AS unit_code,
    SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') AND traced = 1 THEN 1 ELSE 0 END) AS numerator,
    SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') THEN 1 ELSE 0 END) AS denominator
FROM samplings
WHERE deleted = 0 AND sampled_on >= :start AND sampled_on <= :d
GROUP BY {{unit "unit_code"}}
