-- Leads waiting for the regulator's review (state NEW), per unit and type: how many, and how long
-- the oldest has waited (hours since it opened, against the wall clock), oldest first. Leads are
-- the correlation anomalies and QUOTA_100 (guideline 二(三), 二(四)); the unit is asked nothing.
SELECT
    unit_id,
    type,
    count() AS open_leads,
    min(opened_at) AS oldest_opened_at,
    round((now() - min(opened_at)) / 3600, 1) AS oldest_age_hours
FROM cemsflow.leads FINAL
WHERE state = 'NEW'
GROUP BY unit_id, type
ORDER BY oldest_opened_at, unit_id, type
