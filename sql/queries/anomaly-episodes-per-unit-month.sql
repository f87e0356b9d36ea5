-- The correlation anomalies of one calendar month (local time), per unit: every episode that
-- started in the month, with how long it lasted, whether it still lasts and the evidence behind
-- it; within a unit by type, the longest first. (anomaly-summary-per-unit-month.sql counts them.)
-- Parameters: month ('YYYY-MM').
SELECT
    unit_id,
    type,
    point_id,
    code,
    started_at,
    ended_at,
    duration_min,
    ongoing,
    severity,
    value,
    evidence
FROM cemsflow.anomaly_episodes FINAL
WHERE retracted = 0 AND started_at >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND started_at < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
ORDER BY unit_id, type, duration_min DESC, started_at
