-- Valid daily means of one local day against the limit in force for each point and pollutant
-- (dim_limits with averaging = 'day', through v_daily_means): the corrected mean for points with a
-- reference O2, else the measured one; the worst ratio first. Points without a daily limit are left out.
-- Parameters: day ('YYYY-MM-DD').
SELECT
    unit_id,
    unit_name,
    point_id,
    pollutant,
    pollutant_zh,
    compared_mean,
    limit_value,
    measure_unit,
    round(compared_mean / limit_value, 3) AS ratio,
    over_limit,
    coverage_min / 60 AS valid_hours
FROM cemsflow.v_daily_means
WHERE period_start >= toDateTime(concat({day}, ' 00:00:00'), 'Asia/Shanghai')
  AND period_start < toDateTime(concat({day}, ' 00:00:00'), 'Asia/Shanghai') + 86400
  AND valid = 1
  AND isNotNull(limit_value)
ORDER BY ratio DESC, unit_id, point_id
