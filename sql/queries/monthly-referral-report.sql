-- The monthly referral to enforcement (guideline 二(三), 二(四)): the leads the monitoring
-- department confirmed in one calendar month (local time), confirmed quota overruns (QUOTA_100)
-- among them, per unit, each with the alert's window, value, the clause it enforces and the
-- evidence behind it, as enforcement receives it.
-- Parameters: month ('YYYY-MM').
SELECT
    l.unit_id,
    l.type,
    l.alert_id,
    a.point_id,
    a.pollutant,
    a.window_start,
    a.window_end,
    a.value,
    a.limit_value,
    l.reviewed_at,
    l.reviewed_by,
    l.text AS review_note,
    a.rule,
    a.evidence
FROM cemsflow.leads AS l FINAL
ANY LEFT JOIN
(
    SELECT alert_id, point_id, pollutant, window_start, window_end, value, limit_value, rule, evidence
    FROM cemsflow.alerts FINAL
) AS a USING alert_id
WHERE l.state = 'CONFIRMED'
  AND toStartOfMonth(l.reviewed_at) = toDate(concat({month}, '-01'))
ORDER BY l.unit_id, l.type = 'QUOTA_100' DESC, l.reviewed_at, l.alert_id
