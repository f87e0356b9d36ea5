-- The worst points of a local day: per pollutant, the 20 points with the highest hourly mean
-- (as the rules compare it: corrected where the point has a reference O2) among valid hours, with
-- the hour it happened and the limit in force then.
-- Parameters: day ('YYYY-MM-DD'), pollutant.
SELECT
    point_id,
    unit_id,
    any(unit_name) AS unit_name,
    max(compared_mean) AS worst_hourly_mean,
    argMax(period_start, compared_mean) AS worst_hour,
    argMax(limit_value, compared_mean) AS limit_then,
    round(avg(compared_mean), 3) AS mean_of_valid_hours,
    count() AS valid_hours
FROM cemsflow.v_hourly_means
WHERE period_start >= toDateTime(concat({day}, ' 00:00:00'), 'Asia/Shanghai')
  AND period_start < toDateTime(concat({day}, ' 00:00:00'), 'Asia/Shanghai') + 86400
  AND pollutant = {pollutant}
  AND valid = 1
  AND point_id != ''
GROUP BY point_id, unit_id
ORDER BY worst_hourly_mean DESC
LIMIT 20
