-- 专项监督抽查批次: samplings in W (also the numerator of sampling_completion, capped at the target by Indicator.Complete).
SELECT {{unit "unit_code"}} AS unit_code,
    COUNT(*) AS numerator,
    0 AS denominator
FROM samplings
WHERE deleted = 0 AND sampled_on >= :start AND sampled_on <= :d
GROUP BY {{unit "unit_code"}}
