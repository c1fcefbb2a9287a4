-- 风险信息研判及时率: risk signals received in W and assessed by D within 7 days of receipt, over risk signals received in W.
SELECT {{unit "unit_code"}} AS unit_code,
    SUM(CASE WHEN {{template "timelyAssessed" "risk_signals"}} THEN 1 ELSE 0 END) AS numerator,
    COUNT(*) AS denominator
FROM risk_signals
WHERE deleted = 0 AND received_on >= :start AND received_on <= :d
GROUP BY {{unit "unit_code"}}
