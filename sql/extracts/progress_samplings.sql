-- 二、专项监督抽查: batches sampled in W per unit, channel and category, the failed ones and what was done.
SELECT unit_code AS unit, channel, category, COUNT(*) AS batches,
    SUM(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS failed,
    SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') THEN 1 ELSE 0 END) AS trace_base,
    SUM(CASE WHEN result = 'fail' AND channel IN ('ecommerce', 'retail') AND traced = 1 THEN 1 ELSE 0 END) AS traced,
    SUM(CASE WHEN result = 'fail' AND handled_on <= :d THEN 1 ELSE 0 END) AS handled,
    SUM(CASE WHEN result = 'fail' AND exposed = 1 THEN 1 ELSE 0 END) AS exposed
FROM samplings
WHERE deleted = 0 AND sampled_on >= :start AND sampled_on <= :d AND unit_code LIKE :prefix
GROUP BY unit_code, channel, category
