-- The worst points of a local day: per pollutant, the 20 points with the highest hourly mean
-- (corrected where available) among valid hours, with the hour it happened.
-- Parameters: day ('YYYY-MM-DD'), pollutant.
SELECT
    point_id,
    unit_id,
    max(ifNull(zs_avg, avg)) AS worst_hourly_mean,
    argMax(period_start, ifNull(zs_avg, avg)) AS worst_hour,
    round(avg(ifNull(zs_avg, avg)), 3) AS mean_of_valid_hours,
    count() AS valid_hours
FROM cemsflow.hourly_means FINAL
WHERE toDate(period_start) = toDate({day})
  AND pollutant = {pollutant}
  AND valid = 1
  AND point_id != ''
GROUP BY point_id, unit_id
ORDER BY worst_hourly_mean DESC
LIMIT 20
