-- Analyst view: alerts in their latest state with the unit's name and the pollutant's names.
CREATE VIEW IF NOT EXISTS cemsflow.v_alerts AS
SELECT alert_id, type, channel, severity, state, unit_id, unit_name, point_id, mn, pollutant, pollutant_zh, pollutant_en,
       window_start, window_end, value, limit_value, detected_at, deadline, rule, evidence, last_event, sequence
FROM
(
    SELECT *
    FROM (SELECT alert_id, type, channel, severity, state, unit_id, point_id, mn, pollutant, window_start, window_end,
                 value, limit_value, detected_at, deadline, rule, evidence, last_event, sequence FROM cemsflow.alerts FINAL)
    ANY LEFT JOIN (SELECT unit_id, unit_name FROM cemsflow.dim_units FINAL) USING unit_id
)
ANY LEFT JOIN (SELECT code AS pollutant, name_zh AS pollutant_zh, name_en AS pollutant_en FROM cemsflow.dim_pollutants FINAL)
    USING pollutant
