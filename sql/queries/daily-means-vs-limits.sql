-- Valid daily means of one local day against a limit per pollutant: the corrected mean for air
-- points that have one, else the measured mean. Limits are passed in as two parallel arrays
-- (pollutants and limits) because the reference data live in files / Kafka, not in ClickHouse.
-- Parameters: day ('YYYY-MM-DD'), pollutants (Array(String)), limits (Array(Float64)).
SELECT
    unit_id,
    point_id,
    pollutant,
    ifNull(zs_avg, avg) AS compared_mean,
    limit_value,
    round(compared_mean / limit_value, 3) AS ratio,
    compared_mean > limit_value AS over_limit,
    coverage_min / 60 AS valid_hours
FROM
(
    SELECT unit_id, point_id, pollutant, avg, zs_avg, coverage_min,
           arrayElement({limits:raw}, indexOf({pollutants:raw}, pollutant)) AS limit_value
    FROM cemsflow.daily_means FINAL
    WHERE toDate(period_start) = toDate({day})
      AND valid = 1
      AND has({pollutants:raw}, pollutant)
)
ORDER BY ratio DESC, unit_id, point_id
