-- The campaign's rules over warehouse rows, each written once. Every indicator and extract
-- query is parsed together with this file and names a rule by {{template "rule" "alias"}}.
-- Parameters: :d is the as-of date D; the day counts of the rules come as cut-off dates
-- (ordered_on + 75 days < D is ordered_on < D − 75 days), so every engine compares plain dates.
--
-- An active enterprise: not withdrawn, licence neither revoked nor cancelled.
{{define "activeEnterprise"}}{{.}}.deleted = 0 AND {{.}}.license_status NOT IN ('revoked', 'cancelled'){{end}}
-- 逾期未整改: a hazard whose deadline passed before D and that was not rectified by D.
{{define "overdueHazard"}}{{.}}.deadline < :d AND ({{.}}.rectified_on IS NULL OR {{.}}.rectified_on > :d){{end}}
-- A non-conforming enterprise not corrected within CorrectionDays of the order and not done by D.
{{define "correctionOverdue"}}{{.}}.ordered_on < :correction_cutoff AND ({{.}}.followup_done_on IS NULL OR {{.}}.followup_done_on > :d){{end}}
-- 逾期未复查: ordered more than RecheckDays before D and not re-inspected by D.
{{define "recheckOverdue"}}{{.}}.ordered_on < :recheck_cutoff AND ({{.}}.rechecked_on IS NULL OR {{.}}.rechecked_on > :d){{end}}
-- 研判及时: a risk signal assessed by D within TimelyAssessmentDays of its receipt.
{{define "timelyAssessed"}}{{.}}.assessed_on <= :d AND {{daysBetween (print . ".received_on") (print . ".assessed_on")}} <= :timely_days{{end}}
