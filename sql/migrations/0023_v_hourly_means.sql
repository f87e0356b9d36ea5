-- Analyst view: hourly means with the unit's name, the pollutant's names and unit of measure, and the
-- limit in force in the period (dim_limits with averaging = 'hour': the one with the latest
-- valid_from at or before the period's start); compared_mean is the O2-corrected mean where the
-- point has a reference O2, else the measured one, as the exceedance rules compare.
-- (ClickHouse 18.16 takes one JOIN per SELECT: the dimensions join one level at a time.)
CREATE VIEW IF NOT EXISTS cemsflow.v_hourly_means AS
SELECT
    unit_id, unit_name, point_id, mn, pollutant, pollutant_zh, pollutant_en, measure_unit, period_start,
    avg, min, max, zs_avg, coverage_min, valid, emission_kg, volume_m3, o2_ref,
    if(isNull(o2_ref), avg, zs_avg) AS compared_mean,
    indexOf(limit_froms, arrayReduce('max', arrayFilter(f -> f <= period_start, limit_froms))) AS limit_index,
    if(limit_index = 0, NULL, arrayElement(limit_values, limit_index)) AS limit_value,
    compared_mean > limit_value AS over_limit
FROM
(
    SELECT *
    FROM
    (
        SELECT *
        FROM
        (
            SELECT *
            FROM (SELECT mn, point_id, unit_id, pollutant, period_start, avg, min, max, zs_avg, coverage_min, valid,
                         emission_kg, volume_m3 FROM cemsflow.hourly_means FINAL)
            ANY LEFT JOIN (SELECT unit_id, unit_name FROM cemsflow.dim_units FINAL) USING unit_id
        )
        ANY LEFT JOIN (SELECT code AS pollutant, name_zh AS pollutant_zh, name_en AS pollutant_en, unit AS measure_unit
                       FROM cemsflow.dim_pollutants FINAL) USING pollutant
    )
    ANY LEFT JOIN (SELECT point_id, o2_ref FROM cemsflow.dim_points FINAL WHERE removed = 0) USING point_id
)
ANY LEFT JOIN
(
    SELECT point_id, pollutant, groupArray(valid_from) AS limit_froms, groupArray(limit_value) AS limit_values
    FROM cemsflow.dim_limits FINAL
    WHERE averaging = 'hour' AND removed = 0
    GROUP BY point_id, pollutant
) USING (point_id, pollutant)
