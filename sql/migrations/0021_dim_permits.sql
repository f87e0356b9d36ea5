-- Dimension: the permitted annual emission quantities (排污许可量) by unit, pollutant and year, kg.
CREATE TABLE IF NOT EXISTS cemsflow.dim_permits
(
    unit_id String,
    pollutant String,
    year UInt16,
    permitted_kg Float64,
    valid_from Nullable(DateTime('Asia/Shanghai')),
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (unit_id, pollutant, year)
