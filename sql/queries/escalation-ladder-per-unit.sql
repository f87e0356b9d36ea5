-- The escalation ladder per unit and calendar year: overdue orders and the level each raised
-- (1st REMINDER, 2nd WARNING, 3rd and later INTERVIEW), latest first.
-- Parameters: year ('YYYY').
SELECT
    unit_id,
    toYear(deadline) AS year,
    count() AS overdue_orders,
    countIf(escalation_level = 'REMINDER') AS reminders,
    countIf(escalation_level = 'WARNING') AS warnings,
    countIf(escalation_level = 'INTERVIEW') AS interviews,
    argMax(escalation_level, deadline) AS current_level,
    max(deadline) AS last_overdue
FROM cemsflow.orders FINAL
WHERE escalation_level != ''
  AND toYear(deadline) = toUInt16({year})
GROUP BY unit_id, year
ORDER BY interviews DESC, warnings DESC, overdue_orders DESC, unit_id
