-- Permit use per unit, pollutant, year and month (read with FINAL): the month's measured and
-- substituted mass, the year to date, the permit in force and ratio = year-to-date / permit.
CREATE TABLE IF NOT EXISTS cemsflow.quota_usage
(
    unit_id String,
    pollutant String,
    year UInt16,
    month UInt8,
    measured_kg Float64,
    substituted_kg Float64,
    ytd_emitted_kg Float64,
    ytd_substituted_kg Float64,
    permitted_kg Nullable(Float64),
    ratio Nullable(Float64),
    version UInt32
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (unit_id, pollutant, year, month)
