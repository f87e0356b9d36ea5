-- One row per device, code and local calendar day (UTC+8); coverage_min = 60 x valid hours.
CREATE TABLE IF NOT EXISTS cemsflow.daily_means
(
    mn String,
    point_id String,
    unit_id String,
    pollutant String,
    period_start DateTime('Asia/Shanghai'),
    avg Nullable(Float64),
    min Nullable(Float64),
    max Nullable(Float64),
    zs_avg Nullable(Float64),
    coverage_min UInt16,
    valid UInt8,
    emission_kg Nullable(Float64),
    volume_m3 Nullable(Float64),
    revision UInt32
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(period_start)
ORDER BY (mn, pollutant, period_start)
