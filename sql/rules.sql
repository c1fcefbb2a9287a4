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
-- 已排查: the enterprise aliased . had a screening in W.
{{define "screenedInWindow"}}EXISTS (
        SELECT 1 FROM screenings s {{useIndex "screenings_enterprise_id"}}
        WHERE s.bureau = {{.}}.bureau AND s.enterprise_id = {{.}}.id AND s.deleted = 0 AND s.screened_on >= :start AND s.screened_on <= :d
    ){{end}}
-- 研判及时: a risk signal assessed by D within TimelyAssessmentDays of its receipt.
{{define "timelyAssessed"}}{{.}}.assessed_on <= :d AND {{daysBetween (print . ".received_on") (print . ".assessed_on")}} <= :timely_days{{end}}
--
-- The columns of a record that a ledger and a chase list both read.
-- A hazard (h) with its enterprise (e): zhengzhi.HazardRecord up to its overdue flag.
{{define "hazardColumns"}}h.bureau, h.id, e.county_code, e.name AS enterprise, e.uscc, e.category, h.source,
    h.found_on, h.severity, h.description, h.deadline, h.status, h.rectified_on, h.verified_on,
    h.enforcement, h.license_action{{end}}
-- A non-conforming enterprise (n) with its enterprise (e) and its overdue flags: zhengzhi.FollowupRecord.
{{define "followupColumns"}}n.bureau, n.id, e.county_code, e.name AS enterprise, e.uscc, e.category,
    n.first_failed_year, n.fail_count, n.last_failed_on, n.ordered_on, n.rechecked_on,
    n.followup_status, n.followup_done_on,
    CASE WHEN {{template "correctionOverdue" "n"}} THEN 1 ELSE 0 END AS correction_overdue,
    CASE WHEN {{template "recheckOverdue" "n"}} THEN 1 ELSE 0 END AS recheck_overdue{{end}}
