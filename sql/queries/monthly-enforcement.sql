-- The monthly report for enforcement: per unit, in one calendar month (local time), the
-- exceedances (alerts not retracted, and those the unit confirmed), quota confirmations
-- (QUOTA_100), overdue answers and escalations by level.
-- Parameters: month ('YYYY-MM').
SELECT
    unit_id,
    sumIf(n, kind = 'exceedance') AS exceedances,
    sumIf(n, kind = 'confirmed') AS confirmed_exceedances,
    sumIf(n, kind = 'quota') AS quota_confirmations,
    sumIf(n, kind = 'overdue') AS overdue_answers,
    sumIf(n, kind = 'reminder') AS reminders,
    sumIf(n, kind = 'warning') AS warnings,
    sumIf(n, kind = 'interview') AS interviews
FROM
(
    SELECT unit_id, 'exceedance' AS kind, count() AS n
    FROM cemsflow.alerts FINAL
    WHERE type IN ('EXCEEDANCE_3H', 'EXCEEDANCE_DAILY') AND state = 'OPEN'
      AND detected_at >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND detected_at < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
    GROUP BY unit_id
    UNION ALL
    SELECT unit_id, 'confirmed' AS kind, count() AS n
    FROM cemsflow.orders FINAL
    WHERE type IN ('EXCEEDANCE_3H', 'EXCEEDANCE_DAILY') AND verdict = 'confirmed'
      AND opened_at >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND opened_at < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
    GROUP BY unit_id
    UNION ALL
    SELECT unit_id, 'quota' AS kind, count() AS n
    FROM cemsflow.alerts FINAL
    WHERE type = 'QUOTA_100' AND state = 'OPEN' AND detected_at >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND detected_at < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
    GROUP BY unit_id
    UNION ALL
    SELECT unit_id, 'overdue' AS kind, count() AS n
    FROM cemsflow.orders FINAL
    WHERE escalation_level != '' AND deadline >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND deadline < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
    GROUP BY unit_id
    UNION ALL
    SELECT unit_id, lower(escalation_level) AS kind, count() AS n
    FROM cemsflow.orders FINAL
    WHERE escalation_level != '' AND deadline >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND deadline < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
    GROUP BY unit_id, escalation_level
)
GROUP BY unit_id
ORDER BY interviews DESC, overdue_answers DESC, exceedances DESC, unit_id
