-- 风险信息: risk signals received in W per unit, level and disposition, assessed (timely) and disposed by D.
SELECT unit_code AS unit, risk_level, disposition, COUNT(*) AS received,
    SUM(CASE WHEN assessed_on <= :d THEN 1 ELSE 0 END) AS assessed,
    SUM(CASE WHEN {{template "timelyAssessed" "risk_signals"}} THEN 1 ELSE 0 END) AS timely,
    SUM(CASE WHEN disposed_on <= :d THEN 1 ELSE 0 END) AS disposed
FROM risk_signals
WHERE deleted = 0 AND received_on >= :start AND received_on <= :d AND unit_code LIKE :prefix
GROUP BY unit_code, risk_level, disposition
