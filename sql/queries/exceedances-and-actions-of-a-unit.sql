-- Which points of a unit exceeded what, when, and what was done about it: every alert of the unit
-- detected in the period (not retracted), with the point, the pollutant's name, the window, the
-- value against the limit, and the order (answered or not, the verdict, escalation) or the lead's
-- review. One query for the analyst's question; v_alerts carries the names.
-- Parameters: unit_id, from, to (local times 'YYYY-MM-DD hh:mm:ss').
SELECT
    unit_name,
    point_id,
    type,
    pollutant,
    pollutant_zh,
    window_start,
    window_end,
    value,
    limit_value,
    channel,
    detected_at,
    deadline,
    if(channel = 'lead', lead_state, order_state) AS action_state,
    if(channel = 'lead', lead_verdict, order_verdict) AS verdict,
    if(channel = 'lead', lead_reviewed_at, order_answered_at) AS acted_at,
    escalation_level
FROM
(
    SELECT *
    FROM
    (
        SELECT alert_id, unit_name, point_id, type, pollutant, pollutant_zh, window_start, window_end, value, limit_value,
               channel, detected_at, deadline
        FROM cemsflow.v_alerts
        WHERE unit_id = {unit_id}
          AND state = 'OPEN'
          AND detected_at >= toDateTime({from}, 'Asia/Shanghai')
          AND detected_at < toDateTime({to}, 'Asia/Shanghai')
    )
    ANY LEFT JOIN (SELECT alert_id, toString(state) AS order_state, verdict AS order_verdict, answered_at AS order_answered_at,
                          escalation_level
                   FROM cemsflow.orders FINAL) USING alert_id
)
ANY LEFT JOIN (SELECT alert_id, toString(state) AS lead_state, verdict AS lead_verdict, reviewed_at AS lead_reviewed_at
               FROM cemsflow.leads FINAL) USING alert_id
ORDER BY detected_at, point_id, type
