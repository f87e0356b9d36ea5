-- Supervision orders still open after their 12-hour answer deadline, most overdue first.
-- (The job marks them OVERDUE when event time passes the deadline; this also shows the ones
-- whose event time has not got there yet, measured against the wall clock.)
SELECT
    o.alert_id,
    o.unit_id,
    o.type,
    o.opened_at,
    o.deadline,
    round((now() - o.deadline) / 3600, 1) AS hours_past_deadline,
    o.state
FROM cemsflow.orders AS o FINAL
WHERE o.state IN ('OPEN', 'OVERDUE')
  AND o.deadline < now()
ORDER BY o.deadline, o.unit_id
