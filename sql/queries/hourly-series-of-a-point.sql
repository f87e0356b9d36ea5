-- The hourly series of one monitoring point and pollutant over a period, final values only, with
-- the limit in force each hour and whether the compared mean is over it.
-- Parameters: point_id, pollutant, from, to (local times 'YYYY-MM-DD hh:mm:ss').
SELECT
    period_start,
    avg,
    zs_avg,
    min,
    max,
    coverage_min,
    valid,
    volume_m3,
    emission_kg,
    limit_value,
    over_limit
FROM cemsflow.v_hourly_means
WHERE point_id = {point_id}
  AND pollutant = {pollutant}
  AND period_start >= toDateTime({from}, 'Asia/Shanghai')
  AND period_start < toDateTime({to}, 'Asia/Shanghai')
ORDER BY period_start
