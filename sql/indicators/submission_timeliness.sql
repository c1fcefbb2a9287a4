-- 信息报送及时率 (numerator): of the rule set's reporting entries due by D, those the unit itself sent
-- (same kind and period) by the due date. The denominator (the number of those entries) comes from the rule set.
SELECT unit_code AS unit_code,
    {{range $i, $r := .Due}}{{if $i}}
    + {{end}}MAX(CASE WHEN kind = :kind{{$i}} AND period = :period{{$i}} AND submitted_on <= :due{{$i}} THEN 1 ELSE 0 END){{else}}0{{end}} AS numerator,
    0 AS denominator
FROM submissions
WHERE deleted = 0
GROUP BY unit_code
